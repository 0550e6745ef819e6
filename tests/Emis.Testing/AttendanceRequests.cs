using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Testing;

/// <summary>
/// Attendance over GraphQL for tests: the record and correct mutations, and their inputs for a class of grade 3, section
/// A (the class every attendance test takes) in the school year <see cref="LearnerRequests.Year"/>.
/// </summary>
public static class AttendanceRequests
{
    public const string Record = """
        mutation($input: RecordAttendanceInput!) {
          recordAttendance(input: $input) { day { date marks { learnerId status } } errors { code field message } }
        }
        """;

    public const string Correct = """
        mutation($input: CorrectAttendanceInput!) {
          correctAttendance(input: $input) { day { marks { learnerId status } } errors { code field message } }
        }
        """;

    /// <summary>The variables of <see cref="Record"/>: one day of the class, a status per learner.</summary>
    public static object Day(string schoolId, string date, params (JsonObject Learner, string Status)[] marks) => new
    {
        input = new
        {
            schoolId,
            schoolYear = LearnerRequests.Year,
            grade = 3,
            section = "A",
            date,
            marks = marks.Select(m => new { learnerId = m.Learner.Id(), status = m.Status }),
        },
    };

    /// <summary>The variables of <see cref="Correct"/>: one learner's mark of one day, changed for a reason.</summary>
    public static object Correction(string schoolId, string date, JsonObject learner, string status, string reason) => new
    {
        input = new
        {
            schoolId,
            schoolYear = LearnerRequests.Year,
            grade = 3,
            section = "A",
            date,
            learnerId = learner.Id(),
            status,
            reason,
        },
    };

    /// <summary>Records one day of the class as the caller; the whole payload comes back (its errors unchecked).</summary>
    public static Task<JsonObject> RecordAttendanceAsync(this EmisHostFixture host, Caller caller, string schoolId, string date,
        params (JsonObject Learner, string Status)[] marks) =>
        host.MutateAsync(caller, Record, Day(schoolId, date, marks), "recordAttendance");

    /// <summary>Corrects one learner's mark of one day as the caller; the whole payload comes back (its errors unchecked).</summary>
    public static Task<JsonObject> CorrectAttendanceAsync(this EmisHostFixture host, Caller caller, string schoolId, string date,
        JsonObject learner, string status, string reason) =>
        host.MutateAsync(caller, Correct, Correction(schoolId, date, learner, status, reason), "correctAttendance");
}
