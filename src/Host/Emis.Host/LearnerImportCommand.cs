using System.Text.Json;
using Emis.Enrollment.Learners.ImportLearners;
using Emis.Platform.Commands;
using Emis.Platform.Imports;

namespace Emis.Host;

/// <summary><c>import learners FILE --school-year 2025/2026 [--report REPORT.json] [--jurisdiction ID]</c>.</summary>
public sealed partial class EmisProgram
{
    private static readonly JsonSerializerOptions LearnerReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static async Task<int> ImportLearnersAsync(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return Usage("usage: import learners FILE --school-year YYYY/YYYY [--report REPORT.json] [--jurisdiction ID]");
        }
        var file = args[0];
        var options = Options([.. args.Skip(1)]);
        if (!options.TryGetValue("school-year", out var schoolYear))
        {
            return Usage("import learners needs --school-year, e.g. --school-year 2025/2026");
        }
        if (!File.Exists(file)) return Usage($"{file}: no such file");
        var jurisdiction = options.GetValueOrDefault("jurisdiction") ?? EmisComposition.DefaultJurisdiction;

        var app = BuildForCommand();
        await app.StartAsync();
        try
        {
            var importer = app.Services.GetRequiredService<LearnerImporter>();
            var content = await File.ReadAllBytesAsync(file);
            // The importer sets the correlation id to the import's own id.
            var context = new CommandContext(jurisdiction, CliActor, Sources.Import, "cli");
            var started = System.Diagnostics.Stopwatch.StartNew();
            ImportReport report;
            try
            {
                report = await importer.ImportAsync(
                    new LearnerImportRequest(Path.GetFileName(file), content, schoolYear, context), CancellationToken.None,
                    new Progress<int>(done => Console.Error.Write($"\rimported {done} rows…")));
            }
            catch (UnreadableFileException unreadable)
            {
                Console.Error.WriteLine($"{Path.GetFileName(file)}: {unreadable.Code}: {unreadable.Message}");
                return 2;
            }
            catch (CommandRejectedException rejected)
            {
                foreach (var error in rejected.Errors) Console.Error.WriteLine($"{error.Field}: {error.Message}");
                return 2;
            }
            Console.Error.WriteLine();
            foreach (var row in report.Results.Where(r => r.Status is RowStatus.Rejected or RowStatus.Review))
            {
                Console.WriteLine($"row {row.Row}: {row.Status} — {string.Join("; ", row.Errors.Select(e => $"{e.Field}: {e.Code}"))}");
            }
            var s = report.Summary;
            Console.WriteLine($"{report.Rows} rows: {s.Imported} imported, {s.Duplicate} duplicate, {s.Review} for review, {s.Rejected} rejected " +
                              $"in {started.Elapsed.TotalSeconds:0.0} s (import {report.ImportId}, jurisdiction {jurisdiction}, {report.Format})");
            if (options.TryGetValue("report", out var reportPath))
            {
                await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report, LearnerReportJson));
            }
            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
