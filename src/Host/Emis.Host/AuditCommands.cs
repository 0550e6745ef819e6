using System.Globalization;
using Emis.Features.AuditTrail;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Host;

/// <summary>
/// <c>export events</c>: a jurisdiction's events as NDJSON or CSV, pseudonymised by default;
/// <c>audit chain</c>: extend the event log's hash chain and verify it (exit 1 naming the first bad event).
/// </summary>
public sealed partial class EmisProgram
{
    private const string ExportEventsUsage =
        "usage: export events [--from DATE] [--to DATE] [--format ndjson|csv] [--types a,b] [--jurisdiction ID] [--personal-data] [--out FILE]";

    private static async Task<int> ExportEventsAsync(string[] args)
    {
        var personalData = args.Contains("--personal-data");
        var options = Options([.. args.Where(a => a != "--personal-data")]);
        var unknown = options.Keys.FirstOrDefault(k => k is not ("from" or "to" or "format" or "types" or "jurisdiction" or "out"));
        if (unknown is not null) return Usage($"export events: unknown option --{unknown}\n{ExportEventsUsage}");
        if (!TryInstant(options.GetValueOrDefault("from"), endOfDay: false, out var from))
        {
            return Usage("export events: --from must be a date (2025-09-30) or an instant (2025-09-30T12:00:00Z)");
        }
        if (!TryInstant(options.GetValueOrDefault("to"), endOfDay: true, out var to))
        {
            return Usage("export events: --to must be a date (2025-09-30, included) or an instant (excluded)");
        }
        if (from is not null && to is not null && to < from) return Usage("export events: --to is before --from");
        var format = options.GetValueOrDefault("format")?.ToLowerInvariant() switch
        {
            null or "ndjson" => ExportFormat.Ndjson,
            "csv" => ExportFormat.Csv,
            _ => (ExportFormat?)null,
        };
        if (format is null) return Usage("export events: --format must be ndjson or csv");
        IReadOnlyList<string> types =
            [.. (options.GetValueOrDefault("types") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var jurisdiction = options.GetValueOrDefault("jurisdiction") ?? EmisComposition.DefaultJurisdiction;

        // Reading needs the store only: the host is built but not started (see export sds).
        await using var app = BuildForCommand();
        var known = EventTypes.Of(app.Services.GetRequiredService<IDocumentStore>());
        if (types.FirstOrDefault(t => !known.ContainsKey(t)) is { } bad)
        {
            return Usage(
                $"export events: --types: '{bad}' is not an event type (known: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))})");
        }
        var request = new EventExportRequest(jurisdiction, from, to, format.Value, types.Count > 0 ? types : null, personalData);
        var export = app.Services.GetRequiredService<EventExport>();
        long written;
        if (options.TryGetValue("out", out var path))
        {
            await using var file = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
            written = await export.WriteAsync(request, file, CancellationToken.None);
        }
        else
        {
            await using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false));
            written = await export.WriteAsync(request, stdout, CancellationToken.None);
        }
        await Console.Error.WriteLineAsync(
            $"emis: {written} events of {jurisdiction} exported as {format.Value.ToString().ToLowerInvariant()}, " +
            $"{(personalData ? "WITH personal data" : "pseudonymised")}");
        return 0;
    }

    /// <summary>A date (its start, or with <paramref name="endOfDay"/> the start of the next day) or an instant; null when not given.</summary>
    private static bool TryInstant(string? text, bool endOfDay, out DateTimeOffset? instant)
    {
        instant = null;
        if (text is null) return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            instant = new DateTimeOffset((endOfDay ? date.AddDays(1) : date).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            instant = parsed;
            return true;
        }
        return false;
    }

    /// <summary><c>audit chain</c>: extend the hash chain now and verify it.</summary>
    private static async Task<int> AuditChainAsync()
    {
        await using var app = await BuildStoreOnlyAsync();
        return await VerifyChainAsync(app.Services, Console.Out, Console.Error, CancellationToken.None) ? 0 : 1;
    }

    /// <summary>Extends the hash chain to the settled head and recomputes it; false (and the first bad event named) when broken.</summary>
    internal static async Task<bool> VerifyChainAsync(IServiceProvider services, TextWriter output, TextWriter problems, CancellationToken ct)
    {
        var chain = services.GetRequiredService<HashChain>();
        await SettledHead.GetAsync(services.GetRequiredService<EventLog>(), ct);
        var extension = await chain.ExtendAsync(ct);
        output.WriteLine($"hash chain extended by {extension.Added} events to sequence {extension.Head}");
        var result = await chain.VerifyAsync(ct);
        if (result.FirstBreak is { } bad)
        {
            problems.WriteLine($"emis: hash chain broken: {bad.Describe()} ({result.EventsChecked} events before it verified)");
            return false;
        }
        // The head is what an operator keeps off-site: a later rewrite of events and chain together cannot match it.
        output.WriteLine($"hash chain verified: {result.EventsChecked} events, head {result.Head} sha256 {result.HeadHash}");
        return true;
    }
}
