using System.Text.Json.Nodes;
using Emis.Features.AuditTrail;
using Emis.Platform.Auth;
using Microsoft.Extensions.Configuration;

namespace Emis.Host.Tests;

/// <summary>GraphQL documents and helpers for the audit trail.</summary>
internal static class AuditTrailQueries
{
    public const string EventFields =
        "sequence id streamId version type time jurisdiction actor reason source correlationId causationId data pseudonymised";

    public const string Connection =
        $"totalCount edges {{ cursor node {{ {EventFields} }} }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}";

    public const string History =
        $"query($id: ID!, $first: Int, $after: String) {{ history(entityId: $id, first: $first, after: $after) {{ {Connection} }} }}";

    public const string Events = $$"""
        query($filter: EventFilter, $first: Int, $after: String, $order: EventOrder) {
          events(filter: $filter, first: $first, after: $after, order: $order) { {{Connection}} }
        }
        """;

    public const string CheckpointFields = "name sequence asOf namedAt reason namedBy";

    public const string NameCheckpoint = $$"""
        mutation($input: NameCheckpointInput!) { nameCheckpoint(input: $input) { checkpoint { {{CheckpointFields}} } errors { code field message } } }
        """;

    public static IReadOnlyList<JsonObject> Nodes(JsonNode connection) =>
        [.. connection["edges"]!.AsArray().Select(e => e!["node"]!.AsObject())];

    public static string S(this JsonNode node, string field) => node[field]!.GetValue<string>();

    public static long Sequence(this JsonNode node) => node["sequence"]!.GetValue<long>();
}

