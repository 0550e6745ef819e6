namespace Emis.Staffing.Staff;

/// <summary>A contract as the commands decide on it.</summary>
public sealed record Post(
    Guid ContractId, Guid SchoolId, string SchoolCode, string Municipality, StaffRole Role, EducationLevel Level, ContractType Type,
    decimal Fte, DateOnly StartsOn, DateOnly? EndsOn, IReadOnlyList<(DateOnly From, DateOnly To)> Leaves);

/// <summary>A teaching assignment as the commands decide on it.</summary>
public sealed record Assignment(Guid AssignmentId, Guid SchoolId, string SchoolYear, int Grade, string Section, string Subject, bool Homeroom);

/// <summary>The write model of one member of staff: only what the commands decide on. Built from the events, never stored.</summary>
public sealed record StaffMember(
    Guid Id,
    DateOnly BirthDate,
    IReadOnlyDictionary<Guid, Post> Posts,
    IReadOnlyDictionary<Guid, Assignment> Assignments)
{
    /// <summary>Full-time equivalents across the current contracts.</summary>
    public decimal Fte => Posts.Values.Sum(p => p.Fte);

    public Post? PostAt(Guid schoolId) => Posts.Values.FirstOrDefault(p => p.SchoolId == schoolId);

    public static StaffMember Create(StaffMemberRegistered e) =>
        new(e.StaffId, e.BirthDate, new Dictionary<Guid, Post>(), new Dictionary<Guid, Assignment>());

    public StaffMember Apply(StaffDetailsCorrected e) => this with { BirthDate = e.BirthDate };

    public StaffMember Apply(ContractStarted e) => this with
    {
        Posts = new Dictionary<Guid, Post>(Posts)
        {
            [e.ContractId] = new(e.ContractId, e.SchoolId, e.SchoolCode, e.Municipality, e.Role, e.Level, e.Type, e.Fte, e.StartsOn, e.EndsOn, []),
        },
    };

    public StaffMember Apply(ContractEnded e)
    {
        var posts = new Dictionary<Guid, Post>(Posts);
        posts.Remove(e.ContractId);
        return this with { Posts = posts };
    }

    public StaffMember Apply(LeaveRecorded e) => !Posts.TryGetValue(e.ContractId, out var post) ? this : this with
    {
        Posts = new Dictionary<Guid, Post>(Posts) { [e.ContractId] = post with { Leaves = [.. post.Leaves, (e.From, e.To)] } },
    };

    public StaffMember Apply(TeachingAssigned e) => this with
    {
        Assignments = new Dictionary<Guid, Assignment>(Assignments)
        {
            [e.AssignmentId] = new(e.AssignmentId, e.SchoolId, e.SchoolYear, e.Grade, e.Section, e.Subject, e.Homeroom),
        },
    };

    public StaffMember Apply(TeachingAssignmentEnded e)
    {
        var assignments = new Dictionary<Guid, Assignment>(Assignments);
        assignments.Remove(e.AssignmentId);
        return this with { Assignments = assignments };
    }
}
