namespace Emis.Enrollment.Learners;

public enum LearnerStatus
{
    /// <summary>Known to Emis, never enrolled.</summary>
    Registered,
    Enrolled,
    Withdrawn,
    Graduated,
    Deceased,

    /// <summary>Registered by an import the ministry reverted (adr/0026): kept for the audit trail, takes no commands.</summary>
    Reverted,
}

/// <summary>Where a learner is (or was) for one school year.</summary>
public sealed record Placement(
    string SchoolYear, Guid SchoolId, string SchoolCode, string Municipality, int Grade, string Section, bool Active, YearEndOutcome? Outcome,
    bool OutcomeFromMarks = false);

/// <summary>The write model of one learner: only what the commands decide on. Built from the events, never stored.</summary>
public sealed record Learner(Guid Id, DateOnly BirthDate, LearnerStatus Status, IReadOnlyDictionary<string, Placement> Years)
{
    /// <summary>The placement of the latest school year the learner was enrolled in.</summary>
    public Placement? Latest => Years.Count == 0 ? null : Years.MaxBy(y => y.Key, StringComparer.Ordinal).Value;

    public Placement? ActiveIn(string schoolYear) => Years.TryGetValue(schoolYear, out var p) && p.Active ? p : null;

    public static Learner Create(LearnerRegistered e) => new(e.LearnerId, e.BirthDate, LearnerStatus.Registered, new Dictionary<string, Placement>());

    public Learner Apply(LearnerEnrolled e) => this with
    {
        Status = LearnerStatus.Enrolled,
        Years = With(e.SchoolYear, new Placement(e.SchoolYear, e.SchoolId, e.SchoolCode, e.Municipality, e.Grade, e.Section, true, null)),
    };

    public Learner Apply(LearnerTransferred e) => this with
    {
        Years = With(e.SchoolYear, Years[e.SchoolYear] with
        {
            SchoolId = e.ToSchoolId,
            SchoolCode = e.ToSchoolCode,
            Municipality = e.ToMunicipality,
            Grade = e.Grade,
            Section = e.Section,
        }),
    };

    public Learner Apply(LearnerWithdrawn e) => this with
    {
        // Leaving an earlier year leaves today's status alone; death is final whatever the year it is recorded in.
        Status = e.Reason == WithdrawalReason.Deceased ? LearnerStatus.Deceased
            : Latest?.SchoolYear == e.SchoolYear ? LearnerStatus.Withdrawn : Status,
        Years = With(e.SchoolYear, Years[e.SchoolYear] with { Active = false }),
    };

    public Learner Apply(YearEndOutcomeRecorded e) => this with
    {
        Status = e.Outcome == YearEndOutcome.Graduated ? LearnerStatus.Graduated
            : Status == LearnerStatus.Graduated ? LearnerStatus.Enrolled : Status,
        Years = With(e.SchoolYear, Years[e.SchoolYear] with { Outcome = e.Outcome, OutcomeFromMarks = e.FromMarks }),
    };

    public Learner Apply(LearnerEnrollmentReverted e) => this with
    {
        Years = With(e.SchoolYear, Years[e.SchoolYear] with { Active = false }),
    };

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE0060", Justification = "Marten applies events by their parameter's type.")]
    public Learner Apply(LearnerRegistrationReverted e) => this with { Status = LearnerStatus.Reverted };

    private Dictionary<string, Placement> With(string year, Placement placement) => new(Years) { [year] = placement };
}