[Collection(HostCollection.Name)]
public sealed class AuditTrailTests(EmisHostFixture host)
{
    [Fact]
    public async Task a_learners_history_shows_every_change_in_order_with_time_actor_reason_source_correlation_and_causation()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var other = await host.SchoolAsync(j, "P-2", "Prizren");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Transfer,
            new
            {
                input = new
                {
                    learnerId = learner.Id(),
                    schoolYear = LearnerRequests.Year,
                    toSchoolId = other,
                    section = "B",
                    reason = "the family moved to Peja"
                }
            },
            "transferLearner"));

        var history = (await host.DataAsync(j.Admin, AuditTrailQueries.History, new { id = learner.Id() }))["history"]!;
        var events = AuditTrailQueries.Nodes(history);

        Assert.Equal(
            ["enrollment.learner_registered", "enrollment.learner_enrolled", "enrollment.learner_transferred"], events.Select(e => e.S("type")));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e["version"]!.GetValue<long>()));
        Assert.True(events[0].Sequence() < events[1].Sequence() && events[1].Sequence() < events[2].Sequence());
        Assert.True(events[2]["time"]!.GetValue<DateTimeOffset>() > events[0]["time"]!.GetValue<DateTimeOffset>());
        Assert.All(events, e => Assert.Equal("admin-1", e.S("actor")));
        Assert.All(events, e => Assert.Equal("api", e.S("source")));
        Assert.All(events, e => Assert.Equal(learner.Id(), e.S("streamId")));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e["correlationId"]?.GetValue<string>())));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e["causationId"]?.GetValue<string>())));
        Assert.Null(events[0]["reason"]);
        Assert.Equal("the family moved to Peja", events[2].S("reason"));
        // The registration and its first enrolment were one request; the transfer another.
        Assert.Equal(events[0].S("correlationId"), events[1].S("correlationId"));
        Assert.NotEqual(events[0].S("correlationId"), events[2].S("correlationId"));
        var transferred = JsonNode.Parse(events[2].S("data"))!;
        Assert.Equal(other, transferred["toSchoolId"]?.GetValue<string>() ?? transferred["ToSchoolId"]!.GetValue<string>());
        Assert.Contains("Arben", events[0].S("data"), StringComparison.Ordinal);
        Assert.False(events[0]["pseudonymised"]!.GetValue<bool>());
        Assert.Equal(3, history["totalCount"]!.GetValue<int>());

        // The same trail hangs off the learner and, for the school, off the school.
        var onLearner = await host.DataAsync(
            j.Admin, $"query($id: ID!) {{ learner(id: $id) {{ auditTrail {{ edges {{ node {{ sequence }} }} }} }} }}", new { id = learner.Id() });
        Assert.Equal(events.Select(e => e.Sequence()), AuditTrailQueries.Nodes(onLearner["learner"]!["auditTrail"]!).Select(e => e.Sequence()));
        var onSchool = await host.DataAsync(
            j.Admin, $"query($id: ID!) {{ school(id: $id) {{ auditTrail {{ edges {{ node {{ type }} }} }} }} }}", new { id = school });
        Assert.Equal(["registry.school_registered"], AuditTrailQueries.Nodes(onSchool["school"]!["auditTrail"]!).Select(e => e.S("type")));
    }

    [Fact]
    public async Task history_is_pseudonymised_for_an_analyst_without_the_grant_and_plain_with_it()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Ardita", last: "Berisha", birthDate: "2016-03-04",
            disability: "VISUAL", displacement: "REFUGEE", community: "Roma"));

        var pseudonymous = AuditTrailQueries.Nodes(
            (await host.DataAsync(j.Analyst, AuditTrailQueries.History, new { id = learner.Id() }))["history"]!);
        var registered = pseudonymous[0];
        var data = JsonNode.Parse(registered.S("data"))!.AsObject();
        var text = registered.S("data");
        foreach (var secret in new[] { "Ardita", "Berisha", "Ilir", "2016-03-04", "+383", "VISUAL", "Visual", "Refugee", "Roma" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.StartsWith("pseud:", Field(data, "firstName")!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2016, Field(data, "birthDate")!.GetValue<int>());
        Assert.Null(Field(data, "contacts"));
        Assert.Null(Field(data, "disability"));
        Assert.True(registered["pseudonymised"]!.GetValue<bool>());
        Assert.StartsWith("pseud:", registered.S("actor"), StringComparison.Ordinal);
        Assert.DoesNotContain("admin-1", registered.S("actor"), StringComparison.Ordinal);
        // Not personal: the sex and language stay, so the analyst can still count.
        Assert.Contains("sq", text, StringComparison.Ordinal);

        var granted = j.Analyst with { GrantedRights = [Grants.PersonalData] };
        var plain = AuditTrailQueries.Nodes((await host.DataAsync(granted, AuditTrailQueries.History, new { id = learner.Id() }))["history"]!)[0];
        Assert.Contains("Ardita", plain.S("data"), StringComparison.Ordinal);
        Assert.Contains("2016-03-04", plain.S("data"), StringComparison.Ordinal);
        Assert.Equal("admin-1", plain.S("actor"));
        Assert.False(plain["pseudonymised"]!.GetValue<bool>());

        // A withdrawal's note travels as the change's reason: free text about the child, withheld like the note itself.
        const string note = "moved to Germany with her mother after the hospital stay";
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = learner.Id(), schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD", note } }, "withdrawLearner"));
        var withdrawn = AuditTrailQueries.Nodes(
            (await host.DataAsync(j.Analyst, AuditTrailQueries.History, new { id = learner.Id() }))["history"]!)[^1];
        Assert.Equal("enrollment.learner_withdrawn", withdrawn.S("type"));
        Assert.DoesNotContain("Germany", withdrawn.ToJsonString(), StringComparison.Ordinal);
        var withdrawnPlain = AuditTrailQueries.Nodes(
            (await host.DataAsync(granted, AuditTrailQueries.History, new { id = learner.Id() }))["history"]!)[^1];
        Assert.Contains("Germany", withdrawnPlain.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_history_outside_the_callers_scope_answers_like_one_that_does_not_exist()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        await host.SchoolAsync(j, "G-1", "Gjakova");
        var learner = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school));
        var elsewhere = new Jurisdiction();

        Assert.NotNull((await host.DataAsync(j.SchoolAdmin("P-1"), AuditTrailQueries.History, new { id = learner.Id() }))["history"]);
        Assert.NotNull((await host.DataAsync(j.Officer("Prizren"), AuditTrailQueries.History, new { id = learner.Id() }))["history"]);
        var answers = new[]
        {
            await host.GraphQLAsync(j.SchoolAdmin("G-1"), AuditTrailQueries.History, new { id = learner.Id() }),
            await host.GraphQLAsync(j.Officer("Gjakova"), AuditTrailQueries.History, new { id = learner.Id() }),
            await host.GraphQLAsync(elsewhere.Admin, AuditTrailQueries.History, new { id = learner.Id() }),
            await host.GraphQLAsync(elsewhere.Admin, AuditTrailQueries.History, new { id = school }),
            await host.GraphQLAsync(j.SchoolAdmin("G-1"), AuditTrailQueries.History, new { id = school }),
            await host.GraphQLAsync(j.Admin, AuditTrailQueries.History, new { id = Guid.NewGuid() }),
        };
        // Out of scope, another jurisdiction and no such entity: one and the same answer.
        Assert.All(answers, a => Assert.Equal("""{"data":{"history":null}}""", a.ToJsonString()));
        var partner = await host.GraphQLAsync(j.Partner, AuditTrailQueries.History, new { id = learner.Id() });
        Assert.Equal("FORBIDDEN", partner["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task events_filter_by_type_actor_and_time_window_and_page_by_cursor_without_gaps_or_repeats()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        for (var i = 0; i < 3; i++) await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Arben" + (char)('a' + i)));
        await host.LearnerAsync(j.SchoolAdmin("P-1"), LearnerRequests.NewLearner(school, first: "Blerta"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Drita"));

        var all = AuditTrailQueries.Nodes((await host.DataAsync(j.Analyst, AuditTrailQueries.Events, new { first = 100 }))["events"]!);
        Assert.Equal(11, all.Count); // the school, then two events per learner
        Assert.Equal(all.Select(e => e.Sequence()).Order(), all.Select(e => e.Sequence()));
        Assert.All(all, e => Assert.Equal(j.Id, e.S("jurisdiction")));

        var enrolled = (await host.DataAsync(
            j.Analyst, AuditTrailQueries.Events, new { filter = new { types = new[] { "enrollment.learner_enrolled" } } }))["events"]!;
        Assert.Equal(5, enrolled["totalCount"]!.GetValue<int>());
        Assert.All(AuditTrailQueries.Nodes(enrolled), e => Assert.Equal("enrollment.learner_enrolled", e.S("type")));

        var byAdmin = AuditTrailQueries.Nodes(
            (await host.DataAsync(j.Admin, AuditTrailQueries.Events, new { filter = new { actor = "school-admin-P-1" } }))["events"]!);
        Assert.Equal(2, byAdmin.Count);
        Assert.All(byAdmin, e => Assert.Equal("school-admin-P-1", e.S("actor")));
        // An analyst sees the actor as a pseudonym and can filter by it, never by the person's id.
        var pseudonym = all.Single(e => e.S("type") == "enrollment.learner_registered" && e.S("actor") != all[0].S("actor")).S("actor");
        var byPseudonym = AuditTrailQueries.Nodes(
            (await host.DataAsync(j.Analyst, AuditTrailQueries.Events, new { filter = new { actor = pseudonym } }))["events"]!);
        Assert.Equal(byAdmin.Select(e => e.Sequence()), byPseudonym.Select(e => e.Sequence()));
        var named = await host.GraphQLAsync(j.Analyst, AuditTrailQueries.Events, new { filter = new { actor = "school-admin-P-1" } });
        Assert.Equal("INVALID_ARGUMENT", named["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        // A time window taken from the log's own timestamps: from the fourth learner's registration (included) to the fifth's (excluded).
        var registrations = all.Where(e => e.S("type") == "enrollment.learner_registered").ToList();
        var from = registrations[3]["time"]!.GetValue<DateTimeOffset>();
        var to = registrations[4]["time"]!.GetValue<DateTimeOffset>();
        var window = AuditTrailQueries.Nodes(
            (await host.DataAsync(j.Analyst, AuditTrailQueries.Events, new { filter = new { from, to } }))["events"]!);
        Assert.Equal(
            all.Where(e => e["time"]!.GetValue<DateTimeOffset>() >= from && e["time"]!.GetValue<DateTimeOffset>() < to).Select(e => e.Sequence()),
            window.Select(e => e.Sequence()));
        Assert.Equal(["enrollment.learner_registered", "enrollment.learner_enrolled"], window.Select(e => e.S("type")));

        // Pages of 3, oldest first and newest first: every event exactly once.
        foreach (var order in new[] { "OLDEST_FIRST", "NEWEST_FIRST" })
        {
            var seen = new List<long>();
            string? after = null;
            var pages = 0;
            while (true)
            {
                var page = (await host.DataAsync(j.Analyst, AuditTrailQueries.Events, new { first = 3, after, order }))["events"]!;
                seen.AddRange(AuditTrailQueries.Nodes(page).Select(e => e.Sequence()));
                Assert.Equal(after is not null, page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
                pages++;
                if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>()) break;
                after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
            }
            var expected = all.Select(e => e.Sequence());
            Assert.Equal(order == "OLDEST_FIRST" ? expected : expected.Reverse(), seen);
            Assert.Equal(4, pages);
        }
    }

    [Fact]
    public async Task only_the_ministry_lists_events_and_unknown_types_are_named()
    {
        var j = new Jurisdiction();
        await host.SchoolAsync(j, "P-1", "Prizren");
        foreach (var caller in new[] { j.SchoolAdmin("P-1"), j.Teacher("P-1"), j.Officer("Prizren"), j.Partner })
        {
            var refused = await host.GraphQLAsync(caller, AuditTrailQueries.Events);
            Assert.Equal("FORBIDDEN", refused["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
            Assert.Null(refused["data"]);
        }
        var unknown = await host.GraphQLAsync(j.Admin, AuditTrailQueries.Events, new { filter = new { types = new[] { "learner_enroled" } } });
        Assert.Contains("filter.types", unknown["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var badCursor = await host.GraphQLAsync(j.Admin, AuditTrailQueries.Events, new { after = "bm90LWEtY3Vyc29y" });
        Assert.Equal("INVALID_CURSOR", badCursor["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_checkpoint_is_named_once_per_jurisdiction_and_read_back_by_name()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school));
        var all = AuditTrailQueries.Nodes((await host.DataAsync(j.Analyst, AuditTrailQueries.Events, new { first = 100 }))["events"]!);
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Blerta"));

        var last = await host.Service<Platform.EventLog.EventLog>().LastSequenceAsync(j.Id, CancellationToken.None);
        var named = (await host.DataAsync(j.Analyst, AuditTrailQueries.NameCheckpoint,
            new { input = new { name = "census day 2025-09-30", reason = "UIS reporting" } }))["nameCheckpoint"]!;
        Assert.Empty(named["errors"]!.AsArray());
        var census = named["checkpoint"]!;
        // The safe head when it was named: every event written before, not the checkpoint's own event.
        Assert.True(census.Sequence() >= last, $"{census.Sequence()} < {last}");
        var own = await host.Service<Platform.EventLog.EventLog>().LastSequenceAsync(j.Id, CancellationToken.None);
        Assert.True(own > census.Sequence());
        Assert.Equal("UIS reporting", census.S("reason"));

        // Any role of the jurisdiction reads it by name.
        var read = (await host.DataAsync(
            j.Teacher("P-1"), $"query($n: String!) {{ checkpoint(name: $n) {{ {AuditTrailQueries.CheckpointFields} }} }}",
            new { n = "census day 2025-09-30" }))["checkpoint"]!;
        Assert.Equal(census.Sequence(), read.Sequence());
        Assert.Equal("analyst-1", read.S("namedBy"));
        var byAnalyst = (await host.DataAsync(j.Analyst, $"{{ checkpoint(name: \"census day 2025-09-30\") {{ namedBy }} }}"))["checkpoint"]!;
        Assert.Null(byAnalyst["namedBy"]);
        Assert.Equal(census.Sequence(), await host.Service<Checkpoints>().ResolveAsync(j.Id, "census day 2025-09-30", CancellationToken.None));
        Assert.Null(await host.Service<Checkpoints>().ResolveAsync(new Jurisdiction().Id, "census day 2025-09-30", CancellationToken.None));

        var again = (await host.DataAsync(
            j.Admin, AuditTrailQueries.NameCheckpoint, new { input = new { name = "Census Day  2025-09-30" } }))["nameCheckpoint"]!;
        Assert.Equal(("DUPLICATE", "name"), LearnerRequests.Error(again.AsObject()));
        Assert.Null(again["checkpoint"]);

        // asOf: the jurisdiction's last event at or before the instant (the first learner's enrolment).
        var firstEnrolment = all.Last();
        var asOf = (await host.DataAsync(j.Admin, AuditTrailQueries.NameCheckpoint,
            new { input = new { name = "before Blerta", asOf = firstEnrolment["time"]!.GetValue<DateTimeOffset>() } }))["nameCheckpoint"]!;
        Assert.Empty(asOf["errors"]!.AsArray());
        Assert.Equal(firstEnrolment.Sequence(), asOf["checkpoint"]!.Sequence());

        var list = (await host.DataAsync(j.Analyst, $"{{ checkpoints {{ totalCount edges {{ node {{ name sequence }} }} }} }}"))["checkpoints"]!;
        Assert.Equal(["before Blerta", "census day 2025-09-30"], list["edges"]!.AsArray().Select(e => e!["node"]!.S("name")));

        var beyond = (await host.DataAsync(
            j.Admin, AuditTrailQueries.NameCheckpoint, new { input = new { name = "far", sequence = long.MaxValue / 2 } }))["nameCheckpoint"]!;
        Assert.Equal(("INVALID", "sequence"), LearnerRequests.Error(beyond.AsObject()));
        var empty = (await host.DataAsync(j.Admin, AuditTrailQueries.NameCheckpoint, new { input = new { name = "  " } }))["nameCheckpoint"]!;
        Assert.Equal(("REQUIRED", "name"), LearnerRequests.Error(empty.AsObject()));
        var schoolAdmin =
            (await host.DataAsync(j.SchoolAdmin("P-1"), AuditTrailQueries.NameCheckpoint, new { input = new { name = "mine" } }))["nameCheckpoint"]!;
        Assert.Equal("FORBIDDEN", LearnerRequests.Error(schoolAdmin.AsObject()).Code);
    }

    [Fact]
    public async Task the_export_writes_every_event_in_range_in_sequence_order_pseudonymised_by_default()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "P-1", "Prizren");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Ardita", last: "Berisha"));
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Blerta", last: "Gashi"));
        var export = host.Service<EventExport>();

        var ndjson = new StringWriter();
        var count = await export.WriteAsync(new EventExportRequest(j.Id, null, null, ExportFormat.Ndjson), ndjson, CancellationToken.None);
        var lines = ndjson.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(5, count);
        Assert.Equal(5, lines.Count);
        Assert.Equal(lines.Select(l => l.Sequence()).Order(), lines.Select(l => l.Sequence()));
        Assert.DoesNotContain("Ardita", ndjson.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Berisha", ndjson.ToString(), StringComparison.Ordinal);
        Assert.Contains("pseud:", lines[1]["data"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.All(lines, l => Assert.True(l["pseudonymised"]!.GetValue<bool>()));

        var plain = new StringWriter();
        await export.WriteAsync(new EventExportRequest(j.Id, null, null, ExportFormat.Ndjson, PersonalData: true), plain, CancellationToken.None);
        Assert.Contains("Ardita", plain.ToString(), StringComparison.Ordinal);

        var csv = new StringWriter();
        var from = lines[3]["time"]!.GetValue<DateTimeOffset>();
        await export.WriteAsync(
            new EventExportRequest(j.Id, from, null, ExportFormat.Csv, ["enrollment.learner_registered"]), csv, CancellationToken.None);
        var rows = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', EventExport.CsvColumns), rows[0].TrimEnd('\r'));
        Assert.Equal(2, rows.Length); // the second learner's registration only
        Assert.StartsWith(lines[3].Sequence() + ",", rows[1], StringComparison.Ordinal);
        Assert.Contains(",enrollment.learner_registered,", rows[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Blerta", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_background_worker_extends_the_hash_chain_on_its_interval()
    {
        var j = new Jurisdiction();
        await host.SchoolAsync(j, "P-1", "Prizren");
        var last = await host.Service<Platform.EventLog.EventLog>().LastSequenceAsync(j.Id, CancellationToken.None);
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [HashChainWorker.IntervalSetting] = "00:00:00.200" }).Build();
        // The worker says when it has extended the chain (its log line); the test waits for the one that reaches the sequence.
        var reached = new ExtensionSignal(last);
        using var worker = new HashChainWorker(host.Service<HashChain>(), settings, reached);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await reached.Signal.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"the chain never reached sequence {last}");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
        Assert.True(await ChainedHeadAsync() >= last);
    }

    /// <summary>The worker's logger: completes <see cref="Signal"/> when an extension's head reaches the sequence.</summary>
    private sealed class ExtensionSignal(long sequence) : Microsoft.Extensions.Logging.ILogger<HashChainWorker>
    {
        public TaskCompletionSource Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "Head").Value is long head && head >= sequence)
            {
                Signal.TrySetResult();
            }
        }
    }

    private async Task<long> ChainedHeadAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select coalesce(max(seq_id), 0) from emis.aud_hash_chain", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static JsonNode? Field(JsonObject data, string name) =>
        data.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
