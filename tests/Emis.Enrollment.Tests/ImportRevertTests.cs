using System.Text.Json.Nodes;
using Npgsql;

namespace Emis.Enrollment.Tests;

/// <summary>Issue 21, part 5: a learner import reverted by the ministry, and a duplicate join undone (adr/0026).</summary>
[Collection(HostCollection.Name)]
public sealed class ImportRevertTests(EmisHostFixture host)
{
    private const string Learners = """
        query($filter: LearnerFilter) { learners(filter: $filter, first: 50) { totalCount edges { node { id status } } } }
        """;

    private const string Reopen = """
        mutation($importId: ID!, $row: Int!, $reason: String!) {
          reopenImportRow(importId: $importId, row: $row, reason: $reason) {
            result { row status learner { learnerId eduId } duplicateOf { row learnerId } errors { code message } }
            errors { code field message }
          }
        }
        """;

    private const string Resolve = """
        mutation($input: ResolveImportRowInput!) {
          resolveImportRow(input: $input) { result { row status learner { learnerId eduId } } errors { code field message } }
        }
        """;

    private const string Accounts = "query { accounts(first: 50) { edges { node { personId state retiredAt eduId } } } }";

    private static string Csv(params string[] rows) =>
        "Mbiemri;Emri;Emri i prindit;Datëlindja;Gjinia;Shkolla;Klasa\n" + string.Join('\n', rows) + "\n";

    private static List<string> LearnerIds(JsonObject report) =>
        [.. report["results"]!.AsArray().Where(r => r!["status"]!.GetValue<string>() == "imported")
            .Select(r => r!["learner"]!["learnerId"]!.GetValue<string>())];

