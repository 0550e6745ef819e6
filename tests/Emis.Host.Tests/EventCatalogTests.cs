using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Features.Partners.Feed;

namespace Emis.Host.Tests;

/// <summary>
/// The event catalogue (GET /events/catalog) and the contract it makes: every published (name, version) keeps its
/// shape. event-catalog.json holds every published schema; a changed shape fails (publish a new version instead), a
/// removed version fails, and a new event fails until its schema, written to event-catalog.json.received, is reviewed
/// and copied over.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class EventCatalogTests(EmisHostFixture host)
{
    [Fact]
    public async Task the_catalogue_lists_every_public_event_with_its_schema_and_the_envelope()
    {
        using var response = await host.Http.GetAsync(EventCatalog.Path); // anonymous: it documents contracts, not data
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var catalogue = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        var events = catalogue["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var types = events.Select(e => e["type"]!.GetValue<string>()).ToList();
        Assert.Equal(host.Service<EventCatalog>().Entries.Select(e => e.Type), types);
        Assert.Contains("emis.registry.school_registered.v1", types);
        Assert.Contains("emis.enrollment.learner_withdrawn.v1", types);
        Assert.Contains("emis.credentials.account_issued.v1", types);
        Assert.All(events, e => Assert.False(string.IsNullOrWhiteSpace(e["description"]!.GetValue<string>())));

        var registered = events.Single(e => e["name"]!.GetValue<string>() == "enrollment.learner_registered");
        Assert.Equal(1, registered["version"]!.GetValue<int>());
        Assert.Equal("/events/catalog/enrollment.learner_registered/v1", registered["dataschema"]!.GetValue<string>());
        var schema = registered["schema"]!.AsObject();
        var properties = schema["properties"]!.AsObject();
        Assert.True(properties["firstName"]![EventCatalog.PersonalDataKeyword]!.GetValue<bool>());
        Assert.Null(properties["learnerId"]![EventCatalog.PersonalDataKeyword]);
        Assert.Equal("uuid", properties["learnerId"]!["format"]!.GetValue<string>());
        var required = schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains("learnerId", required);
        Assert.DoesNotContain("firstName", required); // left out for partners without the grant
        Assert.Contains("firstName", registered["personalFields"]!.AsArray().Select(f => f!.GetValue<string>()));

        var envelope = catalogue["envelope"]!["properties"]!.AsObject();
        foreach (var attribute in new[] { "specversion", "id", "source", "type", "subject", "time", "dataschema", "sequence", "change",
            "jurisdiction", "data" })
        {
            Assert.True(envelope.ContainsKey(attribute), $"the envelope does not document {attribute}");
        }

        // Envelope 2: documented beside the first, with how to choose it on each channel and the rule envelopes follow.
        var v2 = catalogue["envelopeV2"]!["properties"]!.AsObject();
        Assert.Equal("string", v2["sequence"]!["type"]!.GetValue<string>());
        Assert.Equal("uri", v2["dataschema"]!["format"]!.GetValue<string>());
        Assert.Equal("integer", envelope["sequence"]!["type"]!.GetValue<string>());
        var envelopes = catalogue["envelopes"]!.AsObject();
        Assert.Equal(1, envelopes["default"]!.GetValue<int>());
        Assert.Equal([1, 2], envelopes["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(["feed", "webhooks", "subscription"], envelopes["choose"]!.AsObject().Select(p => p.Key));
        Assert.Contains("setWebhookEnvelope", envelopes["choose"]!["webhooks"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task one_schema_is_served_where_the_events_dataschema_points()
    {
        using var response = await host.Http.GetAsync("/events/catalog/registry.school_renamed/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var schema = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("emis.registry.school_renamed.v1", schema["title"]!.GetValue<string>());
        Assert.Equal(["from", "name", "schoolId"], schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));

        using var missing = await host.Http.GetAsync("/events/catalog/registry.school_renamed/v9");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void every_published_event_keeps_its_shape()
    {
        var generated = CatalogShape.Of(host.Service<EventCatalog>());
        var snapshot = Path.Combine(SourceDirectory(), "event-catalog.json");
        var received = snapshot + ".received";
        var published = File.Exists(snapshot) ? JsonNode.Parse(File.ReadAllText(snapshot))!.AsObject() : [];

        var check = CatalogShape.Compare(published, generated);
        if (check.Review is { } review) File.WriteAllText(received, CatalogShape.Print(review));
        else if (File.Exists(received)) File.Delete(received);
        Assert.True(check.Problems.Count == 0, string.Join(Environment.NewLine, check.Problems) +
            (check.Review is null ? "" : $"{Environment.NewLine}Review {received} and, if intended, copy it to {snapshot}."));
    }

    [Fact]
    public void the_shape_check_refuses_a_changed_shape_a_removed_version_and_an_unreviewed_event()
    {
        var generated = CatalogShape.Of(host.Service<EventCatalog>());
        Assert.Empty(CatalogShape.Compare(generated.DeepClone().AsObject(), generated).Problems);

        var changed = generated.DeepClone().AsObject();
        changed["registry.school_renamed/v1"]!["properties"]!.AsObject().Remove("from");
        var changedCheck = CatalogShape.Compare(changed, generated);
        Assert.Contains(changedCheck.Problems, p => p.Contains("registry.school_renamed/v1", StringComparison.Ordinal) &&
                                                    p.Contains("publish a new version", StringComparison.Ordinal));
        Assert.Null(changedCheck.Review); // copying a .received file over must not make a changed shape pass

        var withRemoved = generated.DeepClone().AsObject();
        withRemoved["registry.school_closed/v1"] = new JsonObject { ["type"] = "object" };
        Assert.Contains(
            CatalogShape.Compare(withRemoved, generated).Problems, p => p.Contains("registry.school_closed/v1", StringComparison.Ordinal));

        var withoutNew = generated.DeepClone().AsObject();
        withoutNew.Remove("credentials.account_provisioned/v1");
        var newCheck = CatalogShape.Compare(withoutNew, generated);
        Assert.Contains(newCheck.Problems, p => p.Contains("credentials.account_provisioned/v1", StringComparison.Ordinal));
        Assert.True(JsonNode.DeepEquals(generated, newCheck.Review));
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

/// <summary>Published schemas against generated ones: what may change (nothing) and what needs review (new events).</summary>
internal static class CatalogShape
{
    public sealed record Check(IReadOnlyList<string> Problems, JsonObject? Review);

    /// <summary>Every (name, version) schema, keyed <c>name/vN</c>, in key order.</summary>
    public static JsonObject Of(EventCatalog catalog)
    {
        var shapes = new JsonObject();
        foreach (var entry in catalog.Entries.OrderBy(e => e.Key, StringComparer.Ordinal)) shapes[entry.Key] = entry.Schema.DeepClone();
        return shapes;
    }

    public static Check Compare(JsonObject published, JsonObject generated)
    {
        var problems = new List<string>();
        foreach (var (key, schema) in published)
        {
            if (!generated.TryGetPropertyValue(key, out var now))
            {
                problems.Add(
                    $"{key} was published and is gone: partners may still rely on it. Keep publishing it (a published version is never removed).");
            }
            else if (!JsonNode.DeepEquals(schema, now))
            {
                problems.Add($"{key} changed shape. A published version never changes: restore it and publish a new version instead " +
                             $"(a new record with [PublicEvent(name, {Version(key) + 1}, ...)]).");
            }
        }
        var added = generated.Where(g => !published.ContainsKey(g.Key)).Select(g => g.Key).ToList();
        if (added.Count == 0 || problems.Count > 0) return new Check([.. problems, .. added.Select(NotReviewed)], null);

        var review = new JsonObject();
        foreach (var (key, schema) in published.Concat(generated.Where(g => added.Contains(g.Key))).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            review[key] = schema!.DeepClone();
        }
        return new Check([.. added.Select(NotReviewed)], review);

        static string NotReviewed(string key) => $"{key} is new and not yet in the reviewed snapshot.";
    }

    public static string Print(JsonObject shapes) =>
        shapes.ToJsonString(
            new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .ReplaceLineEndings("\n") + "\n";

    private static int Version(string key) => int.Parse(
        key[(key.LastIndexOf("/v", StringComparison.Ordinal) + 2)..], System.Globalization.CultureInfo.InvariantCulture);
}
