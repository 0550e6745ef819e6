using System.Globalization;
using Emis.Platform.EventLog;
using Emis.Platform.Events;

namespace Emis.Enrollment.Attendance;

public enum AttendanceStatus
{
    Present,
    Absent,
    Excused,
    Remote,
}

/// <summary>One learner's mark on one day.</summary>
public sealed record AttendanceMark(Guid LearnerId, AttendanceStatus Status);

/// <summary>A class's attendance for one day, recorded in one go. Carries ids only, never names.</summary>
public sealed record AttendanceRecorded(
    Guid ClassDayId,
    Guid SchoolId,
    string SchoolCode,
    string Municipality,
    string SchoolYear,
    int Grade,
    string Section,
    DateOnly Date,
    IReadOnlyList<AttendanceMark> Marks);

/// <summary>One learner's mark changed after the fact; the reason is required.</summary>
/// <param name="Reason">Free text about one child's absence (it may name an illness): withheld from callers without personal data.</param>
[AboutPerson]
public sealed record AttendanceCorrected(Guid ClassDayId, Guid LearnerId, AttendanceStatus From, AttendanceStatus To,
    [PersonalData(PersonalDataHandling.Withhold)] string Reason);

/// <summary>The write model of one class-day: the marks as they stand.</summary>
public sealed record ClassDay(Guid Id, Guid SchoolId, DateOnly Date, IReadOnlyDictionary<Guid, AttendanceStatus> Marks)
{
    public static ClassDay Create(AttendanceRecorded e) =>
        new(e.ClassDayId, e.SchoolId, e.Date, e.Marks.ToDictionary(m => m.LearnerId, m => m.Status));

    public ClassDay Apply(AttendanceCorrected e) => this with { Marks = new Dictionary<Guid, AttendanceStatus>(Marks) { [e.LearnerId] = e.To } };

    /// <summary>
    /// A class-day's stream id is derived from what identifies it, so that two teachers recording the same day at
    /// the same moment collide on the stream itself instead of recording it twice.
    /// </summary>
    public static Guid IdFor(string jurisdiction, Guid schoolId, string schoolYear, int grade, string section, DateOnly date) =>
        NameBasedGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture,
            $"{jurisdiction.ToLowerInvariant()}/attendance/{schoolId:N}/{schoolYear}/{grade}/{section.ToUpperInvariant()}/{date:yyyy-MM-dd}"));

    private static readonly Guid Namespace = new("2b8f0c5d-1e7a-4f4b-8f61-93a0d2c7e5b4");
}
