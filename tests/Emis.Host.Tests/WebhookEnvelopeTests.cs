using System.Globalization;
using System.Net.Mime;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Emis.Host.Tests;

/// <summary>
/// Envelope v2 for webhooks (opt-in per subscription) and secret rotation with overlap, checked with the reference libraries a
/// partner would use: the CloudEvents SDK decodes the bodies, the Standard Webhooks library verifies the signatures.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookEnvelopeTests(WebhookHostFixture host)
{
    private const string SetEnvelope = $$"""
        mutation($input: SetWebhookEnvelopeInput!) {
          setWebhookEnvelope(input: $input) { webhook { {{Webhooks.Fields}} envelope } errors { code field message } }
        }
        """;

    private const string Rotate = $$"""
        mutation($input: RotateWebhookSecretInput!) {
          rotateWebhookSecret(input: $input) { webhook { {{Webhooks.Fields}} previousSecretUntil } secret errors { code field message } }
        }
        """;

    private WebhookReceiver Receiver => host.Receiver;

    private static readonly JsonEventFormatter Formatter = new();

    private static CloudEvent Decode(ReceivedWebhook received) =>
        Formatter.DecodeStructuredModeMessage(Encoding.UTF8.GetBytes(received.Body), new ContentType(received.ContentType!), null);

    /// <summary>Whether the Standard Webhooks reference library accepts the request with this secret.</summary>
    private static bool Verifies(string secret, ReceivedWebhook received)
    {
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = received.Id,
            ["webhook-timestamp"] = received.Timestamp,
            ["webhook-signature"] = received.Signature,
        };
        try
        {
            new StandardWebhook(secret).Verify(received.Body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    [Fact]
    public async Task a_v2_webhook_sends_cloud_events_the_sdk_accepts_with_the_same_events_as_v1_and_an_existing_one_opts_in()
    {
        var j = new Jurisdiction();
        var v1Path = "/envelope-v1-" + j.Id;
        var v2Path = "/envelope-v2-" + j.Id;
        var (v1, v1Secret) = await host.WebhookAsync(j.Partner, Receiver.Url(v1Path), Webhooks.SchoolRegistered, Webhooks.SchoolRenamed);
        var v2Registration = (await host.DataAsync(j.Partner, Webhooks.Register.Replace("webhook {", "webhook { envelope", StringComparison.Ordinal),
            new { input = new { url = Receiver.Url(v2Path), types = new[] { Webhooks.SchoolRegistered, Webhooks.SchoolRenamed }, envelope = 2 } })
            )["registerWebhook"]!.AsObject();
        Assert.Empty(v2Registration["errors"]!.AsArray());
        Assert.Equal(2, v2Registration["webhook"]!["envelope"]!.GetValue<int>());
        var v2Secret = v2Registration["secret"]!.GetValue<string>();

        await host.TrackedAsync(async () =>
        {
            var first = await host.RegisterAsync(j.Admin, "ENV-1", "Envelope One", "Bihać");
            await host.RegisterAsync(j.Admin, "ENV-2", "Envelope Two", "Cazin");
            var rename = await host.DataAsync(j.Admin, "mutation($input: RenameSchoolInput!) { renameSchool(input: $input) { errors { code } } }",
                new { input = new { schoolId = first.Id(), name = "Envelope One Renamed" } });
            Assert.Empty(rename["renameSchool"]!["errors"]!.AsArray());
            await Receiver.UntilAsync(
                _ => Receiver.Delivered(v1Path).Count >= 3 && Receiver.Delivered(v2Path).Count >= 3, what: "three events on both");
        });

        var ones = Receiver.Delivered(v1Path);
        var twos = Receiver.Delivered(v2Path);
        Assert.Equal(3, twos.Count);
        Assert.Equal(ones.Select(r => r.Id), twos.Select(r => r.Id));
        long previous = 0;
        for (var i = 0; i < twos.Count; i++)
        {
            var cloudEvent = Decode(twos[i]);
            Assert.True(cloudEvent.IsValid);
            Assert.Equal(twos[i].Id, cloudEvent.Id);
            Assert.True(cloudEvent.DataSchema!.IsAbsoluteUri);
            Assert.Equal("http://127.0.0.1:5080" + ones[i].Event["dataschema"]!.GetValue<string>(), cloudEvent.DataSchema.ToString());
            var sequence = Assert.IsType<string>(cloudEvent["sequence"]);
            Assert.Matches("^[0-9]{20}$", sequence);
            var number = long.Parse(sequence, CultureInfo.InvariantCulture);
            Assert.Equal(ones[i].Sequence, number);
            Assert.True(number > previous);
            previous = number;
            Assert.True(JsonNode.DeepEquals(ones[i].Event["data"], twos[i].Event["data"]), "v2 carries other data than v1");
            Assert.Equal(ones[i].Type, cloudEvent.Type);

            Assert.True(Verifies(v2Secret, twos[i]), "the Standard Webhooks library refuses a v2 delivery");
            Assert.True(Verifies(v1Secret, ones[i]), "the Standard Webhooks library refuses a v1 delivery");
            Assert.False(Verifies(v1Secret, twos[i]), "another webhook's secret verifies");
        }
        // Envelope 1 is unchanged, which is why it stays the default: the SDK refuses it.
        Assert.ThrowsAny<ArgumentException>(() => Decode(ones[0]));

        // An existing subscription opts in; the next event it sends is in envelope 2.
        var id = v1["id"]!.GetValue<string>();
        var refused = (await host.DataAsync(j.Partner, SetEnvelope, new { input = new { id, envelope = 3 } }))["setWebhookEnvelope"]!.AsObject();
        var error = refused["errors"]![0]!;
        Assert.Equal(("INVALID", "envelope"), (error["code"]!.GetValue<string>(), error["field"]!.GetValue<string>()));
        var stranger = j.Partner with { Subject = "partner-stranger" };
        var notTheirs = (await host.DataAsync(stranger, SetEnvelope, new { input = new { id, envelope = 2 } }))["setWebhookEnvelope"]!.AsObject();
        Assert.Equal("NOT_FOUND", notTheirs["errors"]![0]!["code"]!.GetValue<string>());
        var set = (await host.DataAsync(j.Partner, SetEnvelope, new { input = new { id, envelope = 2 } }))["setWebhookEnvelope"]!.AsObject();
        Assert.Empty(set["errors"]!.AsArray());
        Assert.Equal(2, set["webhook"]!["envelope"]!.GetValue<int>());

        await host.RegisterAsync(j.Admin, "ENV-3", "Envelope Three", "Ključ");
        await Receiver.UntilAsync(_ => Receiver.Delivered(v1Path).Count >= 4, what: "ENV-3 on the switched webhook");
        var switched = Receiver.Delivered(v1Path)[3];
        var decoded = Decode(switched);
        Assert.True(decoded.IsValid);
        Assert.Equal("ENV-3", switched.Code());
        Assert.IsType<string>(decoded["sequence"]);
        Assert.True(Verifies(v1Secret, switched));

        var invalid = (await host.DataAsync(j.Partner, Webhooks.Register,
            new { input = new { url = Receiver.Url(v2Path), types = new[] { Webhooks.SchoolRegistered }, envelope = 0 } }))["registerWebhook"]!;
        Assert.Equal("envelope", invalid["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_rotated_secret_signs_beside_the_new_one_during_the_overlap_and_not_after_it()
    {
        var j = new Jurisdiction();
        var path = "/rotate-" + j.Id;
        var (webhook, first) = await host.WebhookAsync(j.Partner, Receiver.Url(path), Webhooks.SchoolRegistered);
        var id = webhook["id"]!.GetValue<string>();
        Assert.Null(webhook["previousSecretUntil"]);

        // Default overlap: a day. Deliveries carry both signatures, the new secret's first, and the new one again at the end (the
        // Standard Webhooks library 1.1.2 never compares the last of several entries); both secrets verify with that library.
        var rotated = (await host.DataAsync(j.Partner, Rotate, new { input = new { id } }))["rotateWebhookSecret"]!.AsObject();
        Assert.Empty(rotated["errors"]!.AsArray());
        var second = rotated["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", second, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        var until = DateTimeOffset.Parse(rotated["webhook"]!["previousSecretUntil"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(25));

        await host.RegisterAsync(j.Admin, "ROT-1", "Rotation One", "Bihać");
        await Receiver.UntilAsync(_ => Receiver.Delivered(path).Count >= 1, what: "ROT-1");
        var during = Receiver.Delivered(path)[0];
        var signatures = during.Signature!.Split(' ');
        Assert.Equal(3, signatures.Length);
        Assert.Equal(signatures[0], signatures[2]);
        Assert.Equal(Webhooks.ExpectedSignature(second, during.Id!, during.Timestamp!, during.Body), signatures[0]);
        Assert.Equal(Webhooks.ExpectedSignature(first, during.Id!, during.Timestamp!, during.Body), signatures[1]);
        Assert.True(Verifies(second, during), "the new secret does not verify during the overlap");
        Assert.True(Verifies(first, during), "the old secret does not verify during the overlap");

        // Rotated again with a one-second overlap, which is then let pass: only the newest secret signs.
        var again = (await host.DataAsync(j.Partner, Rotate, new { input = new { id, overlapSeconds = 1 } }))["rotateWebhookSecret"]!.AsObject();
        Assert.Empty(again["errors"]!.AsArray());
        var third = again["secret"]!.GetValue<string>();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await host.RegisterAsync(j.Admin, "ROT-2", "Rotation Two", "Cazin");
        await Receiver.UntilAsync(_ => Receiver.Delivered(path).Count >= 2, what: "ROT-2");
        var after = Receiver.Delivered(path)[1];
        Assert.Equal("ROT-2", after.Code());
        Assert.Single(after.Signature!.Split(' '));
        Assert.True(Verifies(third, after), "the new secret does not verify after the overlap");
        Assert.False(Verifies(second, after), "the replaced secret still verifies after the overlap");
        Assert.False(Verifies(first, after), "the first secret still verifies");
        // Its overlap over, the replaced secret is no longer shown (the delivery's claim cleared it).
        Assert.Null((await host.DataAsync(j.Partner, "query { webhooks { edges { node { id previousSecretUntil } } } }"))["webhooks"]!
            ["edges"]!.AsArray().Single(e => e!["node"]!["id"]!.GetValue<string>() == id)!["node"]!["previousSecretUntil"]);

        // A zero overlap drops the old secret at once; out-of-range overlaps and strangers are refused.
        var zero = (await host.DataAsync(j.Partner, Rotate, new { input = new { id, overlapSeconds = 0 } }))["rotateWebhookSecret"]!.AsObject();
        Assert.Empty(zero["errors"]!.AsArray());
        Assert.Null(zero["webhook"]!["previousSecretUntil"]);
        var tooLong = (await host.DataAsync(j.Partner, Rotate, new { input = new { id, overlapSeconds = 40 * 86400 } }))["rotateWebhookSecret"]!;
        Assert.Equal("overlapSeconds", tooLong["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Null(tooLong["secret"]);
        var other = j.Partner with { Subject = "partner-other" };
        var stranger = (await host.DataAsync(other, Rotate, new { input = new { id } }))["rotateWebhookSecret"]!;
        Assert.Equal("NOT_FOUND", stranger["errors"]![0]!["code"]!.GetValue<string>());
    }
}
