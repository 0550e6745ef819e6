using Emis.Platform.GraphQL;
using System.Globalization;
using Emis.Enrollment.Contracts;
using Emis.Staffing.Standards;

namespace Emis.Staffing.Figures;

/// <summary>What staff figures can be grouped by.</summary>
public enum StaffDimension
{
    Municipality,
    School,
    Level,
    Sex,
    Role,
    ContractType,
    Qualified,
    Trained,
    AgeBand,
}

/// <summary>Narrows staff figures. Categorical values are CONSTANT_CASE (ISCED1, FEMALE, TEACHER, FIXED_TERM).</summary>
public sealed record StaffStatisticsFilter(
    string? Municipality = null, Guid? SchoolId = null, string? Level = null, string? Sex = null, string? Role = null, string? ContractType = null)
{
    public static readonly StaffStatisticsFilter None = new();
}

/// <summary>One state of a post (a contract) as of the figures' sequence number, with its member of staff's attributes.</summary>
public sealed record StaffPost(
    Guid StaffId, Guid SchoolId, string SchoolCode, string Municipality, string Level, string Role, string ContractType, decimal Fte,
    string Sex, DateOnly BirthDate, int HighestQualification, bool Certified, bool PreService, decimal InServiceHours);

/// <summary>One row of staff figures: the values of the grouped dimensions (null for the others) and the figures.</summary>
public sealed record StaffStatisticsRow(
    string? Municipality, Guid? SchoolId, string? SchoolCode, string? Level, string? Sex, string? Role, string? ContractType, string? Qualified,
    string? Trained, string? AgeBand,
    int Headcount, decimal Fte, int Teachers, decimal TeachersFte, int TrainedTeachers, int QualifiedTeachers, long? Learners,
    Figure Ptr, Figure PtrFte, Figure Pttr, Figure Pqtr, Figure TrainedPercent, Figure QualifiedPercent);

/// <summary>Staff figures as of <see cref="Sequence"/> (asking again with it as asOfSequence gives the same rows).</summary>
public sealed record StaffStatistics(string SchoolYear, DateTimeOffset? AsOf, long Sequence, IReadOnlyList<StaffStatisticsRow> Rows);

/// <summary>
/// The figures, computed from the posts, the standards in force and the learners (a pure function, adr/0020): headcount
/// and FTE; teachers and trained/qualified teachers by the standard of the post's level; pupil–teacher ratios (UIS).
/// </summary>
public static class StaffFigures
{
    public const string Yes = "YES";
    public const string No = "NO";
    public const string Unknown = "UNKNOWN";
    public const string NotApplicable = "NOT_APPLICABLE";

    private const string Teacher = "TEACHER";

    /// <summary>Without standards for a level, its grades: ISCED0 grade 0, ISCED1 1–5, ISCED2 6–9, ISCED3 10–13.</summary>
    private static readonly (string Level, int First, int Last)[] DefaultGrades =
        [("ISCED0", 0, 0), ("ISCED1", 1, 5), ("ISCED2", 6, 9), ("ISCED3", 10, 13)];

    private static readonly StaffDimension[] PupilDimensions = [StaffDimension.Municipality, StaffDimension.School, StaffDimension.Level];

    /// <summary>The level of a grade: by the standards' grade ranges, else by the default ones; null when none has it.</summary>
    public static string? LevelOf(int grade, IReadOnlyList<LevelStandard> standards) =>
        standards.FirstOrDefault(s => s.FirstGrade <= grade && grade <= s.LastGrade) is { } s ? Constant.Of(s.Level)
        : DefaultGrades.Where(d => standards.All(s => Constant.Of(s.Level) != d.Level)).FirstOrDefault(d => d.First <= grade && grade <= d.Last)
            .Level;

    public static string AgeBand(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year - (day < birth.AddYears(day.Year - birth.Year) ? 1 : 0);
        return age switch
        {
            < 30 => "UNDER_30",
            < 40 => "FROM_30_TO_39",
            < 50 => "FROM_40_TO_49",
            < 60 => "FROM_50_TO_59",
            _ => "FROM_60",
        };
    }

    /// <summary>Whether a teacher's post is qualified and trained by the standard of its level (null: no standard for the level).</summary>
    public static (bool? Qualified, bool? Trained) Status(StaffPost post, IReadOnlyList<LevelStandard> standards) =>
        standards.FirstOrDefault(s => Constant.Of(s.Level) == post.Level) is { } standard
            ? (TeacherStatuses.IsQualified(standard, post.HighestQualification, post.Certified),
                TeacherStatuses.IsTrained(standard, post.PreService, post.InServiceHours))
            : (null, null);

