using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>
/// Reproducible figures: every statistics answer carries the event sequence number it was computed at, and asking
/// again as of that number gives the very same answer, whatever happened since.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TimeTravelTests(EmisHostFixture host)
{
    private const string Enrollment = """
        query($groupBy: [StatisticsDimension!]!, $asOf: DateTimeOffset, $asOfSequence: Long) {
          enrollmentStatistics(groupBy: $groupBy, schoolYear: "2025/2026", asOf: $asOf, asOfSequence: $asOfSequence) {
            schoolYear asOf sequence total rows { municipality schoolCode grade section sex count }
          }
        }
        """;

    private const string Attendance = """
        query($groupBy: [StatisticsDimension!]!, $asOf: DateTimeOffset, $asOfSequence: Long) {
          attendanceStatistics(groupBy: $groupBy, schoolYear: "2025/2026", asOf: $asOf, asOfSequence: $asOfSequence) {
            schoolYear asOf sequence rows { day sex marks present absent excused remote rate }
          }
        }
        """;

    /// <summary>The response body exactly as the server sent it.</summary>
    private async Task<string> RawAsync(Caller caller, string query, object variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"errors\"", body, StringComparison.Ordinal);
        return body;
    }

    private static long SequenceOf(string body, string field) => JsonNode.Parse(body)!["data"]![field]!["sequence"]!.GetValue<long>();

    private const string ByCheckpoint = """
        query($checkpoint: String) {
          enrollmentStatistics(groupBy: [SCHOOL, SEX], schoolYear: "2025/2026", checkpoint: $checkpoint) {
            schoolYear asOf sequence total rows { municipality schoolCode grade section sex count }
          }
        }
        """;

    [Fact]
    public async Task figures_asked_by_a_named_checkpoint_are_those_of_its_sequence_whatever_happened_since()
    {
        var j = new Jurisdiction();
        var prizren = await host.SchoolAsync(j, "P-1", "Prizren");
        var first = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Arta", sex: "FEMALE"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Besnik"));

        var named = (await host.DataAsync(j.Analyst, AuditTrailQueries.NameCheckpoint,
            new { input = new { name = "census day 2025-09-30" } }))["nameCheckpoint"]!;
        Assert.Empty(named["errors"]!.AsArray());
        var census = named["checkpoint"]!["sequence"]!.GetValue<long>();
        var then = await RawAsync(j.Analyst, Enrollment, new { groupBy = new[] { "SCHOOL", "SEX" }, asOfSequence = census });

        // After the census day: one more learner, one withdrawn.
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Çlirim"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = first.Id(), schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD" } }, "withdrawLearner"));

        var byName = await RawAsync(j.Teacher("P-1") with { Role = Roles.SchoolAdmin }, ByCheckpoint, new { checkpoint = "census day 2025-09-30" });
        var byNameAnalyst = await RawAsync(j.Analyst, ByCheckpoint, new { checkpoint = "census day 2025-09-30" });
        Assert.Equal(then.Replace("enrollmentStatistics", "x", StringComparison.Ordinal), byNameAnalyst.Replace(
            "enrollmentStatistics", "x", StringComparison.Ordinal));
        Assert.Equal(census, SequenceOf(byName, "enrollmentStatistics"));
        Assert.Equal(2, JsonNode.Parse(byNameAnalyst)!["data"]!["enrollmentStatistics"]!["total"]!.GetValue<int>());
        var live = JsonNode.Parse(await RawAsync(j.Analyst, ByCheckpoint, new { checkpoint = (string?)null }))!;
        Assert.Equal(2, live["data"]!["enrollmentStatistics"]!["total"]!.GetValue<int>());
        Assert.True(SequenceOf(live.ToJsonString(), "enrollmentStatistics") > census);

        var unknown = await host.GraphQLAsync(j.Analyst, ByCheckpoint, new { checkpoint = "no such day" });
        Assert.Equal("NOT_FOUND", unknown["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("checkpoint", unknown["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task figures_asked_as_of_their_sequence_come_back_byte_identical_however_many_events_arrive_since()
    {
        var j = new Jurisdiction();
        var prizren = await host.SchoolAsync(j, "P-1", "Prizren");
        var gjakova = await host.SchoolAsync(j, "P-2", "Gjakova");
        var a = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Arta", sex: "FEMALE"));
        var b = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Besnik"));
        var c = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Çlirim"));
        var teacher = await host.TeacherOfAsync(j, "P-1", prizren, (3, "A"));
        LearnerRequests.Ok(await host.RecordAttendanceAsync(teacher, prizren, "2025-10-01", (a, "PRESENT"), (b, "ABSENT"), (c, "PRESENT")));

        var bySchool = new { groupBy = new[] { "SCHOOL", "SEX" } };
        var byDay = new { groupBy = new[] { "DAY", "SEX" } };
        var enrollment = await RawAsync(j.Analyst, Enrollment, bySchool);
        var attendance = await RawAsync(j.Analyst, Attendance, byDay);
        var sequence = SequenceOf(enrollment, "enrollmentStatistics");
        Assert.True(sequence > 0);
        Assert.Equal(sequence, SequenceOf(attendance, "attendanceStatistics"));
        Assert.Contains("\"count\":2", enrollment, StringComparison.Ordinal);
        var instant = DateTimeOffset.UtcNow;
        // Time ordering under test, not a wait: the changes below must be stamped strictly after the instant asked about
        // (event times are cut to the microsecond), so the clock moves on first.
        await Task.Delay(20);

        // Everything that can change the figures: an enrolment, a transfer, a withdrawal, a correction, another day.
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(gjakova, first: "Dua", sex: "FEMALE"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Transfer,
            new
            {
                input = new { learnerId = a.Id(), schoolYear = LearnerRequests.Year, toSchoolId = gjakova, section = "A", reason = "family moved" },
            },
                "transferLearner"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = b.Id(), schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD" } }, "withdrawLearner"));
        LearnerRequests.Ok(await host.CorrectAttendanceAsync(teacher, prizren, "2025-10-01", c, "EXCUSED", "doctor's note"));
        LearnerRequests.Ok(await host.RecordAttendanceAsync(teacher, prizren, "2025-10-02", (c, "PRESENT")));

        var laterEnrollment = await RawAsync(j.Analyst, Enrollment, bySchool);
        var laterAttendance = await RawAsync(j.Analyst, Attendance, byDay);
        Assert.True(SequenceOf(laterEnrollment, "enrollmentStatistics") > sequence);
        Assert.True(SequenceOf(laterAttendance, "attendanceStatistics") > sequence);
        Assert.NotEqual(enrollment, laterEnrollment);
        Assert.NotEqual(attendance, laterAttendance);

        // As of the first answer's sequence: the same bytes.
        Assert.Equal(enrollment, await RawAsync(j.Analyst, Enrollment, new { bySchool.groupBy, asOfSequence = sequence }));
        Assert.Equal(attendance, await RawAsync(j.Analyst, Attendance, new { byDay.groupBy, asOfSequence = sequence }));
        // And a municipality officer asking as of that sequence sees the part of it in their scope.
        var officer = JsonNode.Parse(await RawAsync(j.Officer("Gjakova"), Enrollment, new { bySchool.groupBy, asOfSequence = sequence }))!;
        Assert.Empty(officer["data"]!["enrollmentStatistics"]!["rows"]!.AsArray());

        // asOf by instant still works, and gives the same rows as the sequence taken then.
        var asOf = JsonNode.Parse(await RawAsync(j.Analyst, Enrollment, new { bySchool.groupBy, asOf = instant }))!["data"]!["enrollmentStatistics"]!;
        Assert.Equal(JsonNode.Parse(enrollment)!["data"]!["enrollmentStatistics"]!["rows"]!.ToJsonString(), asOf["rows"]!.ToJsonString());
    }

    [Fact]
    public async Task a_sequence_that_has_not_happened_yet_is_refused_rather_than_answered_incompletely()
    {
        var j = new Jurisdiction();
        await host.SchoolAsync(j, "P-1", "Prizren");
        var now = SequenceOf(await RawAsync(j.Analyst, Enrollment, new { groupBy = new[] { "SCHOOL" } }), "enrollmentStatistics");
        var result = await host.GraphQLAsync(j.Analyst, Enrollment, new { groupBy = new[] { "SCHOOL" }, asOfSequence = now + 1_000_000_000 });
        Assert.Equal("SEQUENCE_NOT_SETTLED", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        var both = await host.GraphQLAsync(
            j.Analyst, Enrollment, new { groupBy = new[] { "SCHOOL" }, asOfSequence = now, asOf = DateTimeOffset.UtcNow });
        Assert.Equal("INVALID_ARGUMENT", both["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task imported_learners_carry_the_sequence_of_their_enrolment_and_travel_in_time_like_any_other()
    {
        var j = new Jurisdiction();
        await host.SchoolAsync(j, "SCH1023", "Prizren");
        var csv = "Mbiemri;Emri;Emri i prindit;Datëlindja;Gjinia;Shkolla;Klasa\n" +
                  "Krasniqi;Arben;Ilir;04.03.2013;M;SCH1023;6\n" +
                  "Hoxha;Elira;Shkëlzen;2012-01-02;F;SCH1023;6\n";
        var report = await ImportAsync(j, csv);
        var ids = report["results"]!.AsArray().Select(r => r!["learner"]!["learnerId"]!.GetValue<string>()).ToList();
        Assert.Equal(2, ids.Count);

        // Each spell's from_seq is the sequence number of the learner's enrolment event, written by COPY.
        await using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                select count(*) from emis.enr_spells s
                join emis.mt_events e on e.tenant_id = s.tenant_id and e.stream_id = s.learner_id and e.seq_id = s.from_seq
                where s.tenant_id = $1 and e.type = 'enrollment.learner_enrolled' and s.to_seq is null
                """, connection);
            command.Parameters.Add(new() { Value = j.Id });
            Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
        }

        var bySchool = new { groupBy = new[] { "SCHOOL" } };
        var before = await RawAsync(j.Analyst, Enrollment, bySchool);
        Assert.Contains("\"count\":2", before, StringComparison.Ordinal);
        var sequence = SequenceOf(before, "enrollmentStatistics");
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = ids[0], schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD" } }, "withdrawLearner"));
        Assert.Contains("\"count\":1", await RawAsync(j.Analyst, Enrollment, bySchool), StringComparison.Ordinal);
        Assert.Equal(before, await RawAsync(j.Analyst, Enrollment, new { bySchool.groupBy, asOfSequence = sequence }));
    }

    private async Task<JsonObject> ImportAsync(Jurisdiction j, string csv)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "learners.csv");
        form.Add(new StringContent(LearnerRequests.Year), "schoolYear");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/learners") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var report = JsonNode.Parse(text)!.AsObject();
        Assert.All(report["results"]!.AsArray(), r => Assert.Equal("imported", r!["status"]!.GetValue<string>()));
        return report;
    }
}