    private async Task<List<(string Type, string Stream)>> EventsAsync(string jurisdiction, string correlation)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type, stream_id::text from emis.mt_events where tenant_id = $1 and correlation_id = $2 order by seq_id", connection);
        command.Parameters.Add(new() { Value = jurisdiction });
        command.Parameters.Add(new() { Value = correlation });
        var events = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) events.Add((reader.GetString(0), reader.GetString(1)));
        return events;
    }

    private async Task<long> CountAsync(string sql, string jurisdiction)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = jurisdiction });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task a_reverted_import_leaves_no_learner_count_class_list_or_live_account_and_its_history_and_eduids_stay()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "RV-1", "Prizren");
        var other = await host.SchoolAsync(j, "RV-2", "Gjakova");
        // A learner registered by hand, and a learner of the file later moved on: neither is the file's mistake to keep.
        var own = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Drita", last: "Gashi"));
        var report = await host.ImportCsvAsync(j.Admin, Csv(
            "Krasniqi;Arben;Ilir;04.03.2016;M;RV-1;3",
            "Hoxha;Elira;Shkëlzen;02.01.2015;F;RV-2;4",
            "Berisha;Lule;Agim;02.01.2014;F;RV-1;5"));
        var importId = report["importId"]!.GetValue<string>();
        var imported = LearnerIds(report);
        Assert.Equal(3, imported.Count);
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Transfer,
            new { input = new { learnerId = imported[2], schoolYear = LearnerRequests.Year, toSchoolId = other, section = "B", reason = "moved" } },
            "transferLearner"));
        // Another file's row that may be the first learner (the parent's name one letter apart) waits for review.
        var otherFile = await host.ImportCsvAsync(j.Admin, Csv("Krasniqi;Arben;Ilor;04.03.2016;M;RV-1;3"), "other.csv");
        Assert.Equal("review", otherFile["results"]![0]!["status"]!.GetValue<string>());
        var beforeRevert = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        Assert.Equal(4, (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>());
        var issued = await CountAsync("select count(*) from emis.cred_identifiers where tenant_id = $1", j.Id);

        // Only the ministry reverts, and only with a reason.
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.RevertImportAsync(j.SchoolAdmin("RV-1"), importId, "wrong file")));
        Assert.Equal(("REQUIRED", "reason"), LearnerRequests.Error(await host.RevertImportAsync(j.Admin, importId, " ")));
        Assert.Equal(("NOT_FOUND", "importId"), LearnerRequests.Error(await host.RevertImportAsync(j.Admin, Guid.NewGuid().ToString(), "x")));

        var asked = await host.RevertImportAsync(j.Admin, importId, "the school sent last year's list");
        LearnerRequests.Ok(asked);
        Assert.Contains(asked["import"]!["status"]!.GetValue<string>(), new[] { "REVERTING", "REVERTED" });
        var done = await host.RevertedImportAsync(j.Admin, importId);
        Assert.Equal(3, done["revert"]!["people"]!.GetValue<int>());
        Assert.Equal("the school sent last year's list", done["revert"]!["reason"]!.GetValue<string>());
        Assert.Equal(("RULE_VIOLATED", "importId"), LearnerRequests.Error(await host.RevertImportAsync(j.Admin, importId, "again")));

        // The counts and class lists no longer hold them; as of before the revert they still do (the record is not rewritten).
        Assert.Equal(1, (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>());
        Assert.Equal(4, (await host.StatisticsAsync(j.Admin, [], asOf: beforeRevert))["total"]!.GetValue<int>());
        var listed = (await host.DataAsync(j.Admin, Learners))["learners"]!.AsObject();
        Assert.Equal([own.Id()], listed["edges"]!.AsArray().Select(n => n!["node"]!.Id()));
        var reverted = (await host.DataAsync(j.Admin, Learners, new { filter = new { status = "REVERTED" } }))["learners"]!.AsObject();
        Assert.Equal(imported.Order(), reverted["edges"]!.AsArray().Select(n => n!["node"]!.Id()).Order());

        // Each learner's history says what happened, and the compensating events are in the log, never a withdrawal.
        var learner = (await host.DataAsync(j.Admin, LearnerRequests.Learner, new { id = imported[2] }))["learner"]!;
        Assert.Equal("REVERTED", learner["status"]!.GetValue<string>());
        Assert.Equal(["registered", "enrolled", "transferred", "enrollment_reverted", "registration_reverted"],
            learner["history"]!.AsArray().Select(h => h!["change"]!.GetValue<string>()));
        var events = await EventsAsync(j.Id, "revert-" + Guid.Parse(importId).ToString("N"));
        foreach (var id in imported)
        {
            Assert.Equal(["enrollment.learner_enrollment_reverted", "enrollment.learner_registration_reverted"],
                events.Where(e => e.Stream == id).Select(e => e.Type));
        }
        Assert.Equal(3, events.Count(e => e.Type == "credentials.account_retired"));
        Assert.DoesNotContain(events, e => e.Type == "enrollment.learner_withdrawn");

        // The other file's row cannot be joined to a reverted learner (it could be imported as a learner of its own, or dropped).
        var otherId = otherFile["importId"]!.GetValue<string>();
        Assert.Equal(("RULE_VIOLATED", "action"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Resolve,
            new { input = new { importId = otherId, row = 2, action = "CONFIRM_DUPLICATE" } }, "resolveImportRow")));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Resolve,
            new { input = new { importId = otherId, row = 2, action = "REJECT", reason = "the same wrong list" } }, "resolveImportRow"));

        // A reverted learner takes no command; their EduIDs stay reserved (never reissued), their accounts RETIRED.
        var refused = await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = imported[0], schoolYear = LearnerRequests.Year, reason = "DROPPED_OUT" } }, "withdrawLearner");
        Assert.Equal(("RULE_VIOLATED", "learnerId"), LearnerRequests.Error(refused));
        Assert.Equal(issued, await CountAsync("select count(*) from emis.cred_identifiers where tenant_id = $1", j.Id));
        var accounts = new JsonArray([.. (await host.DataAsync(j.Admin, Accounts))["accounts"]!["edges"]!.AsArray()
            .Select(e => e!["node"]!.DeepClone())]);
        Assert.All(accounts.Where(a => imported.Contains(a!["personId"]!.GetValue<string>())),
            a => Assert.Equal("RETIRED", a!["state"]!.GetValue<string>()));
        Assert.Equal(3, accounts.Count(a => a!["state"]!.GetValue<string>() == "RETIRED"));

        // The same file again is refused and brings nothing back; the corrected file imports the same children anew, not as
        // duplicates of the reverted learners, with new EduIDs.
        var again = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => host.ImportCsvAsync(j.Admin, Csv(
            "Krasniqi;Arben;Ilir;04.03.2016;M;RV-1;3",
            "Hoxha;Elira;Shkëlzen;02.01.2015;F;RV-2;4",
            "Berisha;Lule;Agim;02.01.2014;F;RV-1;5")));
        Assert.StartsWith("409:", again.Message, StringComparison.Ordinal);
        Assert.Contains("reverted by the ministry", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>());
        var corrected = await host.ImportCsvAsync(j.Admin, Csv(
            "Krasniqi;Arben;Ilir;04.03.2016;M;RV-1;4",
            "Hoxha;Elira;Shkëlzen;02.01.2015;F;RV-2;5",
            "Berisha;Lule;Agim;02.01.2014;F;RV-1;6"), "corrected.csv");
        Assert.All(corrected["results"]!.AsArray(), r => Assert.Equal("imported", r!["status"]!.GetValue<string>()));
        Assert.Equal(4, (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>());
        Assert.Equal(issued + 6, await CountAsync("select count(*) from emis.cred_identifiers where tenant_id = $1", j.Id));
    }

    [Fact]
    public async Task a_duplicate_join_goes_back_to_review_and_the_row_can_then_be_imported_as_a_new_learner()
    {
        var j = new Jurisdiction();
        await host.SchoolAsync(j, "DJ-1", "Prizren");
        // Row 3 repeats row 2: the import joins it to row 2's learner.
        var report = await host.ImportCsvAsync(j.Admin, Csv(
            "Krasniqi;Arben;Ilir;04.03.2016;M;DJ-1;3",
            "KRASNIQI;Arben;Ilir;04.03.2016;M;DJ-1;3",
            "Gashi;Drita;Besim;06.05.2015;F;DJ-1;4"));
        var importId = report["importId"]!.GetValue<string>();
        Assert.Equal(["imported", "duplicate", "imported"], report["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()));

        // Not a duplicate row, not in scope, no reason: refused, nothing changes.
        Assert.Equal(("RULE_VIOLATED", "row"), LearnerRequests.Error(await ReopenAsync(j.Admin, importId, 2, "twins")));
        Assert.Equal(("NOT_FOUND", "importId"), LearnerRequests.Error(await ReopenAsync(j.SchoolAdmin("OTHER"), importId, 3, "twins")));
        Assert.Equal(("REQUIRED", "reason"), LearnerRequests.Error(await ReopenAsync(j.Admin, importId, 3, " ")));

        var reopened = await ReopenAsync(j.SchoolAdmin("DJ-1"), importId, 3, "they are twins with one name written twice");
        LearnerRequests.Ok(reopened);
        var row = reopened["result"]!.AsObject();
        Assert.Equal("REVIEW", row["status"]!.GetValue<string>());
        Assert.Null(row["learner"]!["eduId"]);
        Assert.Equal(2, row["duplicateOf"]!["row"]!.GetValue<int>());
        Assert.Contains(row["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "DUPLICATE_JOIN_UNDONE");
        var summary = (await host.DataAsync(j.Admin, ImportRequests.Import, new { id = importId }))["learnerImport"]!["summary"]!;
        Assert.Equal((2, 0, 1), (summary["imported"]!.GetValue<int>(), summary["duplicate"]!.GetValue<int>(), summary["review"]!.GetValue<int>()));

        // Confirmed a duplicate again, undone again, then imported as the learner of its own it is.
        var confirmed = await host.MutateAsync(j.Admin, Resolve,
            new { input = new { importId, row = 3, action = "CONFIRM_DUPLICATE" } }, "resolveImportRow");
        LearnerRequests.Ok(confirmed);
        LearnerRequests.Ok(await ReopenAsync(j.Admin, importId, 3, "checked with the school: two children"));
        var resolved = await host.MutateAsync(j.Admin, Resolve,
            new { input = new { importId, row = 3, action = "REJECT_DUPLICATE" } }, "resolveImportRow");
        LearnerRequests.Ok(resolved);
        Assert.Equal("IMPORTED", resolved["result"]!["status"]!.GetValue<string>());
        var first = report["results"]![0]!["learner"]!;
        Assert.NotEqual(first["eduId"]!.GetValue<string>(), resolved["result"]!["learner"]!["eduId"]!.GetValue<string>());
        Assert.Equal(3, (await host.StatisticsAsync(j.Admin, []))["total"]!.GetValue<int>());
    }

    private Task<JsonObject> ReopenAsync(Emis.Platform.Auth.Caller caller, string importId, int row, string reason) =>
        host.MutateAsync(caller, Reopen, new { importId, row, reason }, "reopenImportRow");
}
