using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Emis.Bench;

/// <summary>What a closed-loop run measured: requests started inside the measured window, their latencies, failures.</summary>
internal sealed record LoadRun(string Name, int Requests, int Failures, TimeSpan Window, LatencySummary Latency, string? FirstFailure)
{
    public double Throughput => Requests / Window.TotalSeconds;
}

/// <summary>
/// Closed-loop load: a fixed number of workers, each sending its next request as soon as the previous one is answered.
/// A warm-up runs first and is not counted; a request counts when it starts inside the measured window.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>One request: true when it succeeded; a failure may say why.</summary>
    public delegate Task<(bool Ok, string? Why)> Request(Random random, CancellationToken ct);

    public static async Task<LoadRun> RunAsync(string name, int concurrency, TimeSpan warmup, TimeSpan window, int seed, Request request)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var recorders = new LatencyRecorder[concurrency];
        var failures = 0;
        string? firstFailure = null;

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed + worker);
            var recorder = recorders[worker] = new LatencyRecorder();
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (t0 >= measureTo) break;
                bool ok;
                string? why;
                try
                {
                    (ok, why) = await request(random, CancellationToken.None);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or NpgsqlException or JsonException or IOException
                    or KeyNotFoundException or InvalidOperationException)
                {
                    (ok, why) = (false, ex.GetType().Name + ": " + ex.Message);
                }
                var elapsed = Stopwatch.GetTimestamp() - t0;
                if (t0 < measureFrom) continue;
                recorder.Add(elapsed);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, why ?? "failed", null);
                }
            }
        })));

        var all = LatencyRecorder.Merge(recorders);
        return new LoadRun(name, all.Count, failures, window, all.Summarise(), firstFailure);
    }
}

