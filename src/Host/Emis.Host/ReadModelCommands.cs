using System.Diagnostics;
using System.Globalization;
using Emis.Features.Rebuild;
using Emis.Platform.ReadModels;

namespace Emis.Host;

/// <summary>One check of <c>./emis audit verify</c>: prints what it finds and says whether everything was in order.</summary>
public sealed record AuditCheck(string Name, Func<IServiceProvider, TextWriter, CancellationToken, Task<bool>> RunAsync);

/// <summary><c>projections list</c>, <c>projections rebuild [NAME]</c> and <c>audit verify</c>.</summary>
public static class ReadModelCommands
{
    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    /// <summary>
    /// The checks <c>audit verify</c> runs, in order; each prints its findings. Every check runs even when an earlier one
    /// fails, and the command fails if any does.
    /// </summary>
    public static IReadOnlyList<AuditCheck> AuditChecks(int examples, string shadowSchema) =>
    [
        new("read models", (services, output, ct) => VerifyReadModelsAsync(services, output, examples, shadowSchema, ct)),
        new("hash chain", (services, output, ct) => EmisProgram.VerifyChainAsync(services, output, output, ct)),
    ];

    public static int List(IServiceProvider services, TextWriter output)
    {
        foreach (var model in services.GetRequiredService<ReadModelRebuilder>().All)
        {
            output.WriteLine($"{model.Name,-18} {model.Description}");
            output.WriteLine($"{"",-18} tables: {string.Join(", ", model.Tables.Select(t => t.Name))}");
        }
        return 0;
    }

    public static async Task<int> RebuildAsync(IServiceProvider services, string? name, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        var rebuilder = services.GetRequiredService<ReadModelRebuilder>();
        IReadOnlyList<IReadModel> models;
        if (name is null)
        {
            models = rebuilder.All;
        }
        else if (rebuilder.Find(name) is { } model)
        {
            models = [model];
        }
        else
        {
            Console.Error.WriteLine($"emis: no read model named '{name}'; known: {string.Join(", ", rebuilder.All.Select(m => m.Name))}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        long events = 0;
        foreach (var model in models)
        {
            // Each read model is replaced in its own transaction: readers see its old rows until the new ones commit.
            var bar = new ProgressBar(progress);
            var result = await rebuilder.RebuildLiveAsync(model, bar, ct);
            bar.Done(result);
            events += result.Events;
            output.WriteLine(Summary(result));
        }
        if (models.Count > 1)
        {
            output.WriteLine(string.Create(Numbers,
                $"all {models.Count} read models: {events:N0} events in {clock.Elapsed.TotalSeconds:0.0} s " +
                $"({(clock.Elapsed.TotalSeconds > 0 ? events / clock.Elapsed.TotalSeconds : 0):N0} events/s)"));
        }
        return 0;
    }

    public static async Task<int> AuditAsync(IServiceProvider services, IReadOnlyList<AuditCheck> checks, TextWriter output, CancellationToken ct)
    {
        var failed = new List<string>();
        foreach (var check in checks)
        {
            var passed = await check.RunAsync(services, output, ct);
            output.WriteLine($"check {check.Name}: {(passed ? "ok" : "FAILED")}");
            if (!passed) failed.Add(check.Name);
        }
        output.WriteLine(failed.Count == 0 ? "audit verify: ok" : $"audit verify: FAILED ({string.Join(", ", failed)})");
        return failed.Count == 0 ? 0 : 1;
    }

    private static async Task<bool> VerifyReadModelsAsync(
        IServiceProvider services, TextWriter output, int examples, string shadowSchema, CancellationToken ct)
    {
        var rebuilder = services.GetRequiredService<ReadModelRebuilder>();
        var report = await services.GetRequiredService<ReadModelVerifier>().VerifyAsync(
            rebuilder.All, shadowSchema, examples, new ProgressBar(Console.Error), ct);
        Console.Error.WriteLine();
        output.WriteLine(string.Create(
            Numbers, $"read models rebuilt into {shadowSchema} and compared with the live tables as of event sequence {report.Sequence:N0}"));
        foreach (var table in report.Tables)
        {
            var status = table.Differences == 0 ? "same" : string.Create(Numbers,
                $"{table.Differences:N0} different ({table.Changed:N0} changed, {table.MissingFromRebuild:N0} only live, " +
                $"{table.MissingFromLive:N0} only rebuilt)");
            output.WriteLine(string.Create(
                Numbers, $"  {table.ReadModel}/{table.Table}: {table.LiveRows:N0} live rows, {table.RebuiltRows:N0} rebuilt: {status}"));
            foreach (var d in table.Examples)
            {
                output.WriteLine(d.Column is null
                    ? $"    [{d.Key}] row {(d.Live is null ? "missing from the live table" : "missing from the rebuild")}"
                    : $"    [{d.Key}] {d.Column}: live {d.Live ?? "null"}, rebuilt {d.Rebuilt ?? "null"}");
            }
            if (table.Differences > table.Examples.Count && table.Examples.Count > 0)
            {
                output.WriteLine(string.Create(Numbers, $"    ... first {table.Examples.Count} differences shown"));
            }
        }
        return report.Clean;
    }

    private static string Summary(RebuildResult r) => string.Create(Numbers,
        $"{r.ReadModel}: {r.Events:N0} events up to sequence {r.UpTo:N0} in {r.Elapsed.TotalSeconds:0.00} s ({r.EventsPerSecond:N0} events/s); " +
        $"rows: {string.Join(", ", r.Rows.Select(kv => $"{kv.Key} {kv.Value:N0}"))}");

    /// <summary>A progress bar on standard error: read model, share of its events read, events/s. Redrawn at most 5 times a second.</summary>
    private sealed class ProgressBar(TextWriter writer) : IProgress<RebuildProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Stopwatch _since = new();
        private TimeSpan? _drawn;
        private string _model = "";

        public void Report(RebuildProgress value)
        {
            if (value.ReadModel != _model)
            {
                if (_model.Length > 0) writer.WriteLine();
                _model = value.ReadModel;
                _since.Restart();
                _drawn = null;
            }
            var now = _clock.Elapsed;
            if (_drawn is { } drawn && now - drawn < TimeSpan.FromMilliseconds(200) && value.Events < value.Total) return;
            _drawn = now;
            var share = value.Total > 0 ? Math.Min(1, (double)value.Events / value.Total) : 0;
            const int width = 30;
            var filled = (int)Math.Round(share * width);
            var rate = _since.Elapsed.TotalSeconds > 0 ? value.Events / _since.Elapsed.TotalSeconds : 0;
            writer.Write(string.Create(Numbers,
                $"\r{value.ReadModel,-18} [{new string('#', filled)}{new string('.', width - filled)}] {share,4:P0} " +
                $"{value.Events:N0}/{value.Total:N0} events {rate:N0} events/s   "));
            writer.Flush();
        }

        public void Done(RebuildResult result)
        {
            Report(new RebuildProgress(result.ReadModel, result.Events, Math.Max(result.Events, 1)));
            writer.WriteLine();
        }
    }
}
