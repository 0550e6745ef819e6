using System.Text.Json.Nodes;
using Emis.Enrollment.Learners.ImportLearners;
using Emis.Platform.Auth;
using Npgsql;

namespace Emis.Enrollment.Tests;

/// <summary>The review queue of a learner import through GraphQL: listing the rows held for review and resolving each.</summary>
[Collection(HostCollection.Name)]
public sealed class ImportReviewTests(EmisHostFixture host)
{
    private const string RowFields = """
        row status
        learner { learnerId eduId username firstName parentName lastName birthDate sex schoolCode grade }
        duplicateOf { row eduId learnerId }
        corrections { field from to confidence }
        errors { field code message }
        candidates { code name confidence }
        """;

    private const string ImportQuery = $$"""
        query($id: ID!, $status: [ImportRowStatus!], $first: Int, $after: String) {
          learnerImport(id: $id) {
            id file schoolYear status rows format ignoredColumns
            summary { imported duplicate review rejected }
            results(status: $status, first: $first, after: $after) {
              totalCount edges { cursor node { {{RowFields}} } } pageInfo { hasNextPage endCursor }
            }
          }
        }
        """;

    private const string ReviewQuery = $$"""
        query($id: ID!, $first: Int, $after: String) {
          importReview(importId: $id, first: $first, after: $after) {
            totalCount edges { cursor node { {{RowFields}} } } pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private const string Resolve = $$"""
        mutation($input: ResolveImportRowInput!) {
          resolveImportRow(input: $input) { result { {{RowFields}} } errors { code field message } }
        }
        """;

    // Row 2 and 6 import; 3, 5, 8 and 9 name a school ambiguous between Harmani I and Harmani II; 4 and 7 are one letter
    // of the parent's name away from rows 2 and 6.
    private const string Csv = """
        last_name,first_name,parent_name,birth_date,sex,school,grade
        Krasniqi,Arben,Ilir,04.03.2016,M,Harmani I,3
        Gashi,Drita,Besim,06.05.2015,F,Harmani,4
        Krasniqi,Arben,Ilor,04.03.2016,M,Harmani I,3
        Berisha,Lule,Agim,02.01.2014,F,Harmani,5
        Hoxha,Blerim,Sami,08.07.2015,M,Dardania,4
        Hoxha,Blerim,Sama,08.07.2015,M,Dardania,4
        Morina,Vesa,Luan,09.09.2016,F,Harmani,3
        Shala,Arta,Gent,10.10.2016,F,Harmani,3
        """;

    private sealed record Imported(Jurisdiction J, string ImportId, JsonObject Report)
    {
        public JsonObject Row(int row) => Report["results"]!.AsArray().Single(r => r!["row"]!.GetValue<int>() == row)!.AsObject();

        public string? EduIdOf(int row) => Row(row)["learner"]!["eduId"]?.GetValue<string>();
    }

    private async Task<Imported> ImportAsync()
    {
        var j = new Jurisdiction();
        foreach (var (code, name, municipality) in new[] { ("HAR1", "Harmani I", "Prizren"), ("HAR2", "Harmani II", "Prizren"),
            ("DAR", "Dardania", "Gjakova") })
        {
            var school = await host.TrackedAsync(() => host.RegisterAsync(j.Admin, code, name, municipality));
            await host.AssertKnownToEnrollmentAsync(j.Id, Guid.Parse(school.Id()), school["version"]!.GetValue<long>());
        }
        var report = await host.ImportCsvAsync(j.Admin, Csv);
        var imported = new Imported(j, report["importId"]!.GetValue<string>(), report);
        Assert.Equal(["imported", "review", "review", "review", "imported", "review", "review", "review"],
            Enumerable.Range(2, 8).Select(r => imported.Row(r)["status"]!.GetValue<string>()));
        return imported;
    }

    private async Task<JsonObject> ResolveAsync(
        Caller caller, string importId, int row, string action, string? schoolCode = null, object? fields = null,
        string? reason = null) =>
        await host.MutateAsync(caller, Resolve, new { input = new { importId, row, action, schoolCode, fields, reason } }, "resolveImportRow");

    private async Task<JsonObject?> ReviewAsync(Caller caller, string importId, int? first = null, string? after = null) =>
        (await host.DataAsync(caller, ReviewQuery, new { id = importId, first, after }))["importReview"] as JsonObject;

    private static int[] RowsOf(JsonObject connection) => [.. connection["edges"]!.AsArray().Select(e => e!["node"]!["row"]!.GetValue<int>())];

    private async Task<int> TotalAsync(Jurisdiction j) => (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>();

    private async Task<long> StreamsAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from emis.mt_streams where id = $1", connection);
        command.Parameters.Add(new() { Value = id });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task the_review_queue_lists_the_rows_held_for_review_with_their_doubts()
    {
        var import = await ImportAsync();
        var review = (await ReviewAsync(import.J.Admin, import.ImportId))!;
        Assert.Equal(6, review["totalCount"]!.GetValue<int>());
        Assert.Equal([3, 4, 5, 7, 8, 9], RowsOf(review));

        var ambiguous = review["edges"]![0]!["node"]!;
        Assert.Equal("REVIEW", ambiguous["status"]!.GetValue<string>());
        Assert.Equal("SCHOOL_UNCERTAIN", ambiguous["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(["HAR1", "HAR2"], ambiguous["candidates"]!.AsArray().Take(2).Select(c => c!["code"]!.GetValue<string>()));
        Assert.Equal(("Drita", "2015-05-06", "FEMALE"),
            (ambiguous["learner"]!["firstName"]!.GetValue<string>(), ambiguous["learner"]!["birthDate"]!.GetValue<string>(),
                ambiguous["learner"]!["sex"]!.GetValue<string>()));

        var doubtful = review["edges"]![1]!["node"]!;
        Assert.Equal("POSSIBLE_DUPLICATE", doubtful["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(2, doubtful["duplicateOf"]!["row"]!.GetValue<int>());
        Assert.Equal(import.EduIdOf(2), doubtful["duplicateOf"]!["eduId"]!.GetValue<string>());

        var first = (await ReviewAsync(import.J.Admin, import.ImportId, first: 4))!;
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        var rest = (await ReviewAsync(import.J.Admin, import.ImportId, after: first["pageInfo"]!["endCursor"]!.GetValue<string>()))!;
        Assert.Equal([8, 9], RowsOf(rest));

        var whole = (await host.DataAsync(
            import.J.Admin, ImportQuery, new { id = import.ImportId, status = new[] { "IMPORTED" } }))["learnerImport"]!;
        Assert.Equal(("learners.csv", "2025/2026", "COMPLETED", 8), (whole["file"]!.GetValue<string>(), whole["schoolYear"]!.GetValue<string>(),
            whole["status"]!.GetValue<string>(), whole["rows"]!.GetValue<int>()));
        Assert.Equal("""{"imported":2,"duplicate":0,"review":6,"rejected":0}""", whole["summary"]!.ToJsonString());
        Assert.Equal([2, 6], RowsOf(whole["results"]!.AsObject()));
    }

    [Fact]
    public async Task picking_the_school_imports_the_row_as_a_new_learner_once()
    {
        var import = await ImportAsync();
        Assert.Equal(2, await TotalAsync(import.J));

        var picked = await ResolveAsync(import.J.Admin, import.ImportId, 3, "PICK_SCHOOL", schoolCode: "har2");
        LearnerRequests.Ok(picked);
        var result = picked["result"]!;
        Assert.Equal(("IMPORTED", "HAR2"), (result["status"]!.GetValue<string>(), result["learner"]!["schoolCode"]!.GetValue<string>()));
        var eduId = result["learner"]!["eduId"]!.GetValue<string>();
        Assert.Matches("^[0-9]{12}$", eduId);
        Assert.NotEqual(import.EduIdOf(2), eduId);
        Assert.StartsWith("drita.gashi@", result["learner"]!["username"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(
            result["corrections"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "school" && c["to"]!.GetValue<string>() == "Harmani II");
        Assert.Empty(result["errors"]!.AsArray());

        var learnerId = result["learner"]!["learnerId"]!.GetValue<string>();
        Assert.Equal(LearnerImporter.LearnerIdOf(Guid.Parse(import.ImportId), 3), Guid.Parse(learnerId));
        var learner = (await host.DataAsync(import.J.Admin, LearnerRequests.Learner, new { id = learnerId }))["learner"]!;
        Assert.Equal(("Drita", "HAR2", 4), (learner["firstName"]!.GetValue<string>(), learner["enrollment"]!["schoolCode"]!.GetValue<string>(),
            learner["enrollment"]!["grade"]!.GetValue<int>()));
        Assert.Equal(3, await TotalAsync(import.J));

        var again = await ResolveAsync(import.J.Admin, import.ImportId, 3, "PICK_SCHOOL", schoolCode: "HAR1");
        Assert.Equal(("RULE_VIOLATED", "row"), LearnerRequests.Error(again));
        Assert.Equal(3, await TotalAsync(import.J));

        var whole = (await host.DataAsync(import.J.Admin, ImportQuery, new { id = import.ImportId }))["learnerImport"]!;
        Assert.Equal("""{"imported":3,"duplicate":0,"review":5,"rejected":0}""", whole["summary"]!.ToJsonString());
        Assert.Equal(5, (await ReviewAsync(import.J.Admin, import.ImportId))!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task the_picked_school_must_exist_and_be_yours()
    {
        var import = await ImportAsync();
        Assert.Equal(
            ("NOT_FOUND", "schoolCode"),
            LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 3, "PICK_SCHOOL", schoolCode: "NOPE")));
        Assert.Equal(("REQUIRED", "schoolCode"), LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 3, "PICK_SCHOOL")));
        Assert.Equal(("RULE_VIOLATED", "row"), LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 2, "REJECT", reason: "no")));
        Assert.Equal(("NOT_FOUND", "row"), LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 99, "REJECT", reason: "no")));
        // The Prizren officer sees the doubtful duplicate at Harmani I, but may not place it in Dardania.
        var officer = import.J.Officer("Prizren");
        Assert.Equal(("FORBIDDEN", "schoolCode"), LearnerRequests.Error(
            await ResolveAsync(officer, import.ImportId, 4, "FIX", schoolCode: "DAR", fields: new { parentName = "Ilir" })));
    }

    [Fact]
    public async Task rejecting_a_row_needs_a_reason()
    {
        var import = await ImportAsync();
        Assert.Equal(("REQUIRED", "reason"), LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 5, "REJECT")));

        var rejected = await ResolveAsync(import.J.Admin, import.ImportId, 5, "REJECT", reason: "Left for Germany in August.");
        LearnerRequests.Ok(rejected);
        Assert.Equal("REJECTED", rejected["result"]!["status"]!.GetValue<string>());
        Assert.Contains(rejected["result"]!["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "REJECTED_IN_REVIEW");
        Assert.Equal(2, await TotalAsync(import.J));
        var whole = (await host.DataAsync(
            import.J.Admin, ImportQuery, new { id = import.ImportId, status = new[] { "REJECTED" } }))["learnerImport"]!;
        Assert.Equal("""{"imported":2,"duplicate":0,"review":5,"rejected":1}""", whole["summary"]!.ToJsonString());
        Assert.Equal([5], RowsOf(whole["results"]!.AsObject()));
    }

    [Fact]
    public async Task confirming_a_duplicate_joins_the_other_learner_and_writes_nothing_else()
    {
        var import = await ImportAsync();
        var confirmed = await ResolveAsync(import.J.Admin, import.ImportId, 4, "CONFIRM_DUPLICATE");
        LearnerRequests.Ok(confirmed);
        var result = confirmed["result"]!;
        Assert.Equal("DUPLICATE", result["status"]!.GetValue<string>());
        Assert.Equal(import.EduIdOf(2), result["duplicateOf"]!["eduId"]!.GetValue<string>());
        Assert.Equal(import.EduIdOf(2), result["learner"]!["eduId"]!.GetValue<string>());
        Assert.Equal(import.Row(2)["learner"]!["learnerId"]!.GetValue<string>(), result["duplicateOf"]!["learnerId"]!.GetValue<string>());
        Assert.Equal(2, await TotalAsync(import.J));
        Assert.Equal(0, await StreamsAsync(LearnerImporter.LearnerIdOf(Guid.Parse(import.ImportId), 4)));

        // An ambiguous school is no duplicate to confirm.
        Assert.Equal(("RULE_VIOLATED", "action"), LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 3, "CONFIRM_DUPLICATE")));
    }

    [Fact]
    public async Task rejecting_a_duplicate_imports_a_new_learner()
    {
        var import = await ImportAsync();
        var imported = await ResolveAsync(import.J.Admin, import.ImportId, 7, "REJECT_DUPLICATE", reason: "Twins: Sami's and Sama's sons.");
        LearnerRequests.Ok(imported);
        var learner = imported["result"]!["learner"]!;
        Assert.Equal(("IMPORTED", "DAR"), (imported["result"]!["status"]!.GetValue<string>(), learner["schoolCode"]!.GetValue<string>()));
        Assert.NotEqual(import.EduIdOf(6), learner["eduId"]!.GetValue<string>());
        Assert.Null(imported["result"]!["duplicateOf"]);
        Assert.Equal(3, await TotalAsync(import.J));
    }

    [Fact]
    public async Task fixed_fields_are_cleaned_like_a_file_and_errors_name_the_field()
    {
        var import = await ImportAsync();
        var invalid = await ResolveAsync(
            import.J.Admin, import.ImportId, 9, "FIX", schoolCode: "HAR1", fields: new { birthDate = "31.02.2016", sex = "X" });
        Assert.Equal(["fields.birthDate", "fields.sex"], invalid["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order());
        Assert.Equal(
            ("REQUIRED", "fields"),
            LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 9, "FIX", schoolCode: "HAR1")));
        Assert.Equal(
            ("REQUIRED", "schoolCode"),
            LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 9, "FIX", fields: new { grade = "IV" })));
        Assert.Equal(("RULE_VIOLATED", "fields.grade"),
            LearnerRequests.Error(await ResolveAsync(import.J.Admin, import.ImportId, 9, "FIX", schoolCode: "HAR1", fields: new { grade = "11" })));

        var fixedRow = await ResolveAsync(import.J.Admin, import.ImportId, 9, "FIX", schoolCode: "HAR1",
            fields: new { firstName = "ARTA", birthDate = "10.11.2016", grade = "Klasa IV", section = "b" });
        LearnerRequests.Ok(fixedRow);
        var learner = fixedRow["result"]!["learner"]!;
        Assert.Equal(("Arta", "2016-11-10", 4),
            (learner["firstName"]!.GetValue<string>(), learner["birthDate"]!.GetValue<string>(), learner["grade"]!.GetValue<int>()));
        Assert.Contains(fixedRow["result"]!["corrections"]!.AsArray(),
            c => c!["field"]!.GetValue<string>() == "birthDate" && c["from"]!.GetValue<string>() == "2016-10-10"
                && c["to"]!.GetValue<string>() == "2016-11-10");
        var learnerId = learner["learnerId"]!.GetValue<string>();
        var profile = (await host.DataAsync(import.J.Admin, LearnerRequests.Learner, new { id = learnerId }))["learner"]!;
        Assert.Equal("B", profile["enrollment"]!["section"]!.GetValue<string>());
    }

    [Fact]
    public async Task resolving_one_row_twice_at_once_imports_it_once()
    {
        var import = await ImportAsync();
        var both = await Task.WhenAll(
            ResolveAsync(import.J.Admin, import.ImportId, 8, "PICK_SCHOOL", schoolCode: "HAR1"),
            ResolveAsync(import.J.Admin, import.ImportId, 8, "PICK_SCHOOL", schoolCode: "HAR2"));
        Assert.Single(both, p => p["errors"]!.AsArray().Count == 0);
        Assert.Single(both, p => p["errors"]!.AsArray().Count == 1 && LearnerRequests.Error(p) == ("RULE_VIOLATED", "row"));
        Assert.Equal(3, await TotalAsync(import.J));
        Assert.Equal(1, await StreamsAsync(LearnerImporter.LearnerIdOf(Guid.Parse(import.ImportId), 8)));
        var whole = (await host.DataAsync(import.J.Admin, ImportQuery, new { id = import.ImportId }))["learnerImport"]!;
        Assert.Equal(3, whole["summary"]!["imported"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_school_admin_sees_and_resolves_only_rows_of_their_school()
    {
        var import = await ImportAsync();
        var dardania = import.J.SchoolAdmin("DAR");
        var dardaniaReview = RowsOf((await ReviewAsync(dardania, import.ImportId))!);
        Assert.Equal([7], dardaniaReview);
        var results = (await host.DataAsync(dardania, ImportQuery, new { id = import.ImportId }))["learnerImport"]!["results"]!.AsObject();
        Assert.Equal([6, 7], RowsOf(results));
        Assert.Equal(("NOT_FOUND", "row"), LearnerRequests.Error(await ResolveAsync(dardania, import.ImportId, 3, "PICK_SCHOOL", schoolCode: "DAR")));
        Assert.Equal(("NOT_FOUND", "row"), LearnerRequests.Error(await ResolveAsync(dardania, import.ImportId, 4, "CONFIRM_DUPLICATE")));

        // Harmani I sees the doubtful duplicate at its school, not the rows whose school is uncertain.
        var harmaniReview = RowsOf((await ReviewAsync(import.J.SchoolAdmin("HAR1"), import.ImportId))!);
        Assert.Equal([4], harmaniReview);
        var prizrenReview = RowsOf((await ReviewAsync(import.J.Officer("Prizren"), import.ImportId))!);
        Assert.Equal([4], prizrenReview);

        // Harmani II has no row in the file: the import is not there for it.
        var other = import.J.SchoolAdmin("HAR2");
        Assert.Null((await host.DataAsync(other, ImportQuery, new { id = import.ImportId }))["learnerImport"]);
        Assert.Null(await ReviewAsync(other, import.ImportId));
        Assert.Equal(
            ("NOT_FOUND", "importId"),
            LearnerRequests.Error(await ResolveAsync(other, import.ImportId, 3, "PICK_SCHOOL", schoolCode: "HAR2")));
        Assert.Equal(2, await TotalAsync(import.J));
    }

    [Fact]
    public async Task analysts_partners_and_teachers_are_refused()
    {
        var import = await ImportAsync();
        foreach (var caller in new[] { import.J.Analyst, import.J.Partner, import.J.Teacher("HAR1") })
        {
            var answer = await host.GraphQLAsync(caller, ImportQuery, new { id = import.ImportId });
            Assert.Equal("FORBIDDEN", answer["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
            Assert.Null(answer["data"]!["learnerImport"]);
            var review = await host.GraphQLAsync(caller, ReviewQuery, new { id = import.ImportId });
            Assert.Equal("FORBIDDEN", review["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
            Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await ResolveAsync(caller, import.ImportId, 5, "REJECT", reason: "not theirs")));
        }
        Assert.Equal(6, (await ReviewAsync(import.J.Admin, import.ImportId))!["totalCount"]!.GetValue<int>());
    }
}