/// <summary>GraphQL over HTTP as a client sends it: POST /graphql, JSON body, bearer token; checks status and errors.</summary>
internal sealed class GraphQLClient(HttpClient http, string token)
{
    public async Task<(bool Ok, string? Why, JsonDocument? Body)> PostAsync(string query, object? variables, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (false, $"HTTP {(int)response.StatusCode}: {Truncate(Encoding.UTF8.GetString(bytes))}", null);
        }
        var body = JsonDocument.Parse(bytes);
        if (body.RootElement.TryGetProperty("errors", out var errors) || !body.RootElement.TryGetProperty("data", out var data)
            || data.ValueKind != JsonValueKind.Object)
        {
            var why = "GraphQL errors: " + Truncate(
                errors.ValueKind == JsonValueKind.Undefined ? body.RootElement.GetRawText() : errors.GetRawText());
            body.Dispose();
            return (false, why, null);
        }
        return (true, null, body);
    }

    /// <summary>A request whose answer is only checked, not kept.</summary>
    public async Task<(bool Ok, string? Why)> CheckAsync(string query, object? variables, CancellationToken ct)
    {
        var (ok, why, body) = await PostAsync(query, variables, ct);
        body?.Dispose();
        return (ok, why);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>The two read queries, over GraphQL and as the equivalent SQL straight to PostgreSQL through Npgsql.</summary>
internal static class HttpLoad
{
    public const int Concurrency = 64;

    public const string LearnersQuery =
        "query($s: ID!) { learners(filter: { schoolId: $s }, first: 50) { totalCount edges { node { id firstName lastName sex enrollment { grade " +
        "section } } } } }";

    public const string StatisticsQuery =
        "{ enrollmentStatistics(groupBy: [MUNICIPALITY, GRADE, SEX], schoolYear: \"2025/2026\") { total rows { municipality grade sex count } } }";

    // What Emis sends for the learners page (LearnerQueries, through Marten): the total first, then the page ordered on
    // the duplicated name columns.
    public const string LearnersCountSql =
        "select count(*) from emis.mt_doc_learnerprofile as d where d.tenant_id = $1 and d.school_id = $2";

    public const string LearnersSql =
        "select d.data from emis.mt_doc_learnerprofile as d where d.tenant_id = $1 and d.school_id = $2 " +
        "order by d.last_name, d.first_name, d.id limit 50";

    // The aggregate Emis runs for this question: the school × grade × sex rollup answers it (StatisticsQueries).
    public const string StatisticsSql =
        "select municipality, grade, sex, sum(count)::bigint from emis.enr_counts_school where tenant_id = $1 and school_year = $2 and count > 0 " +
        "group by 1, 2, 3 order by 1, 2, 3";

    // Every answer is checked against the figures known after the load (nothing writes during this phase): a fast
    // wrong or empty answer counts as a failure, not as a good latency.

    public static ClosedLoop.Request GraphQLLearners(
        GraphQLClient client, IReadOnlyList<BenchSchool> schools, IReadOnlyDictionary<Guid, long> enrolled) =>
        async (random, ct) =>
        {
            var school = schools[random.Next(schools.Count)];
            var (ok, why, body) = await client.PostAsync(LearnersQuery, new { s = school.Id }, ct);
            using (body)
            {
                if (!ok) return (false, why);
                var learners = body!.RootElement.GetProperty("data").GetProperty("learners");
                var total = learners.GetProperty("totalCount").GetInt64();
                var edges = learners.GetProperty("edges").GetArrayLength();
                var expected = enrolled.GetValueOrDefault(school.Id);
                return total == expected && edges == Math.Min(50, expected) ? (true, null)
                    : (false, $"school {school.Code}: {edges} edges of {total}, expected {expected}");
            }
        };

    public static ClosedLoop.Request GraphQLStatistics(GraphQLClient client, long enrolled) => async (_, ct) =>
    {
        var (ok, why, body) = await client.PostAsync(StatisticsQuery, null, ct);
        using (body)
        {
            if (!ok) return (false, why);
            var total = body!.RootElement.GetProperty("data").GetProperty("enrollmentStatistics").GetProperty("total").GetInt64();
            return total == enrolled ? (true, null) : (false, $"total {total}, expected {enrolled}");
        }
    };

    public static ClosedLoop.Request SqlLearners(
        NpgsqlDataSource database, IReadOnlyList<BenchSchool> schools, IReadOnlyDictionary<Guid, long> enrolled) =>
        async (random, ct) =>
        {
            var school = schools[random.Next(schools.Count)];
            long total;
            await using (var count = database.CreateCommand(LearnersCountSql))
            {
                count.Parameters.Add(new NpgsqlParameter { Value = "una-sana" });
                count.Parameters.Add(new NpgsqlParameter { Value = school.Id });
                total = (long)(await count.ExecuteScalarAsync(ct))!;
            }
            await using var command = database.CreateCommand(LearnersSql);
            command.Parameters.Add(new NpgsqlParameter { Value = "una-sana" });
            command.Parameters.Add(new NpgsqlParameter { Value = school.Id });
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = 0;
            while (await reader.ReadAsync(ct))
            {
                // Read the document as text, as a client of the database would receive it.
                _ = reader.GetString(0);
                rows++;
            }
            var expected = enrolled.GetValueOrDefault(school.Id);
            return (rows == 0 || total == expected) && rows == Math.Min(50, expected) ? (true, null)
                : (false, $"school {school.Code}: {rows} rows of {total}, expected {expected}");
        };

    public static ClosedLoop.Request SqlStatistics(NpgsqlDataSource database, long enrolled) => async (random, ct) =>
    {
        await using var command = database.CreateCommand(StatisticsSql);
        command.Parameters.Add(new NpgsqlParameter { Value = "una-sana" });
        command.Parameters.Add(new NpgsqlParameter { Value = LearnerFactory.SchoolYear });
        await using var reader = await command.ExecuteReaderAsync(ct);
        long total = 0;
        while (await reader.ReadAsync(ct))
        {
            _ = reader.GetString(0);
            _ = reader.GetInt32(1);
            _ = reader.GetString(2);
            total += reader.GetInt64(3);
        }
        return total == enrolled ? (true, null) : (false, $"total {total}, expected {enrolled}");
    };
}