    public static IReadOnlyList<StaffStatisticsRow> Compute(IReadOnlyList<StaffPost> posts, IReadOnlyList<LevelStandard> standards,
        IReadOnlyList<EnrolledLearnerCount> learners, IReadOnlyList<StaffDimension> groupBy, StaffStatisticsFilter filter, DateOnly day)
    {
        var dims = groupBy.Distinct().ToHashSet();
        static string? Yn(bool? b) => b is { } v ? (v ? Yes : No) : Unknown;
        var keyed = posts.Select(p =>
        {
            var (q, t) = Status(p, standards);
            var teacher = p.Role == Teacher;
            var key = new Key(
                dims.Contains(StaffDimension.Municipality) ? p.Municipality : null,
                dims.Contains(StaffDimension.School) ? p.SchoolId : null,
                dims.Contains(StaffDimension.School) ? p.SchoolCode : null,
                dims.Contains(StaffDimension.Level) ? p.Level : null,
                dims.Contains(StaffDimension.Sex) ? p.Sex : null,
                dims.Contains(StaffDimension.Role) ? p.Role : null,
                dims.Contains(StaffDimension.ContractType) ? p.ContractType : null,
                dims.Contains(StaffDimension.Qualified) ? (teacher ? Yn(q) : NotApplicable) : null,
                dims.Contains(StaffDimension.Trained) ? (teacher ? Yn(t) : NotApplicable) : null,
                dims.Contains(StaffDimension.AgeBand) ? AgeBand(p.BirthDate, day) : null);
            return (Key: key, Post: p, Qualified: q, Trained: t);
        }).ToList();

        // Pupils are counted by municipality, school and level only (never by a member of staff's attribute).
        var notByPupils = dims.Where(d => !PupilDimensions.Contains(d)).Select(Constant.Of).ToList();
        if (filter.Sex is not null) notByPupils.Add("SEX (filter)");
        if (filter.Role is not null) notByPupils.Add("ROLE (filter)");
        if (filter.ContractType is not null) notByPupils.Add("CONTRACT_TYPE (filter)");
        var pupilReason = notByPupils.Count > 0 ? $"pupil ratios are not disaggregated by {string.Join(", ", notByPupils)}" : null;
        var pupils = new Dictionary<Key, long>();
        if (pupilReason is null)
        {
            foreach (var l in learners)
            {
                var level = LevelOf(l.Grade, standards);
                if (filter.Municipality is { } m && l.Municipality != m) continue;
                if (filter.SchoolId is { } s && l.SchoolId != s) continue;
                if (filter.Level is { } fl && level != fl) continue;
                if (dims.Contains(StaffDimension.Level) && level is null) continue;
                var key = new Key(dims.Contains(StaffDimension.Municipality) ? l.Municipality : null,
                    dims.Contains(StaffDimension.School) ? l.SchoolId : null, dims.Contains(StaffDimension.School) ? l.SchoolCode : null,
                    dims.Contains(StaffDimension.Level) ? level : null, null, null, null, null, null, null);
                pupils[key] = pupils.GetValueOrDefault(key) + l.Count;
            }
        }

        var keys = keyed.Select(k => k.Key).Concat(pupils.Keys).Distinct().ToList();
        if (dims.Count == 0 && keys.Count == 0) keys.Add(new Key(null, null, null, null, null, null, null, null, null, null));
        return [.. keys.OrderBy(k => k.ToString(), StringComparer.Ordinal).Select(key =>
        {
            var group = keyed.Where(k => k.Key == key).ToList();
            var teachers = group.Where(k => k.Post.Role == Teacher).ToList();
            var headcount = group.Select(k => k.Post.StaffId).Distinct().Count();
            var teacherCount = teachers.Select(k => k.Post.StaffId).Distinct().Count();
            var teachersFte = teachers.Sum(k => k.Post.Fte);
            var trained = teachers.Where(k => k.Trained == true).Select(k => k.Post.StaffId).Distinct().Count();
            var qualified = teachers.Where(k => k.Qualified == true).Select(k => k.Post.StaffId).Distinct().Count();
            var unknownLevels = teachers.Where(k => k.Qualified is null).Select(k => k.Post.Level).Distinct().Order(StringComparer.Ordinal).ToList();
            var standardsReason = unknownLevels.Count > 0 ? $"no teacher standards for {string.Join(", ", unknownLevels)}" : null;
            long? learnerCount = pupilReason is null ? pupils.GetValueOrDefault(key) : null;
            return new StaffStatisticsRow(key.Municipality, key.SchoolId, key.SchoolCode, key.Level, key.Sex, key.Role, key.ContractType,
                key.Qualified, key.Trained, key.AgeBand, headcount, group.Sum(k => k.Post.Fte), teacherCount, teachersFte, trained, qualified,
                learnerCount,
                Ratio(learnerCount, teacherCount, pupilReason, null, "no teachers"),
                Ratio(learnerCount, teachersFte, pupilReason, null, "no teachers (FTE)"),
                Ratio(learnerCount, trained, pupilReason, standardsReason, "no trained teachers"),
                Ratio(learnerCount, qualified, pupilReason, standardsReason, "no qualified teachers"),
                Percent(trained, teacherCount, standardsReason),
                Percent(qualified, teacherCount, standardsReason));
        })];
    }

    private static Figure Ratio(long? learners, decimal denominator, string? pupilReason, string? inputReason, string zero) =>
        pupilReason is not null ? new Figure(null, null, denominator, pupilReason)
        : inputReason is not null ? new Figure(null, learners, denominator, inputReason)
        : denominator == 0 ? new Figure(null, learners, denominator, zero)
        : new Figure(Math.Round(learners!.Value / denominator, 2, MidpointRounding.AwayFromZero), learners, denominator, null);

    private static Figure Percent(int numerator, int denominator, string? inputReason) =>
        inputReason is not null ? new Figure(null, numerator, denominator, inputReason)
        : denominator == 0 ? new Figure(null, numerator, denominator, "no teachers")
        : new Figure(Math.Round(100m * numerator / denominator, 2, MidpointRounding.AwayFromZero), numerator, denominator, null);

    private sealed record Key(string? Municipality, Guid? SchoolId, string? SchoolCode, string? Level, string? Sex, string? Role,
        string? ContractType, string? Qualified, string? Trained, string? AgeBand)
    {
        public override string ToString() => string.Join('|', Municipality, SchoolCode, SchoolId?.ToString("N", CultureInfo.InvariantCulture), Level,
            Sex, Role, ContractType, Qualified, Trained, AgeBand);
    }
}
