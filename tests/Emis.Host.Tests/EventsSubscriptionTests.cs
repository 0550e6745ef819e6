using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;

namespace Emis.Host.Tests;

/// <summary>The <c>events</c> subscription over a real WebSocket: replay from a sequence, then live, exactly once.</summary>
[Collection(HostCollection.Name)]
public sealed class EventsSubscriptionTests(EmisHostFixture host)
{
    private const string Events = """
        subscription($from: Long!, $types: [String!]) {
          events(fromSequence: $from, types: $types) { sequence id type source subject time change dataschema jurisdiction data }
        }
        """;

    [Fact]
    public async Task a_subscriber_gets_the_replay_from_its_sequence_then_events_appended_during_the_hand_over_exactly_once_in_order()
    {
        var j = new Jurisdiction();
        var other = new Jurisdiction();
        await host.AppendSchoolsAsync(j.Id, 4, renames: 1);
        var before = await host.WholeFeedAsync(j.Partner);
        Assert.Equal(8, before.Count);
        var from = before[2]["sequence"]!.GetValue<long>();

        await using var client = await WsClient.ConnectAsync(host, j.Partner);
        await SubscribeAsync(client, "e", from);
        var got = new List<JsonObject> { Next(await client.ReceiveAsync()) };
        // Appended while the replay is being read and sent: some land in the replay's pages, some after it caught up.
        var appending = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await host.AppendSchoolsAsync(j.Id, 1, renames: i % 3);
                await host.AppendSchoolsAsync(other.Id, 1);
            }
        });

        await appending;
        var expected = (await host.WholeFeedAsync(j.Partner)).Where(e => e["sequence"]!.GetValue<long>() > from).ToList();
        while (got.Count < expected.Count) got.Add(Next(await client.ReceiveAsync()));
        // Nothing more is queued: the next message answers this ping.
        Assert.Equal("pong", await client.PingPongAsync());

        Assert.Equal(expected.Select(e => e["sequence"]!.GetValue<long>()), got.Select(e => e["sequence"]!.GetValue<long>()));
        for (var i = 0; i < got.Count; i++)
        {
            foreach (var field in new[] { "id", "type", "source", "subject", "time", "change", "dataschema", "jurisdiction" })
            {
                Assert.Equal(expected[i][field]!.GetValue<string>(), got[i][field]!.GetValue<string>());
            }
            Assert.True(JsonNode.DeepEquals(expected[i]["data"], got[i]["data"]), "the subscription's data differs from the feed's");
        }

        // Live after the hand-over: one more event, delivered once.
        await host.AppendSchoolsAsync(j.Id, 1);
        var live = await client.ReceiveAsync();
        Assert.True(live["payload"]!["data"]!["events"]!["sequence"]!.GetValue<long>() > got[^1]["sequence"]!.GetValue<long>());
        Assert.Equal("pong", await client.PingPongAsync());
    }

    [Fact]
    public async Task a_replay_of_more_events_than_a_connections_outbox_holds_arrives_whole_and_in_order()
    {
        // More events than the WebSocket outbox holds: the replay waits for room instead of overflowing it. (Whether an
        // overflow would happen without that depends on socket buffers, so this checks the whole path, not the wait.)
        var j = new Jurisdiction();
        var count = GraphQLWebSocketSession.OutboxCapacity * 4;
        await host.AppendSchoolsAsync(j.Id, count / 2, renames: 1);

        await using var client = await WsClient.ConnectAsync(host, j.Partner);
        await SubscribeAsync(client, "e", 0);
        var sequences = new List<long>();
        while (sequences.Count < count) sequences.Add(Next(await client.ReceiveAsync())["sequence"]!.GetValue<long>());
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(count, sequences.Distinct().Count());
        Assert.Equal("pong", await client.PingPongAsync());
    }

    [Fact]
    public async Task a_subscriber_filtering_by_type_gets_only_those_types_and_personal_data_only_with_the_grant()
    {
        var j = new Jurisdiction();
        var school = await host.SchoolAsync(j, "ES-1", "Cazin");
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(school, first: "Vjosa"));

        await using var plain = await WsClient.ConnectAsync(host, j.Partner);
        await SubscribeAsync(plain, "p", 0, ["emis.enrollment.learner_registered.v1"]);
        var data = (await plain.ReceiveAsync())["payload"]!["data"]!["events"]!;
        Assert.Equal("emis.enrollment.learner_registered.v1", data["type"]!.GetValue<string>());
        Assert.False(data["data"]!.AsObject().ContainsKey("firstName"));
        Assert.Equal("pong", await plain.PingPongAsync());

        await using var granted = await WsClient.ConnectAsync(host, j.Partner with { GrantedRights = [Grants.PersonalData] });
        await SubscribeAsync(granted, "g", 0, ["emis.enrollment.learner_registered.v1"]);
        Assert.Equal("Vjosa", (await granted.ReceiveAsync())["payload"]!["data"]!["events"]!["data"]!["firstName"]!.GetValue<string>());
    }

    [Fact]
    public async Task with_envelope_2_the_subscription_gives_the_feeds_v2_cloud_events_which_the_sdk_accepts()
    {
        var j = new Jurisdiction();
        await host.AppendSchoolsAsync(j.Id, 2, renames: 1);
        var feed = await host.WholeFeedAsync(j.Partner, "&envelope=2");
        Assert.Equal(4, feed.Count);

        await using var client = await WsClient.ConnectAsync(host, j.Partner);
        await client.SendAsync(new JsonObject
        {
            ["id"] = "e",
            ["type"] = "subscribe",
            ["payload"] = new JsonObject
            {
                ["query"] = "subscription { events(fromSequence: 0, envelope: 2) { sequence id dataschema cloudEvent } }",
            },
        });
        var formatter = new CloudNative.CloudEvents.SystemTextJson.JsonEventFormatter();
        var contentType = new System.Net.Mime.ContentType("application/cloudevents+json");
        foreach (var expected in feed)
        {
            var got = Next(await client.ReceiveAsync());
            var cloudEvent = got["cloudEvent"]!.AsObject();
            Assert.True(JsonNode.DeepEquals(expected, cloudEvent), "the subscription's v2 CloudEvent differs from the feed's");
            Assert.Equal(expected["dataschema"]!.GetValue<string>(), got["dataschema"]!.GetValue<string>());
            Assert.Equal(long.Parse(expected["sequence"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                got["sequence"]!.GetValue<long>());
            var decoded = formatter.DecodeStructuredModeMessage(System.Text.Encoding.UTF8.GetBytes(cloudEvent.ToJsonString()), contentType, null);
            Assert.True(decoded.IsValid);
            Assert.True(decoded.DataSchema!.IsAbsoluteUri);
        }

        await using var refused = await WsClient.ConnectAsync(host, j.Partner);
        await refused.SendAsync(new JsonObject
        {
            ["id"] = "x",
            ["type"] = "subscribe",
            ["payload"] = new JsonObject { ["query"] = "subscription { events(fromSequence: 0, envelope: 3) { sequence } }" },
        });
        Assert.Equal("INVALID_ARGUMENT", Error(await refused.ReceiveAsync())["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_subscription_is_refused_to_other_roles_and_for_unknown_types()
    {
        var j = new Jurisdiction();
        await using var teacher = await WsClient.ConnectAsync(host, j.Teacher("T-1"));
        await SubscribeAsync(teacher, "t", 0);
        Assert.Equal("FORBIDDEN", Error(await teacher.ReceiveAsync())["extensions"]!["code"]!.GetValue<string>());

        await using var partner = await WsClient.ConnectAsync(host, j.Partner);
        await SubscribeAsync(partner, "u", 0, ["emis.no_such_event.v1"]);
        var unknown = Error(await partner.ReceiveAsync());
        Assert.Equal("INVALID_ARGUMENT", unknown["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("types", unknown["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("emis.no_such_event.v1", unknown["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // A refused subscription ends at once: its first message carries the error (the transport sends field errors as a
    // result with errors, then complete).
    private static JsonObject Error(JsonObject message)
    {
        var errors = message["type"]!.GetValue<string>() == "error" ? message["payload"]!.AsArray() : message["payload"]!["errors"]!.AsArray();
        Assert.Null(message["payload"]!["data"]?["events"]);
        return errors[0]!.AsObject();
    }

    private static JsonObject Next(JsonObject message)
    {
        Assert.Equal(("next", "e"), (message["type"]!.GetValue<string>(), message["id"]!.GetValue<string>()));
        return message["payload"]!["data"]!["events"]!.AsObject();
    }

    private static Task SubscribeAsync(WsClient client, string id, long from, string[]? types = null) => client.SendAsync(new JsonObject
    {
        ["id"] = id,
        ["type"] = "subscribe",
        ["payload"] = new JsonObject
        {
            ["query"] = Events,
            ["variables"] = new JsonObject
            {
                ["from"] = from,
                ["types"] = types is null ? null : new JsonArray([.. types.Select(t => (JsonNode)t)]),
            },
        },
    });
}
