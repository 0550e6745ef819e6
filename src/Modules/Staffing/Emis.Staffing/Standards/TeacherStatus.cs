using Emis.Staffing.Staff;
using Emis.Staffing.Staff.GettingStaff;

namespace Emis.Staffing.Standards;

/// <summary>Whether a teacher met the standards of the level they teach at, on a day; null when no standard says.</summary>
/// <param name="Reason">Why a status is unknown (no standard for the level), or null.</param>
public sealed record TeacherStatus(EducationLevel Level, bool? Qualified, bool? Trained, string? Reason);

/// <summary>
/// Qualified and trained, from a teacher's records and the jurisdiction's standards (see <see cref="LevelStandard"/>):
/// only records awarded, issued or completed on or before the day count.
/// </summary>
public static class TeacherStatuses
{
    public static bool IsQualified(LevelStandard standard, int highestQualification, bool certified) =>
        highestQualification >= standard.MinimumQualification && (!standard.CertificationRequired || certified);

    public static bool IsTrained(LevelStandard standard, bool preService, decimal inServiceHours) =>
        preService || (standard.MinimumInServiceHours is { } hours && inServiceHours >= hours);

    /// <summary>The status at each level the teacher has a contract at on the day, by the standards given.</summary>
    public static IReadOnlyList<TeacherStatus> Of(StaffProfile staff, IReadOnlyList<LevelStandard> standards, DateOnly day)
    {
        var levels = staff.Contracts.Where(c => c.StartsOn <= day && ((c.EndedOn ?? c.EndsOn) is not { } end || end >= day))
            .Select(c => c.Level).Distinct().Order().ToList();
        var highest = staff.Qualifications.Where(q => q.Year <= day.Year).Select(q => q.IscedLevel).DefaultIfEmpty(0).Max();
        var certified = staff.Certifications.Any(c => c.IssuedOn <= day);
        var trainings = staff.Trainings.Where(t => t.CompletedOn <= day).ToList();
        var preService = trainings.Any(t => t.Kind == TrainingKind.PreService);
        var inService = trainings.Where(t => t.Kind == TrainingKind.InService).Sum(t => t.Hours);
        return [.. levels.Select(level => standards.FirstOrDefault(s => s.Level == level) is { } standard
            ? new TeacherStatus(level, IsQualified(standard, highest, certified), IsTrained(standard, preService, inService), null)
            : new TeacherStatus(level, null, null, $"The jurisdiction has set no teacher standards for {level}."))];
    }
}
