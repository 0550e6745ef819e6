using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Emis.Features.Partners.Webhooks;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Registry.Schools;
using Emis.Registry.Schools.RegisterSchool;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>
/// A host whose webhooks may reach loopback (the receiver runs on 127.0.0.1) over http, with a retry budget of seconds
/// instead of days: eight retries, then the pending events are parked.
/// </summary>
public sealed class WebhookHostFixture : EmisHostFixture
{
    public const int Retries = 8;

    public WebhookReceiver Receiver { get; } = new();

    public static IReadOnlyDictionary<string, string?> WebhookSettings() => new Dictionary<string, string?>
    {
        ["Emis:Webhooks:AllowPrivateTargets"] = "true",
        ["Emis:Webhooks:AllowHttp"] = "true",
        ["Emis:Webhooks:RetrySchedule"] = "00:00:00.2,00:00:00.4,00:00:00.8,00:00:01,00:00:01,00:00:01,00:00:01,00:00:01",
        ["Emis:Webhooks:Timeout"] = "00:00:05",
        ["Emis:Webhooks:Lease"] = "00:00:10",
    };

    protected override Task BeforeHostStartsAsync() => Receiver.StartAsync();

    protected override IReadOnlyDictionary<string, string?> Settings() => WebhookSettings();

    protected override async Task AfterHostStopsAsync() => await Receiver.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookHostFixture>
{
    public const string Name = "webhooks";
}

internal static class Webhooks
{
    public const string Fields =
        "id url types state created owner personalData cursor delivered attempts retryAt lastError lastStatus deadLetterCount " +
        "deadLetters { sequence eventId type attempts lastError parkedAt }";

    public const string Register = $$"""
        mutation($input: RegisterWebhookInput!) {
          registerWebhook(input: $input) { webhook { {{Fields}} } secret errors { code field message } }
        }
        """;

    public const string List = $$"""query { webhooks { totalCount edges { node { {{Fields}} } } } }""";

    public const string Remove = "mutation($input: RemoveWebhookInput!) { removeWebhook(input: $input) { id errors { code field message } } }";

    public const string Replay = $$"""
        mutation($input: ReplayWebhookDeadLettersInput!) {
          replayWebhookDeadLetters(input: $input) { webhook { {{Fields}} } errors { code field message } }
        }
        """;

    public const string SchoolRegistered = "emis.registry.school_registered.v1";
    public const string SchoolRenamed = "emis.registry.school_renamed.v1";
    public const string LearnerRegistered = "emis.enrollment.learner_registered.v1";

    /// <summary>Registers a webhook and returns (webhook, secret); fails the test when refused.</summary>
    public static async Task<(JsonObject Webhook, string Secret)> WebhookAsync(
        this EmisHostFixture host, Caller caller, string url, params string[] types)
    {
        var payload = (await host.DataAsync(caller, Register, new { input = new { url, types } }))["registerWebhook"]!.AsObject();
        if (payload["errors"]!.AsArray().Count > 0)
        {
            throw new Xunit.Sdk.XunitException("registerWebhook refused: " + payload["errors"]!.ToJsonString());
        }
        return (payload["webhook"]!.AsObject(), payload["secret"]!.GetValue<string>());
    }

    public static async Task<IReadOnlyList<JsonObject>> WebhooksAsync(this EmisHostFixture host, Caller caller) =>
        [.. (await host.DataAsync(caller, List))["webhooks"]!["edges"]!.AsArray().Select(e => e!["node"]!.AsObject())];

    /// <summary>
    /// The webhook as the caller sees it, which must satisfy the condition (fails the test otherwise). Called after a
    /// tracked session that ran the deliveries to their end.
    /// </summary>
    public static async Task<JsonObject> WebhookWhereAsync(this EmisHostFixture host, Caller caller, string id, Func<JsonObject, bool> done)
    {
        var webhook = (await host.WebhooksAsync(caller)).Single(w => w["id"]!.GetValue<string>() == id);
        if (!done(webhook)) throw new Xunit.Sdk.XunitException("The webhook never got there: " + webhook.ToJsonString());
        return webhook;
    }

    public static string Code(this ReceivedWebhook received) => received.Event["data"]!["code"]!.GetValue<string>();

