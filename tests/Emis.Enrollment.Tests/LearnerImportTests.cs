using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Credentials.Identity;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.ImportLearners;
using Emis.Enrollment.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Marten;
using Npgsql;

namespace Emis.Enrollment.Tests;

/// <summary>The learner import end to end: real files through HTTP and the importer, on real PostgreSQL.</summary>
[Collection(HostCollection.Name)]
public sealed class LearnerImportTests(EmisHostFixture host)
{

    /// <summary>A jurisdiction with the 60 schools of the sample registry, all known to Enrollment.</summary>
    private async Task<Jurisdiction> JurisdictionWithSampleSchoolsAsync()
    {
        var j = new Jurisdiction();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/schools")
        {
            Content = new ByteArrayContent(await File.ReadAllBytesAsync(TestData.File("registry-sample.csv"))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));
        // Tracked: returns once every school's registration has reached the other modules.
        var status = await host.TrackedAsync(async () =>
        {
            using var response = await host.Http.SendAsync(request);
            return response.StatusCode;
        });
        Assert.Equal(HttpStatusCode.OK, status);

        await using var session = host.Service<IDocumentStore>().QuerySession(j.Id);
        Assert.Equal(60, await session.Query<EnrollmentSchool>().CountAsync());
        return j;
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(
        Caller caller, byte[] content, string fileName, string schoolYear = "2025/2026")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(schoolYear), "schoolYear");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/learners") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!text.StartsWith('{')) throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {text}");
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    private async Task<long> CountAsync(string sql, string tenant)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", "emis", StringComparison.Ordinal), connection);
        command.Parameters.Add(new() { Value = tenant });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Issue 21: with Prefer: respond-async the upload is answered 202 at once and the import runs on its own.</summary>
    [Fact]
    public async Task an_import_asked_to_respond_async_is_accepted_at_once_runs_on_and_leaves_no_file_behind()
    {
        var j = await JurisdictionWithSampleSchoolsAsync();
        var content = await File.ReadAllBytesAsync(TestData.File("learners-messy-sample.csv"));

        var (status, accepted, location) = await PostAsyncAsync(j.Admin, content, "sample.csv");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var importId = accepted["importId"]!.GetValue<string>();
        Assert.Equal($"/api/imports/learners/{importId}", location);
        Assert.Equal(location, accepted["location"]!.GetValue<string>());

        // A subscriber follows it to the end: statuses only move forward, rows written only grow, and the stream completes.
        await using (var ws = await WsClient.ConnectAsync(host, j.Admin))
        {
            await ws.SubscribeAsync("p", $$"""subscription { learnerImportProgress(id: "{{importId}}") { status rows rowsWritten } }""");
            var order = new[] { "QUEUED", ImportStatus.Running, ImportStatus.Completed };
            var (lastStatus, lastWritten) = (0, 0);
            while (true)
            {
                var message = await ws.ReceiveAsync();
                if (message["type"]!.GetValue<string>() == "complete") break;
                var p = message["payload"]!["data"]!["learnerImportProgress"]!;
                var at = Array.IndexOf(order, p["status"]!.GetValue<string>());
                Assert.True(at >= lastStatus && p["rowsWritten"]!.GetValue<int>() >= lastWritten, message.ToJsonString());
                (lastStatus, lastWritten) = (at, p["rowsWritten"]!.GetValue<int>());
            }
            Assert.Equal((2, 3000), (lastStatus, lastWritten));
        }

        // Polled as a client would, until it has run (the whole sample: 3,000 rows).
        JsonObject progress;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(200);
            progress = await GetAsync(j.Admin, location);
            Assert.Contains(progress["status"]!.GetValue<string>(), new[] { "QUEUED", ImportStatus.Running, ImportStatus.Completed });
        }
        while (progress["status"]!.GetValue<string>() != ImportStatus.Completed && waited.Elapsed < EmisHostFixture.Patience);
        Assert.Equal(ImportStatus.Completed, progress["status"]!.GetValue<string>());
        Assert.Equal(3000, progress["rowsWritten"]!.GetValue<int>());
        Assert.True(progress["summary"]!["imported"]!.GetValue<int>() > 2800);

        // The same as the import run while waiting: posting the file again returns its report, and the file is gone.
        var (again, report) = await PostAsync(j.Admin, content, "sample.csv");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(importId, report["importId"]!.GetValue<string>());
        Assert.Equal(progress["summary"]!.ToJsonString(), report["summary"]!.ToJsonString());
        Assert.Equal(0, await CountAsync("select count(*) from {schema}.imp_queue where tenant_id = $1", j.Id));

        // Another school's admin does not see it.
        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.SchoolAdmin("SCH9999")));
        using var hidden = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task a_queued_file_that_cannot_be_read_says_why_and_keeps_nothing_of_the_file()
    {
        var j = await JurisdictionWithSampleSchoolsAsync();
        var (status, accepted, location) = await PostAsyncAsync(j.Admin, "%PDF-1.7 a scan"u8.ToArray(), "scan.pdf");
        Assert.Equal(HttpStatusCode.Accepted, status);

        JsonObject progress;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(100);
            progress = await GetAsync(j.Admin, location);
        }
        while (progress["status"]!.GetValue<string>() == "QUEUED" && waited.Elapsed < EmisHostFixture.Patience);
        Assert.Equal("FAILED", progress["status"]!.GetValue<string>());
        Assert.StartsWith("UNSUPPORTED_FORMAT: scan.pdf is a PDF", progress["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("select count(*) from {schema}.imp_queue where tenant_id = $1 and content is not null", j.Id));
        Assert.Equal(accepted["importId"]!.GetValue<string>(), progress["importId"]!.GetValue<string>());
    }

    private async Task<(HttpStatusCode Status, JsonObject Body, string? Location)> PostAsyncAsync(Caller caller, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent("2025/2026"), "schoolYear");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/learners") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        request.Headers.Add("Prefer", "respond-async");
        using var response = await host.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), response.Headers.Location?.ToString());
    }

    private async Task<JsonObject> GetAsync(Caller caller, string? location)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task the_messy_sample_imports_to_the_accuracy_bar_every_row_reported_once_and_a_second_import_creates_nothing()
    {
        var j = await JurisdictionWithSampleSchoolsAsync();
        var content = await File.ReadAllBytesAsync(TestData.File("learners-messy-sample.csv"));

        var (status, report) = await PostAsync(j.Admin, content, "learners-messy-sample.csv");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3000, report["rows"]!.GetValue<int>());
        var results = report["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(Enumerable.Range(2, 3000), results.Select(r => r["row"]!.GetValue<int>()));
        var summary = report["summary"]!.AsObject();
        Assert.Equal(3000, summary.Sum(s => s.Value!.GetValue<int>()));

        var scored = results.Select(r =>
        {
            var l = r["learner"]?.AsObject();
            var eduId = r["status"]!.GetValue<string>() == RowStatus.Duplicate ? r["duplicateOf"]?["eduId"]?.GetValue<string>()
                : l?["eduId"]?.GetValue<string>();
            return new ScoredRow(r["row"]!.GetValue<int>(), r["status"]!.GetValue<string>(), eduId, l?["firstName"]?.GetValue<string>(),
                l?["parentName"]?.GetValue<string>(), l?["lastName"]?.GetValue<string>(),
                l?["birthDate"]?.GetValue<string>() is { } b ? DateOnly.Parse(b, System.Globalization.CultureInfo.InvariantCulture) : null,
                l?["sex"]?.GetValue<string>() switch { "F" => Sex.Female, "M" => Sex.Male, _ => null },
                l?["schoolCode"]?.GetValue<string>(), l?["grade"]?.GetValue<int?>());
        }).ToList();
        var score = ImportScore.Of(scored, TestData.File("learners-messy-sample.truth.json"));
        score.AssertBar();

        // Every imported learner has a well-formed EduID and an account name of the contract's shape, all different.
        var imported = results.Where(r => r["status"]!.GetValue<string>() == RowStatus.Imported).Select(r => r["learner"]!).ToList();
        Assert.All(imported, l => Assert.True(EduId.IsValid(l["eduId"]!.GetValue<string>())));
        Assert.Equal(imported.Count, imported.Select(l => l["eduId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(imported.Count, imported.Select(l => l["username"]!.GetValue<string>()).Distinct().Count());
        Assert.All(imported, l => Assert.Matches(@"^[a-z0-9-]+\.([a-z]\.)?[a-z0-9-]+\d*@[a-z0-9.-]+$", l["username"]!.GetValue<string>()));
        // Every rejected or held row says why.
        Assert.All(results.Where(r => r["status"]!.GetValue<string>() is RowStatus.Rejected or RowStatus.Review),
            r => Assert.NotEmpty(r["errors"]!.AsArray()));

        // The read models are ready: one profile per imported learner, the figures count them.
        var learners = await CountAsync("select count(*) from {schema}.mt_doc_learnerprofile where tenant_id = $1", j.Id);
        Assert.Equal(imported.Count, learners);
        Assert.Equal(imported.Count, await CountAsync("select coalesce(sum(count), 0) from {schema}.enr_counts where tenant_id = $1", j.Id));
        var events = await CountAsync("select count(*) from {schema}.mt_events where tenant_id = $1", j.Id);

        // The same file again: the same report, nothing new.
        var (again, second) = await PostAsync(j.Admin, content, "learners-messy-sample.csv");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(report["importId"]!.GetValue<string>(), second["importId"]!.GetValue<string>());
        Assert.Equal(summary.ToJsonString(), second["summary"]!.ToJsonString());
        Assert.Equal(learners, await CountAsync("select count(*) from {schema}.mt_doc_learnerprofile where tenant_id = $1", j.Id));
        Assert.Equal(events, await CountAsync("select count(*) from {schema}.mt_events where tenant_id = $1", j.Id));
    }

    [Fact]
    public async Task an_imported_learner_is_a_learner_like_any_other_queryable_counted_and_withdrawable()
    {
        var j = await JurisdictionWithSampleSchoolsAsync();
        var csv = "Mbiemri;Emri;Emri i prindit;Datëlindja;Gjinia;Shkolla;Klasa\n" +
                  "krasniqi;ARBEN;Ilir;04.03.2013;Mashkull;SHFMU \"Ismail Qemaji\" Prizren;Klasa 6\n" +
                  "Hoxha;Elira;Shkëlzen;2012-01-02;F;SCH1023;VI\n";
        var (status, report) = await PostAsync(j.Admin, Encoding.UTF8.GetBytes(csv), "two.csv");
        Assert.Equal(HttpStatusCode.OK, status);
        var first = report["results"]![0]!.AsObject();
        Assert.Equal(RowStatus.Imported, first["status"]!.GetValue<string>());
        Assert.Equal("Arben", first["learner"]!["firstName"]!.GetValue<string>());
        Assert.Equal("Krasniqi", first["learner"]!["lastName"]!.GetValue<string>());
        Assert.Equal("SCH1023", first["learner"]!["schoolCode"]!.GetValue<string>());
        Assert.Equal("arben.krasniqi@" + j.Id + ".emis.example", first["learner"]!["username"]!.GetValue<string>());
        Assert.Contains(first["corrections"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "school"
            && c["confidence"]!.GetValue<double>() is > 0.85 and < 1);

        var id = first["learner"]!["learnerId"]!.GetValue<string>();
        var learner = await host.DataAsync(
            j.Admin, "query($id: ID!) { learner(id: $id) { firstName status enrollment { schoolCode grade } } }", new { id });
        Assert.Equal("SCH1023", learner["learner"]!["enrollment"]!["schoolCode"]!.GetValue<string>());
        Assert.Equal(6, learner["learner"]!["enrollment"]!["grade"]!.GetValue<int>());

        var statistics = await host.StatisticsAsync(j.Admin, ["SCHOOL"]);
        Assert.Contains("schoolCode=SCH1023:2", LearnerRequests.Rows(statistics, "schoolCode"));

        var withdrawn = await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = id, schoolYear = "2025/2026", reason = "MOVED_ABROAD" } }, "withdrawLearner");
        LearnerRequests.Ok(withdrawn);
        statistics = await host.StatisticsAsync(j.Admin, ["SCHOOL"]);
        Assert.Contains("schoolCode=SCH1023:1", LearnerRequests.Rows(statistics, "schoolCode"));
    }

    [Fact]
    public async Task a_file_that_cannot_be_read_is_refused_with_one_clear_message_and_nothing_is_written()
    {
        var j = await JurisdictionWithSampleSchoolsAsync();

        var (pdf, pdfBody) = await PostAsync(j.Admin, Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "scan.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, pdf);
        Assert.Equal("UNSUPPORTED_FORMAT", pdfBody["title"]!.GetValue<string>());
        Assert.Contains("PDF", pdfBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var (empty, emptyBody) = await PostAsync(j.Admin, [], "empty.csv");
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal("EMPTY_FILE", emptyBody["title"]!.GetValue<string>());

        var (missing, missingBody) = await PostAsync(j.Admin, Encoding.UTF8.GetBytes("Emri;Mbiemri;Shkolla\nArben;Krasniqi;SCH1023\n"), "short.csv");
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("MISSING_COLUMNS", missingBody["title"]!.GetValue<string>());
        Assert.Contains("birth date", missingBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(0, await CountAsync("select count(*) from {schema}.mt_doc_learnerprofile where tenant_id = $1", j.Id));
        Assert.Equal(0, await CountAsync("select count(*) from {schema}.imp_rows where tenant_id = $1", j.Id));
    }

    [Fact]
    public async Task a_school_admin_imports_only_into_their_school_and_a_teacher_not_at_all()
    {
        var j = await JurisdictionWithSampleSchoolsAsync();
        var csv = "Surname,Name,Parent name,Date of birth,Sex,School,Grade\n" +
                  "Delić,Hana,Edin,2015-05-01,F,SCH1001,4\n" +
                  "Zukić,Ilma,Adnan,2016-06-02,F,SCH1049,3\n";
        var (status, report) = await PostAsync(j.SchoolAdmin("SCH1001"), Encoding.UTF8.GetBytes(csv), "mine.csv");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(RowStatus.Imported, report["results"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(RowStatus.Rejected, report["results"]![1]!["status"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", report["results"]![1]!["errors"]![0]!["code"]!.GetValue<string>());

        var (teacher, _) = await PostAsync(j.Teacher("SCH1001"), Encoding.UTF8.GetBytes(csv), "mine.csv");
        Assert.Equal(HttpStatusCode.Forbidden, teacher);
    }

    [Fact]
    public async Task an_import_interrupted_after_its_first_batch_resumes_from_there_when_the_file_is_imported_again()
    {
        var j = await JurisdictionWithSampleSchoolsAsync();
        var content = await File.ReadAllBytesAsync(TestData.File("learners-messy-sample.csv"));
        var importer = host.Service<LearnerImporter>();
        var context = new CommandContext(j.Id, "test", Sources.Import, "resume-test");
        using var crash = new CancellationTokenSource();

        // The "crash": cancelled as soon as the first batch has committed.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => importer.ImportAsync(
            new LearnerImportRequest("learners.csv", content, "2025/2026", context), crash.Token, new SyncProgress(_ => crash.Cancel())));
        var written = await CountAsync("select count(*) from {schema}.imp_rows where tenant_id = $1", j.Id);
        Assert.Equal(LearnerImporter.BatchRows, written);
        var learnersAfterCrash = await CountAsync("select count(*) from {schema}.mt_doc_learnerprofile where tenant_id = $1", j.Id);
        Assert.True(learnersAfterCrash > 0);

        var report = await importer.ImportAsync(new LearnerImportRequest("learners.csv", content, "2025/2026", context), CancellationToken.None);

        Assert.Equal(ImportStatus.Completed, report.Status);
        Assert.Equal(3000, report.Results.Count);
        Assert.Equal(report.Summary.Imported, await CountAsync("select count(*) from {schema}.mt_doc_learnerprofile where tenant_id = $1", j.Id));
        Assert.Equal(report.Summary.Imported, await CountAsync(
            "select count(*) from {schema}.cred_identifiers where tenant_id = $1 and kind = 'eduid'", j.Id));
        var eduIds = report.Results.Where(r => r.Status == RowStatus.Imported).Select(r => r.Learner!.EduId).ToList();
        Assert.Equal(eduIds.Count, eduIds.Distinct().Count());
        // Duplicates of learners written before the crash still find them.
        Assert.All(report.Results.Where(r => r.Status == RowStatus.Duplicate), r => Assert.Contains(r.DuplicateOf!.EduId, eduIds));
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
