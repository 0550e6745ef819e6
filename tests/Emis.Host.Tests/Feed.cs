using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Emis.Features.Partners.Feed;
using Emis.Platform.Auth;
using Emis.Registry.Schools;
using Marten;

namespace Emis.Host.Tests;

/// <summary>One answer of the pull feed.</summary>
internal sealed record FeedResponse(HttpStatusCode Status, string? ContentType, IReadOnlyList<JsonObject> Events, long LastSequence, long NextAfter,
    long SafeHead, JsonObject? Problem)
{
    public IReadOnlyList<long> Sequences => [.. Events.Select(e => e["sequence"]!.GetValue<long>())];
}

/// <summary>Helpers for the pull feed and for appending public events straight to the store.</summary>
internal static class Feed
{
    public static async Task<FeedResponse> FeedAsync(this EmisHostFixture host, Caller? caller, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PartnerFeedEndpoints.FeedPath + (query.Length > 0 ? "?" + query : ""));
        if (caller is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new FeedResponse(response.StatusCode, contentType, [], 0, 0, 0,
                contentType?.Contains("json", StringComparison.Ordinal) == true ? JsonNode.Parse(body) as JsonObject : null);
        }
        var events = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        return new FeedResponse(response.StatusCode, contentType, events,
            Header(response, PartnerFeedEndpoints.LastSequenceHeader), Header(response, PartnerFeedEndpoints.NextAfterHeader),
            Header(response, PartnerFeedEndpoints.SafeHeadHeader), null);
    }

    /// <summary>Reads the whole feed from the start, in pages, until a page comes back empty.</summary>
    public static async Task<List<JsonObject>> WholeFeedAsync(this EmisHostFixture host, Caller caller, string extra = "")
    {
        var all = new List<JsonObject>();
        long after = 0;
        while (true)
        {
            var page = await host.FeedAsync(caller, $"after={after}&limit=500{extra}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            if (page.Events.Count == 0) return all;
            all.AddRange(page.Events);
            after = page.LastSequence;
        }
    }

    /// <summary>Reads until the feed has given at least <paramref name="count"/> events after <paramref name="after"/>.</summary>
    public static async Task<List<JsonObject>> FeedUntilAsync(this EmisHostFixture host, Caller caller, long after, int count)
    {
        var all = new List<JsonObject>();
        for (var round = 0; all.Count < count; round++)
        {
            if (round > 200) throw new Xunit.Sdk.XunitException($"the feed gave {all.Count} of {count} events");
            var page = await host.FeedAsync(caller, $"after={after}&limit=1000&wait=5");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            all.AddRange(page.Events);
            after = page.NextAfter;
        }
        return all;
    }

    /// <summary>Registers a school straight in the store (one stream, one or more public events), as the registry would.</summary>
    public static void AppendSchool(this IDocumentSession session, int renames = 0)
    {
        var id = Guid.NewGuid();
        var code = "F-" + id.ToString("N")[..8];
        var events = new List<object> { new SchoolRegistered(id, code, "School " + code, "Cazin", SchoolLevel.Primary, ["bs"], SchoolStatus.Open) };
        for (var i = 0; i < renames; i++)
        {
            events.Add(new SchoolRenamed(id, "School " + code + (i == 0 ? "" : " " + i), "School " + code + " " + (i + 1)));
        }
        session.Events.StartStream<School>(id, [.. events]);
    }

    public static async Task AppendSchoolsAsync(this EmisHostFixture host, string jurisdiction, int schools, int renames = 0)
    {
        await using var session = host.Service<IDocumentStore>().LightweightSession(jurisdiction);
        for (var i = 0; i < schools; i++) session.AppendSchool(renames);
        await session.SaveChangesAsync();
    }

    private static long Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? long.Parse(values.Single(), CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"no {name} header");
}