    public static string State(this JsonObject webhook) => webhook["state"]!.GetValue<string>();

    /// <summary>Standard Webhooks, computed here from the specification rather than with the production code.</summary>
    public static string ExpectedSignature(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }
}

[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookHostFixture host)
{
    private WebhookReceiver Receiver => host.Receiver;

    [Fact]
    public async Task each_event_arrives_as_one_signed_cloud_event_that_verifies_per_standard_webhooks()
    {
        var j = new Jurisdiction();
        var path = "/signed-" + j.Id;
        var (webhook, secret) = await host.WebhookAsync(j.Partner, Receiver.Url(path), Webhooks.SchoolRegistered, Webhooks.SchoolRenamed);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal("ACTIVE", webhook.State());

        var delivered = Receiver.Delivered(path);
        // Tracked: returns once the deliveries that sent the three events have finished (and recorded the cursor).
        await host.TrackedAsync(async () =>
        {
            var first = await host.RegisterAsync(j.Admin, "SIG-1", "First School", "Bihać");
            await host.RegisterAsync(j.Admin, "SIG-2", "Second School", "Cazin");
            var rename = await host.DataAsync(j.Admin, "mutation($input: RenameSchoolInput!) { renameSchool(input: $input) { errors { code } } }",
                new { input = new { schoolId = first.Id(), name = "First School Renamed" } });
            Assert.Empty(rename["renameSchool"]!["errors"]!.AsArray());

            await Receiver.UntilAsync(_ => (delivered = Receiver.Delivered(path)).Count >= 3, what: "three events");
        });
        Assert.Equal([Webhooks.SchoolRegistered, Webhooks.SchoolRegistered, Webhooks.SchoolRenamed], delivered.Select(d => d.Type));
        Assert.Equal(delivered.Select(d => d.Sequence).Order(), delivered.Select(d => d.Sequence));
        foreach (var request in delivered)
        {
            Assert.Equal("application/cloudevents+json", request.ContentType);
            Assert.Equal(request.Event["id"]!.GetValue<string>(), request.Id);
            Assert.True(long.TryParse(request.Timestamp, out _), "webhook-timestamp is unix seconds");
            Assert.Equal(Webhooks.ExpectedSignature(secret, request.Id!, request.Timestamp!, request.Body), request.Signature);
            Assert.Equal("1.0", request.Event["specversion"]!.GetValue<string>());
            Assert.Equal($"/emis/{j.Id}", request.Event["source"]!.GetValue<string>());
        }
        Assert.Equal("First School Renamed", delivered[2].Event["data"]!["name"]!.GetValue<string>());

        var seen = await host.WebhookWhereAsync(j.Partner, webhook["id"]!.GetValue<string>(), w => w["delivered"]!.GetValue<long>() == 3);
        Assert.Equal(delivered[2].Sequence, seen["cursor"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_receiver_that_refuses_connections_then_answers_503_gets_every_event_once_in_order_after_it_recovers()
    {
        var j = new Jurisdiction();
        await using var receiver = new WebhookReceiver();
        var port = WebhookReceiver.FreePort();
        var (webhook, _) = await host.WebhookAsync(j.Partner, $"http://127.0.0.1:{port}/down", Webhooks.SchoolRegistered);
        var id = webhook["id"]!.GetValue<string>();

        string[] codes = ["DOWN-1", "DOWN-2", "DOWN-3", "DOWN-4"];
        // Tracked until the first scheduled retry has been handled (and has failed again).
        await host.TrackedAsync(async () =>
        {
            foreach (var code in codes) await host.RegisterAsync(j.Admin, code, "School " + code, "Velika Kladuša");
        }, Handled.Times<DeliverWebhook>(1, d => d.SubscriptionId == Guid.Parse(id) && d.Retry));

        // Nobody listens: connections are refused and the subscription is failing, with a retry scheduled.
        var failing = await host.WebhookWhereAsync(j.Partner, id, w => w.State() == "FAILING" && w["attempts"]!.GetValue<int>() >= 2);
        Assert.NotNull(failing["lastError"]?.GetValue<string>());
        Assert.Equal(0, failing["delivered"]!.GetValue<long>());

        // It comes up, answers 503 once more, then accepts.
        receiver.FailNext(1, 503);
        await host.TrackedAsync(async () =>
        {
            await receiver.StartAsync(port);
            await receiver.UntilAsync(_ => receiver.Delivered("/down").Count >= codes.Length, what: "all four events");
        });

        var delivered = receiver.Delivered("/down");
        Assert.Equal(codes, delivered.Select(d => d.Code()));
        Assert.Equal(delivered.Select(d => d.Sequence).Order(), delivered.Select(d => d.Sequence));
        Assert.Contains(receiver.Received, r => r.Answer == 503);
        var active = await host.WebhookWhereAsync(j.Partner, id, w => w.State() == "ACTIVE" && w["delivered"]!.GetValue<long>() == codes.Length);
        Assert.Equal(0, active["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task after_the_retry_budget_the_pending_events_are_parked_and_a_replay_delivers_them_in_order()
    {
        var j = new Jurisdiction();
        var path = "/parked-" + j.Id;
        Receiver.Fail(path, 500);
        var (webhook, _) = await host.WebhookAsync(j.Admin, Receiver.Url(path), Webhooks.SchoolRegistered);
        var id = webhook["id"]!.GetValue<string>();
        string[] codes = ["PARK-1", "PARK-2", "PARK-3"];
        // Tracked: returns once the delivery that made the last attempt of the budget has finished (and parked the events).
        await host.TrackedAsync(async () =>
        {
            foreach (var code in codes) await host.RegisterAsync(j.Admin, code, "School " + code, "Bosanska Krupa");
            await Receiver.UntilAsync(
                r => r.Count(x => x.Path == path) >= WebhookHostFixture.Retries + 1, what: "the first event and every retry of it");
        });

        var parked = await host.WebhookWhereAsync(j.Admin, id, w => w.State() == "PARKED");
        var letters = parked["deadLetters"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal(3, letters.Count);
        Assert.Equal(3, parked["deadLetterCount"]!.GetValue<long>());
        Assert.Equal(letters.Select(l => l["sequence"]!.GetValue<long>()).Order(), letters.Select(l => l["sequence"]!.GetValue<long>()));
        Assert.Equal(WebhookHostFixture.Retries + 1, letters[0]["attempts"]!.GetValue<int>());
        Assert.StartsWith("HTTP 500", letters[0]["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(letters.Skip(1), l => Assert.Equal(0, l["attempts"]!.GetValue<int>()));
        Assert.Equal(WebhookHostFixture.Retries + 1, Receiver.Received.Count(r => r.Path == path));
        Assert.All(Receiver.Received.Where(r => r.Path == path), r => Assert.Equal("PARK-1", r.Code()));

        // Parked: a new event waits behind the parked ones.
        await host.TrackedAsync(async () =>
        {
            await host.RegisterAsync(j.Admin, "PARK-4", "School PARK-4", "Bosanska Krupa");
            Receiver.Heal(path);
            var replay = (await host.DataAsync(j.Admin, Webhooks.Replay, new { input = new { id } }))["replayWebhookDeadLetters"]!.AsObject();
            Assert.Empty(replay["errors"]!.AsArray());
            Assert.Empty(replay["webhook"]!["deadLetters"]!.AsArray());

            await Receiver.UntilAsync(_ => Receiver.Delivered(path).Count >= 4, what: "the parked events and the one after them");
        });
        Assert.Equal(["PARK-1", "PARK-2", "PARK-3", "PARK-4"], Receiver.Delivered(path).Select(d => d.Code()));
        Assert.Equal(letters.Select(l => l["eventId"]!.GetValue<string>()), Receiver.Delivered(path).Take(3).Select(d => d.Id));
        await host.WebhookWhereAsync(j.Admin, id, w => w.State() == "ACTIVE" && w["delivered"]!.GetValue<long>() == 4);

        // Only a parked webhook can be replayed.
        var again = (await host.DataAsync(j.Admin, Webhooks.Replay, new { input = new { id } }))["replayWebhookDeadLetters"]!.AsObject();
        Assert.Equal("RULE_VIOLATED", again["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_410_gone_answer_disables_the_webhook_at_once_and_a_replay_resumes_it()
    {
        var j = new Jurisdiction();
        var path = "/gone-" + j.Id;
        Receiver.Fail(path, 410);
        var (webhook, _) = await host.WebhookAsync(j.Partner, Receiver.Url(path), Webhooks.SchoolRegistered);
        var id = webhook["id"]!.GetValue<string>();
        // Tracked: returns once the delivery that got the 410 has finished.
        await host.TrackedAsync(async () =>
        {
            await host.RegisterAsync(j.Admin, "GONE-1", "School GONE-1", "Ključ");
            await Receiver.UntilAsync(r => r.Any(x => x.Path == path), what: "GONE-1");
        });

        var disabled = await host.WebhookWhereAsync(j.Partner, id, w => w.State() == "DISABLED");
        Assert.Equal(410, disabled["lastStatus"]!.GetValue<int>());
        Assert.Single(disabled["deadLetters"]!.AsArray());
        Assert.Single(Receiver.Received, r => r.Path == path); // not retried

        Receiver.Heal(path);
        var replay = (await host.DataAsync(j.Partner, Webhooks.Replay, new { input = new { id } }))["replayWebhookDeadLetters"]!.AsObject();
        Assert.Empty(replay["errors"]!.AsArray());
        await Receiver.UntilAsync(_ => Receiver.Delivered(path).Count == 1, what: "GONE-1 after the replay");
        Assert.Equal("GONE-1", Receiver.Delivered(path)[0].Code());
    }

    [Fact]
    public async Task only_one_lease_holder_moves_a_cursor_and_an_expired_lease_passes_to_the_next_node()
    {
        var j = new Jurisdiction();
        var (webhook, _) = await host.WebhookAsync(j.Partner, Receiver.Url("/lease-" + j.Id), Webhooks.SchoolRegistered);
        var id = Guid.Parse(webhook["id"]!.GetValue<string>());
        var store = host.Service<WebhookStore>();
        var cursor = webhook["cursor"]!.GetValue<long>();

        // Two nodes ask at once: one gets it.
        var first = await store.ClaimAsync(id, Guid.NewGuid(), TimeSpan.FromMilliseconds(300), false, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await store.ClaimAsync(id, Guid.NewGuid(), TimeSpan.FromMinutes(1), false, CancellationToken.None));

        // The first node stalls past its lease; the next node takes over, and the stalled one can no longer move the cursor.
        // The delay is the stall under test: the first node's 300 ms lease runs out (with room for the database's clock).
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        var second = await store.ClaimAsync(id, Guid.NewGuid(), TimeSpan.FromMinutes(1), false, CancellationToken.None);
        Assert.NotNull(second);
        Assert.False(await store.AdvanceAsync(first, cursor, 200, 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await store.AdvanceAsync(second, cursor, 200, 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        await store.ReleaseAsync(second, CancellationToken.None);
        Assert.NotNull(await store.ClaimAsync(id, Guid.NewGuid(), TimeSpan.FromMilliseconds(1), false, CancellationToken.None));
    }

    [Fact]
    public async Task another_jurisdictions_events_are_never_delivered()
    {
        var mine = new Jurisdiction();
        var other = new Jurisdiction();
        var path = "/mine-" + mine.Id;
        await host.WebhookAsync(mine.Partner, Receiver.Url(path), Webhooks.SchoolRegistered);
        await host.RegisterAsync(other.Admin, "OTHER-1", "Other One", "Sarajevo");
        await host.RegisterAsync(mine.Admin, "MINE-1", "Mine One", "Bihać");
        await host.RegisterAsync(other.Admin, "OTHER-2", "Other Two", "Sarajevo");
        await host.RegisterAsync(mine.Admin, "MINE-2", "Mine Two", "Bihać");

        // Delivery is in log order: once the last of mine has arrived, anything of the other's before it would have too.
        await Receiver.UntilAsync(_ => Receiver.Delivered(path).Any(d => d.Code() == "MINE-2"), what: "MINE-2");
        var received = Receiver.Received.Where(r => r.Path == path).ToList();
        Assert.Equal(["MINE-1", "MINE-2"], Receiver.Delivered(path).Select(d => d.Code()));
        Assert.All(received, r => Assert.Equal(mine.Id, r.Event["jurisdiction"]!.GetValue<string>()));
        Assert.DoesNotContain(received, r => r.Body.Contains("OTHER-", StringComparison.Ordinal));
        Assert.Empty(await host.WebhooksAsync(other.Admin));
    }

    [Fact]
    public async Task personal_fields_reach_only_a_webhook_registered_with_the_personal_data_grant()
    {
        var j = new Jurisdiction();
        var granted = j.Partner with { Subject = "partner-granted", GrantedRights = [Grants.PersonalData] };
        var withGrant = "/personal-yes-" + j.Id;
        var withoutGrant = "/personal-no-" + j.Id;
        var byAdmin = "/personal-admin-" + j.Id;
        var (yes, _) = await host.WebhookAsync(granted, Receiver.Url(withGrant), Webhooks.LearnerRegistered);
        var (no, _) = await host.WebhookAsync(j.Partner, Receiver.Url(withoutGrant), Webhooks.LearnerRegistered);
        var (admin, _) = await host.WebhookAsync(j.Admin, Receiver.Url(byAdmin), Webhooks.LearnerRegistered);
        Assert.True(yes["personalData"]!.GetValue<bool>());
        Assert.False(no["personalData"]!.GetValue<bool>());
        Assert.False(admin["personalData"]!.GetValue<bool>());

        var school = await host.SchoolAsync(j, "PD-1", "Bihać");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Vesna", last: "Hodžić", birthDate: "2015-06-07"));

        await Receiver.UntilAsync(_ => Receiver.Delivered(withGrant).Count >= 1 && Receiver.Delivered(withoutGrant).Count >= 1
            && Receiver.Delivered(byAdmin).Count >= 1, what: "the learner's registration on all three");
        var full = Receiver.Delivered(withGrant)[0].Event["data"]!.AsObject();
        Assert.Equal("Vesna", full["firstName"]!.GetValue<string>());
        Assert.Equal("2015-06-07", full["birthDate"]!.GetValue<string>());
        foreach (var path in new[] { withoutGrant, byAdmin })
        {
            var request = Receiver.Delivered(path)[0];
            var data = request.Event["data"]!.AsObject();
            Assert.Equal(full["learnerId"]!.GetValue<string>(), data["learnerId"]!.GetValue<string>());
            Assert.False(data.ContainsKey("firstName"));
            Assert.False(data.ContainsKey("lastName"));
            Assert.False(data.ContainsKey("birthDate"));
            Assert.DoesNotContain("Vesna", request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Hodžić", request.Body, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("Vesna", StringComparison.Ordinal) || l.Contains("Hodžić", StringComparison.Ordinal));
    }

    [Fact]
    public async Task registration_is_validated_field_by_field_and_partners_manage_only_their_own_webhooks()
    {
        var j = new Jurisdiction();
        async Task<JsonArray> Errors(Caller caller, object input) =>
            (await host.DataAsync(caller, Webhooks.Register, new { input }))["registerWebhook"]!["errors"]!.AsArray();
        static (string, string?) First(JsonArray errors) => (errors[0]!["code"]!.GetValue<string>(), errors[0]!["field"]?.GetValue<string>());

        Assert.Equal(("INVALID", "url"), First(await Errors(j.Partner, new { url = "/relative", types = new[] { Webhooks.SchoolRegistered } })));
        Assert.Equal(
            ("INVALID", "url"), First(await Errors(j.Partner, new { url = "ftp://partner.example/x", types = new[] { Webhooks.SchoolRegistered } })));
        Assert.Equal(("REQUIRED", "url"), First(await Errors(j.Partner, new { url = "", types = new[] { Webhooks.SchoolRegistered } })));
        Assert.Equal(("REQUIRED", "types"), First(await Errors(j.Partner, new { url = Receiver.Url(), types = Array.Empty<string>() })));
        var unknown = await Errors(j.Partner, new { url = Receiver.Url(), types = new[] { "emis.registry.school_demolished.v1" } });
        Assert.Equal(("INVALID", "types"), First(unknown));
        Assert.Contains("emis.registry.school_demolished.v1", unknown[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(
            ("FORBIDDEN", null), First(await Errors(j.Teacher("T-1"), new { url = Receiver.Url(), types = new[] { Webhooks.SchoolRegistered } })));

        var other = j.Partner with { Subject = "partner-2" };
        var (mine, _) = await host.WebhookAsync(j.Partner, Receiver.Url("/own-1"), Webhooks.SchoolRegistered);
        var (theirs, _) = await host.WebhookAsync(other, Receiver.Url("/own-2"), Webhooks.SchoolRenamed);
        Assert.Equal([mine["id"]!.ToString()], (await host.WebhooksAsync(j.Partner)).Select(w => w["id"]!.ToString()));
        Assert.Equal(2, (await host.WebhooksAsync(j.Admin)).Count);
        Assert.Empty(await host.WebhooksAsync(new Jurisdiction().Admin));

        var refused =
            (await host.DataAsync(j.Partner, Webhooks.Remove, new { input = new { id = theirs["id"]!.ToString() } }))["removeWebhook"]!.AsObject();
        Assert.Equal("NOT_FOUND", refused["errors"]![0]!["code"]!.GetValue<string>());
        var removed =
            (await host.DataAsync(other, Webhooks.Remove, new { input = new { id = theirs["id"]!.ToString() } }))["removeWebhook"]!.AsObject();
        Assert.Empty(removed["errors"]!.AsArray());
        Assert.Single(await host.WebhooksAsync(j.Admin));
    }

    [Fact]
    public async Task a_host_stopped_mid_delivery_loses_nothing_and_the_next_host_on_the_database_goes_on()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var admin = Environment.GetEnvironmentVariable("EMIS_TEST_DB")!;
        var database = "emis_test_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(admin, $"create database {database}");
        try
        {
            var connection = admin + ";Database=" + database;
            const string jurisdiction = "restart-test";
            var codes = Enumerable.Range(1, 6).Select(i => $"KILL-{i}").ToArray();
            var held = receiver.Hold(r => r.Code() == "KILL-3");

            var first = await StartHostAsync(connection);
            try
            {
                var partner = new Caller("partner-restart", Roles.Partner, jurisdiction, null, null);
                var registration = await first.Services.GetRequiredService<WebhookRegistrations>()
                    .RegisterAsync(partner, receiver.Url("/restart"), [Webhooks.SchoolRegistered], null, CancellationToken.None);
                Assert.Empty(registration.Errors);
                await using (var scope = first.Services.CreateAsyncScope())
                {
                    var dispatcher = scope.ServiceProvider.GetRequiredService<CommandDispatcher>();
                    foreach (var code in codes)
                    {
                        var outcome = await dispatcher.SendAsync(new RegisterSchool(code, "School " + code, "Cazin", SchoolLevel.Primary, ["bs"]),
                            new CommandContext(jurisdiction, "test", Sources.Api, "restart-" + code));
                        Assert.True(outcome.Succeeded);
                    }
                }
                // The third event is in flight (the receiver holds the request open) when the host goes down.
                await held.WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                await StopHostAsync(first);
            }
            receiver.Release();
            Assert.Equal(["KILL-1", "KILL-2"], receiver.Delivered("/restart").Select(d => d.Code()));

            var second = await StartHostAsync(connection);
            try
            {
                await receiver.UntilAsync(_ => receiver.Delivered("/restart").Count >= codes.Length, what: "all six events after the restart");
                Assert.Equal(codes, receiver.Delivered("/restart").Select(d => d.Code()));
            }
            finally
            {
                await StopHostAsync(second);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"drop database if exists {database} with (force)");
        }
    }

    private static async Task<IAlbaHost> StartHostAsync(string connection)
    {
        await EmisHostFixture.StartGate.WaitAsync();
        try
        {
            return await EmisHostFixture.StartAsync(connection, WebhookHostFixture.WebhookSettings());
        }
        finally
        {
            EmisHostFixture.StartGate.Release();
        }
    }

    private static async Task StopHostAsync(IAlbaHost app)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }

    private static async Task ExecuteAsync(string admin, string sql)
    {
        await using var connection = new NpgsqlConnection(admin + ";Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
