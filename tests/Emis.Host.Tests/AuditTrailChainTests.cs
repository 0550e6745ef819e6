using System.Diagnostics;
using System.Text.Json.Nodes;
using Emis.Features.AuditTrail;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>A host and database of their own: these tests tamper with the event log behind Emis's back.</summary>
public sealed class AuditChainFixture : EmisHostFixture;

[CollectionDefinition(Name)]
public sealed class AuditChainCollection : ICollectionFixture<AuditChainFixture>
{
    public const string Name = "audit-chain";
}

[Collection(AuditChainCollection.Name)]
public sealed class AuditTrailChainTests(AuditChainFixture host)
{
    [Fact]
    public async Task the_hash_chain_verifies_a_clean_log_and_names_an_altered_an_inserted_and_a_deleted_event()
    {
        var j = new Jurisdiction();
        var elsewhere = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        await host.SchoolAsync(elsewhere, "G-1", "Gjakova");
        var first = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Ardita"));
        var chain = host.Service<HashChain>();

        var extended = await chain.ExtendAsync(CancellationToken.None);
        var clean = await chain.VerifyAsync(CancellationToken.None);
        Assert.True(clean.Ok, clean.FirstBreak?.Describe());
        Assert.Equal(await CountAsync($"select count(*) from emis.mt_events where seq_id <= {extended.Head}"), clean.EventsChecked);
        Assert.True(clean.EventsChecked >= 4); // both jurisdictions' schools and the learner's two events: one chain for all
        Assert.Equal(extended.HeadHash, clean.HeadHash);

        // Later events extend the chain; nothing already chained is rehashed.
        var second = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Blerta"));
        var more = await chain.ExtendAsync(CancellationToken.None);
        Assert.True(more.Added >= 2 && more.Head > extended.Head);
        Assert.True((await chain.VerifyAsync(CancellationToken.None)).Ok);
        Assert.Equal(0, (await chain.ExtendAsync(CancellationToken.None)).Added);
        Assert.True(await CountAsync("select count(*) from emis.aud_chain_checkpoints") >= 2);

        // Someone edits a learner's registration in the database.
        var (sequence, id, data) = await RegistrationAsync(j.Id, Guid.Parse(first.Id()));
        await ExecuteAsync($"update emis.mt_events set data = jsonb_set(data, '{{LastName}}', '\"Tampered\"') where seq_id = {sequence}");
        var altered = await chain.VerifyAsync(CancellationToken.None);
        Assert.False(altered.Ok);
        Assert.Equal(new ChainBreak(sequence, id, "enrollment.learner_registered", ChainBreakKind.Altered), altered.FirstBreak);
        Assert.Contains($"event {sequence} (enrollment.learner_registered", altered.FirstBreak!.Describe(), StringComparison.Ordinal);

        // Put back exactly as it was: the chain agrees again.
        await ExecuteAsync($"update emis.mt_events set data = $1::jsonb where seq_id = {sequence}", data);
        Assert.True((await chain.VerifyAsync(CancellationToken.None)).Ok);

        // A metadata edit (who did it) is caught too.
        await ExecuteAsync($"update emis.mt_events set headers = jsonb_set(headers, '{{actor}}', '\"someone-else\"') where seq_id = {sequence}");
        Assert.Equal(ChainBreakKind.Altered, (await chain.VerifyAsync(CancellationToken.None)).FirstBreak!.Kind);
        await ExecuteAsync($"update emis.mt_events set headers = jsonb_set(headers, '{{actor}}', '\"admin-1\"') where seq_id = {sequence}");
        Assert.True((await chain.VerifyAsync(CancellationToken.None)).Ok);

        // Someone slips an event in below the chained head.
        var forged = Guid.NewGuid();
        await ExecuteAsync($$"""
            insert into emis.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, headers)
            values (-1, '{{forged}}', null, 1, '{}', 'enrollment.learner_withdrawn', now(), '{{j.Id}}', '{"actor":"admin-1"}')
            """);
        Assert.Equal(new ChainBreak(-1, forged, "enrollment.learner_withdrawn", ChainBreakKind.Inserted),
            (await chain.VerifyAsync(CancellationToken.None)).FirstBreak);
        await ExecuteAsync("delete from emis.mt_events where seq_id = -1");
        Assert.True((await chain.VerifyAsync(CancellationToken.None)).Ok);

        // Someone deletes the second learner's enrolment.
        var (registered, _, _) = await RegistrationAsync(j.Id, Guid.Parse(second.Id()));
        var enrolment = await CountAsync($"select seq_id from emis.mt_events where stream_id = '{second.Id()}' and version = 2");
        var enrolmentId = await ScalarAsync<Guid>($"select id from emis.mt_events where seq_id = {enrolment}");
        await ExecuteAsync($"delete from emis.mt_events where seq_id = {enrolment}");
        var deleted = await chain.VerifyAsync(CancellationToken.None);
        Assert.Equal(new ChainBreak(enrolment, enrolmentId, "enrollment.learner_enrolled", ChainBreakKind.Deleted), deleted.FirstBreak);
        Assert.True(deleted.EventsChecked >= 5 && registered < enrolment);

        // The command line says the same and fails.
        var (exit, output, error) = await RunHostAsync("audit", "chain");
        Assert.Equal(1, exit);
        Assert.Contains($"event {enrolment} (enrollment.learner_enrolled, id {enrolmentId}) was deleted", error, StringComparison.Ordinal);
        Assert.Contains("hash chain extended", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_export_command_writes_ndjson_and_csv_files_pseudonymised_unless_asked()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Ardita", last: "Berisha"));
        var directory = Directory.CreateTempSubdirectory("emis-export-");
        try
        {
            var ndjson = Path.Combine(directory.FullName, "events.ndjson");
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var (exit, _, error) = await RunHostAsync("export", "events", "--from", today, "--to", today, "--jurisdiction", j.Id, "--out", ndjson);
            Assert.True(exit == 0, error);
            var lines = (await File.ReadAllLinesAsync(ndjson)).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.Equal(["registry.school_registered", "enrollment.learner_registered", "enrollment.learner_enrolled"], lines.Select(
                l => l["type"]!.GetValue<string>()));
            Assert.DoesNotContain("Ardita", await File.ReadAllTextAsync(ndjson), StringComparison.Ordinal);
            Assert.Contains("3 events", error, StringComparison.Ordinal);

            var csv = Path.Combine(directory.FullName, "events.csv");
            (exit, _, error) = await RunHostAsync("export", "events", "--format", "csv", "--types", "enrollment.learner_registered",
                "--jurisdiction", j.Id, "--personal-data", "--out", csv);
            Assert.True(exit == 0, error);
            var rows = await File.ReadAllLinesAsync(csv);
            Assert.Equal(2, rows.Length);
            Assert.Contains("Ardita", rows[1], StringComparison.Ordinal);

            (exit, _, error) = await RunHostAsync("export", "events", "--types", "learner_registered", "--jurisdiction", j.Id);
            Assert.Equal(2, exit);
            Assert.Contains("--types: 'learner_registered' is not an event type", error, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<(long Sequence, Guid Id, string Data)> RegistrationAsync(string jurisdiction, Guid learner)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select seq_id, id, data::text from emis.mt_events where tenant_id = $1 and stream_id = $2 and type = 'enrollment.learner_registered'",
                connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = learner });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2));
    }

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private Task<long> CountAsync(string sql) => ScalarAsync<long>(sql);

    /// <summary>Runs the host's command line (as ./emis does) against this fixture's database.</summary>
    private async Task<(int Exit, string Output, string Error)> RunHostAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Emis.Host.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["EMIS_DB"] = host.ConnectionString;
        start.Environment["Emis__Auth__SigningKey"] = EmisHostFixture.SigningKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
