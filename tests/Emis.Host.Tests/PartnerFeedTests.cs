using System.Net;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>The pull feed, GET /api/events, against a real PostgreSQL over real HTTP.</summary>
[Collection(HostCollection.Name)]
public sealed class PartnerFeedTests(EmisHostFixture host)
{
    [Fact]
    public async Task a_reader_stopping_at_random_points_while_events_are_appended_gets_every_public_event_once_in_order()
    {
        var j = new Jurisdiction();
        var other = new Jurisdiction();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var store = host.Service<IDocumentStore>();

        // Three writers append to the jurisdiction (and one to another) in transactions of 1 to 4 streams of 1 to 3
        // events, committing in whatever order the database lets them, while the reader reads.
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var mine = new Random(seed + w + 1);
            for (var i = 0; i < 30; i++)
            {
                await using var session = store.LightweightSession(w == 3 ? other.Id : j.Id);
                for (var s = mine.Next(1, 5); s > 0; s--) session.AppendSchool(renames: mine.Next(0, 3));
                await session.SaveChangesAsync();
            }
        })).ToArray();
        var writing = Task.WhenAll(writers);

        var received = new List<JsonObject>();
        long after = 0;
        var stops = 0;
        for (var round = 0; ; round++)
        {
            if (round > 5_000) throw new Xunit.Sdk.XunitException($"the reader stalled after {received.Count} events (seed {seed})");
            var done = writing.IsCompleted;
            var limit = random.Next(1, 40);
            var page = await host.FeedAsync(j.Partner, $"after={after}&limit={limit}" + (done ? "&wait=1" : ""));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.True(page.Events.Count <= limit);
            // The reader stops somewhere inside the page (as if it crashed after handling a prefix) and comes back with
            // the last sequence it handled.
            var handled = random.Next(3) == 0 ? random.Next(0, page.Events.Count + 1) : page.Events.Count;
            if (handled < page.Events.Count) stops++;
            foreach (var e in page.Events.Take(handled))
            {
                received.Add(e);
                after = e["sequence"]!.GetValue<long>();
            }
            if (done && page.Events.Count == 0)
            {
                // Finished once the reader holds as many events as the log has public ones for this jurisdiction.
                if (received.Count >= (await PublicEventsInStoreAsync(j.Id)).Count) break;
            }
        }
        await writing;

        var sequences = received.Select(e => e["sequence"]!.GetValue<long>()).ToList();
        for (var i = 1; i < sequences.Count; i++)
        {
            Assert.True(sequences[i] > sequences[i - 1], $"sequence {sequences[i]} after {sequences[i - 1]} (seed {seed})");
        }
        var ids = received.Select(e => e["id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var truth = await PublicEventsInStoreAsync(j.Id);
        Assert.Equal(
            truth.Select(t => (t.Sequence, t.Id)), received.Select(e => (e["sequence"]!.GetValue<long>(), Guid.Parse(e["id"]!.GetValue<string>()))));
        Assert.All(received, e => Assert.Equal(j.Id, e["jurisdiction"]!.GetValue<string>()));
        Assert.All(received, e => Assert.Equal("/emis/" + j.Id, e["source"]!.GetValue<string>()));
        var others = (await PublicEventsInStoreAsync(other.Id)).Select(t => t.Id.ToString()).ToHashSet();
        Assert.NotEmpty(others);
        Assert.DoesNotContain(ids, others.Contains);
        Assert.True(stops > 0, $"the reader never stopped inside a page (seed {seed})");
    }

    [Fact]
    public async Task an_event_whose_transaction_commits_late_is_not_skipped_by_later_events()
    {
        var j = new Jurisdiction();
        var store = host.Service<IDocumentStore>();
        await using var connection = await host.Service<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var options = SessionOptions.ForTransaction(transaction);
        options.TenantId = j.Id;
        await using (var held = store.LightweightSession(options))
        {
            held.AppendSchool();
            await held.SaveChangesAsync(); // takes its sequence number; the transaction stays open
        }
        await host.AppendSchoolsAsync(j.Id, 2); // greater numbers, committed first

        var whileOpen = await host.FeedAsync(j.Partner, "after=0");
        Assert.Equal(HttpStatusCode.OK, whileOpen.Status);
        Assert.Empty(whileOpen.Events);
        var committed = await PublicEventsInStoreAsync(j.Id);
        Assert.Equal(2, committed.Count);
        Assert.True(whileOpen.SafeHead < committed[0].Sequence, "the safe head passed a number still held by an open transaction");

        await transaction.CommitAsync();
        var all = await host.FeedUntilAsync(j.Partner, 0, 3);
        var truth = await PublicEventsInStoreAsync(j.Id);
        Assert.Equal(3, truth.Count);
        Assert.Equal(truth.Select(t => t.Id.ToString()), all.Select(e => e["id"]!.GetValue<string>()));
        Assert.True(truth[0].Sequence < committed[0].Sequence, "the held event should have the smallest number");
    }

    [Fact]
    public async Task personal_fields_are_absent_without_the_grant_and_present_with_it()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "PD-1", "Cazin");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Arbenita", last: "Gashi", disability: "VISUAL"));

        var plain = Registered(await host.WholeFeedAsync(j.Partner));
        Assert.NotNull(plain["learnerId"]);
        Assert.Equal("male", plain["sex"]!.GetValue<string>());
        foreach (var field in new[] { "firstName", "lastName", "parentName", "birthDate", "disability", "community", "displacement" })
        {
            Assert.False(plain.ContainsKey(field), $"{field} reached a partner without the personal-data grant");
        }
        Assert.DoesNotContain(
            "Arbenita", (await host.WholeFeedAsync(j.Analyst)).Select(e => e.ToJsonString()).Aggregate("", string.Concat), StringComparison.Ordinal);
        // Even a ministry admin's integration needs the grant: the feed is a bulk copy.
        Assert.False(Registered(await host.WholeFeedAsync(j.Admin)).ContainsKey("firstName"));

        var granted = Registered(await host.WholeFeedAsync(j.Partner with { GrantedRights = [Grants.PersonalData] }));
        Assert.Equal("Arbenita", granted["firstName"]!.GetValue<string>());
        Assert.Equal("Gashi", granted["lastName"]!.GetValue<string>());
        Assert.Equal("2016-03-04", granted["birthDate"]!.GetValue<string>());
        Assert.Equal("visual", granted["disability"]!.GetValue<string>());

        static JsonObject Registered(List<JsonObject> events) =>
            events.Single(e => e["type"]!.GetValue<string>() == "emis.enrollment.learner_registered.v1")["data"]!.AsObject();
    }

    [Fact]
    public async Task envelope_v2_is_accepted_by_the_cloudevents_reference_sdk_where_v1_is_not()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "CE-1", "Cazin");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school));
        await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(school)));

        var formatter = new CloudNative.CloudEvents.SystemTextJson.JsonEventFormatter();
        var contentType = new System.Net.Mime.ContentType("application/cloudevents+json");
        CloudNative.CloudEvents.CloudEvent Decode(JsonObject line) =>
            formatter.DecodeStructuredModeMessage(System.Text.Encoding.UTF8.GetBytes(line.ToJsonString()), contentType, null);

        var v2 = await host.WholeFeedAsync(j.Partner, "&envelope=2");
        var v1 = await host.WholeFeedAsync(j.Partner);
        Assert.Equal(v1.Count, v2.Count);
        Assert.True(v2.Count >= 4);
        long previous = 0;
        for (var i = 0; i < v2.Count; i++)
        {
            var cloudEvent = Decode(v2[i]);
            Assert.True(cloudEvent.IsValid);
            Assert.True(cloudEvent.DataSchema!.IsAbsoluteUri);
            Assert.Equal("http://127.0.0.1:5080" + v1[i]["dataschema"]!.GetValue<string>(), cloudEvent.DataSchema.ToString());
            var sequence = Assert.IsType<string>(cloudEvent["sequence"]);
            Assert.Equal(20, sequence.Length);
            Assert.Equal(v1[i]["sequence"]!.GetValue<long>(), long.Parse(sequence, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(long.Parse(sequence, System.Globalization.CultureInfo.InvariantCulture) > previous);
            previous = long.Parse(sequence, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(v1[i]["id"]!.GetValue<string>(), cloudEvent.Id);
            Assert.Equal(v1[i]["data"]!.ToJsonString(), v2[i]["data"]!.ToJsonString());
        }
        // The first envelope, kept for existing readers, is what the issue found: the SDK refuses it.
        Assert.ThrowsAny<ArgumentException>(() => Decode(v1[0]));

        var refused = await host.FeedAsync(j.Partner, "envelope=3");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }

    [Fact]
    public async Task staff_reach_partners_pseudonymised_without_the_grant_with_their_contracts_and_assignments()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "PD-2", "Cazin");
        var staff = await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(school), first: "Dëshira", last: "Çelik"));
        await host.AssignAsync(j.Admin, staff.Id(), school, 3, "A");
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Leave, new
        {
            input = new { staffId = staff.Id(), contractId = staff["contracts"]![0]!.Id(), kind = "SICK", from = "2025-11-03", to = "2025-11-07" },
        }, "recordLeave"));

        var plain = await host.WholeFeedAsync(j.Partner);
        var registered = Data(plain, "staff_member_registered");
        Assert.Equal((staff.Id(), "female"), (registered["staffId"]!.GetValue<string>(), registered["sex"]!.GetValue<string>()));
        foreach (var field in new[] { "firstName", "lastName", "parentName", "birthDate" }) Assert.False(registered.ContainsKey(field), field);
        Assert.False(Data(plain, "leave_recorded").ContainsKey("kind"), "the kind of leave (it can reveal health) reached a partner");
        Assert.Equal("PD-2", Data(plain, "contract_started")["schoolCode"]!.GetValue<string>());
        Assert.Equal("A", Data(plain, "teaching_assigned")["section"]!.GetValue<string>());
        Assert.DoesNotContain("Dëshira", plain.Select(e => e.ToJsonString()).Aggregate("", string.Concat), StringComparison.Ordinal);

        var granted = await host.WholeFeedAsync(j.Partner with { GrantedRights = [Grants.PersonalData] });
        Assert.Equal(("Dëshira", "Çelik"), (Data(granted, "staff_member_registered")["firstName"]!.GetValue<string>(),
            Data(granted, "staff_member_registered")["lastName"]!.GetValue<string>()));
        Assert.Equal("sick", Data(granted, "leave_recorded")["kind"]!.GetValue<string>());

        static JsonObject Data(List<JsonObject> events, string name) =>
            events.Single(e => e["type"]!.GetValue<string>() == $"emis.staffing.{name}.v1")["data"]!.AsObject();
    }

    [Fact]
    public async Task withdrawals_and_corrections_arrive_with_their_change()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "DC-1", "Cazin");
        var leaving = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school));
        var staying = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Drita"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = leaving.Id(), schoolYear = LearnerRequests.Year, reason = "DROPPED_OUT" } }, "withdrawLearner"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Outcome,
            new { input = new { learnerId = staying.Id(), schoolYear = LearnerRequests.Year, outcome = "PROMOTED" } }, "recordYearEndOutcome"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Outcome,
            new { input = new { learnerId = staying.Id(), schoolYear = LearnerRequests.Year, outcome = "REPEATING", reason = "Entered wrongly" } },
                "recordYearEndOutcome"));

        var events = await host.WholeFeedAsync(j.Partner);
        var withdrawn = events.Single(e => e["type"]!.GetValue<string>() == "emis.enrollment.learner_withdrawn.v1");
        Assert.Equal("deleted", withdrawn["change"]!.GetValue<string>());
        Assert.Equal(leaving.Id(), withdrawn["subject"]!.GetValue<string>());
        Assert.Equal("dropped_out", withdrawn["data"]!["reason"]!.GetValue<string>());

        var outcomes = events.Where(e => e["type"]!.GetValue<string>() == "emis.enrollment.year_end_outcome_recorded.v1").ToList();
        Assert.Equal(["created", "corrected"], outcomes.Select(e => e["change"]!.GetValue<string>()));
        Assert.Equal(
            ("repeating", "promoted"), (outcomes[1]["data"]!["outcome"]!.GetValue<string>(), outcomes[1]["data"]!["previous"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal($"/events/catalog/{Name(e)}/v1", e["dataschema"]!.GetValue<string>()));

        static string Name(JsonObject e) => e["type"]!.GetValue<string>()["emis.".Length..^".v1".Length];
    }

    [Fact]
    public async Task the_feed_answers_ndjson_with_its_position_and_filters_by_type()
    {
        var j = new Jurisdiction();
        await host.AppendSchoolsAsync(j.Id, 3, renames: 1);

        var all = await host.FeedAsync(j.Partner, "after=0");
        Assert.Equal("application/x-ndjson", all.ContentType);
        Assert.Equal(6, all.Events.Count);
        Assert.Equal(all.Sequences[^1], all.LastSequence);
        Assert.True(all.SafeHead >= all.LastSequence);
        Assert.All(all.Events, e => Assert.Equal("1.0", e["specversion"]!.GetValue<string>()));

        var renamed = await host.FeedAsync(j.Partner, "after=0&types=emis.registry.school_renamed.v1");
        Assert.Equal(3, renamed.Events.Count);
        Assert.All(renamed.Events, e => Assert.Equal(
            ("emis.registry.school_renamed.v1", "updated"), (e["type"]!.GetValue<string>(), e["change"]!.GetValue<string>())));
        // Not a full page: the reader may go on from the head the read covered, past everything it does not want.
        Assert.True(renamed.NextAfter >= renamed.LastSequence);

        var paged = await host.FeedAsync(j.Partner, "after=0&limit=2");
        Assert.Equal(all.Sequences.Take(2), paged.Sequences);
        Assert.Equal(paged.Sequences[^1], paged.NextAfter);
        var rest = await host.FeedAsync(j.Partner, $"after={paged.LastSequence}");
        Assert.Equal(all.Sequences.Skip(2), rest.Sequences);

        var caughtUp = await host.FeedAsync(j.Partner, $"after={all.LastSequence}");
        Assert.Empty(caughtUp.Events);
        Assert.Equal(all.LastSequence, caughtUp.LastSequence);
    }

    [Fact]
    public async Task a_long_poll_returns_the_events_that_arrive_while_it_waits()
    {
        var j = new Jurisdiction();
        await host.AppendSchoolsAsync(j.Id, 1);
        var first = await host.FeedAsync(j.Partner, "after=0");
        var polling = host.FeedAsync(j.Partner, $"after={first.LastSequence}&wait=30");
        await host.AppendSchoolsAsync(j.Id, 1, renames: 1);
        var arrived = await polling;
        Assert.Equal(HttpStatusCode.OK, arrived.Status);
        Assert.NotEmpty(arrived.Events);
        Assert.All(arrived.Sequences, s => Assert.True(s > first.LastSequence));
    }

    [Theory]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("wait=31", "wait")]
    [InlineData("types=emis.registry.school_registered.v1,emis.nothing_like_this.v1", "types")]
    public async Task invalid_parameters_are_refused_naming_the_field(string query, string field)
    {
        var j = new Jurisdiction();
        var refused = await host.FeedAsync(j.Partner, query);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        var errors = refused.Problem!["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        if (field == "types")
        {
            Assert.Equal(["emis.nothing_like_this.v1"], refused.Problem["unknownTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
            Assert.Contains("emis.nothing_like_this.v1", errors["types"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task a_limit_of_ten_thousand_is_accepted_and_callers_without_the_role_are_refused()
    {
        var j = new Jurisdiction();
        Assert.Equal(HttpStatusCode.OK, (await host.FeedAsync(j.Partner, "limit=10000")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.FeedAsync(j.Analyst)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.FeedAsync(null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.FeedAsync(j.Teacher("T-1"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.FeedAsync(j.Officer("Cazin"))).Status);
    }

    /// <summary>The jurisdiction's events in mt_events whose stored type has a public counterpart, in sequence order.</summary>
    private async Task<List<(long Sequence, Guid Id)>> PublicEventsInStoreAsync(string jurisdiction)
    {
        var store = host.Service<IDocumentStore>();
        var names = EventTypes.Of(store);
        var domainTypes = host.Services.GetServices<PublicEventMap>().SelectMany(m => m.Mappings).Select(m => m.DomainType).ToHashSet();
        var publicNames = names.Where(n => domainTypes.Contains(n.Value)).Select(n => n.Key).ToArray();
        await using var command = host.Service<NpgsqlDataSource>().CreateCommand(
            $"select seq_id, id from {store.Options.DatabaseSchemaName}.mt_events where tenant_id = $1 and type = any($2) order by seq_id");
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = publicNames });
        var rows = new List<(long, Guid)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.GetGuid(1)));
        return rows;
    }
}
