using System.Text.Json;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Emis.Staffing.Staff.ImportingStaff;

namespace Emis.Host;

/// <summary>
/// <c>import staff FILE [--school-year 2025/2026] [--report REPORT.json] [--jurisdiction ID]</c>; the school year defaults to
/// the current one (from September).
/// </summary>
public sealed partial class EmisProgram
{
    private static async Task<int> ImportStaffAsync(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return Usage("usage: import staff FILE [--school-year YYYY/YYYY] [--report REPORT.json] [--jurisdiction ID]");
        }
        var file = args[0];
        var options = Options([.. args.Skip(1)]);
        var schoolYear = options.GetValueOrDefault("school-year") ?? CurrentSchoolYear(DateTime.UtcNow);
        if (!File.Exists(file)) return Usage($"{file}: no such file");
        var jurisdiction = options.GetValueOrDefault("jurisdiction") ?? EmisComposition.DefaultJurisdiction;

        var app = BuildForCommand();
        await app.StartAsync();
        try
        {
            var importer = app.Services.GetRequiredService<StaffImporter>();
            var content = await File.ReadAllBytesAsync(file);
            // The importer sets the correlation id to the import's own id.
            var context = new CommandContext(jurisdiction, CliActor, Sources.Import, "cli");
            var started = System.Diagnostics.Stopwatch.StartNew();
            StaffImportReport report;
            try
            {
                report = await importer.ImportAsync(
                    new StaffImportRequest(Path.GetFileName(file), content, schoolYear, context), CancellationToken.None,
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

    /// <summary>The school year a day falls in: from 1 September, the year that starts then.</summary>
    private static string CurrentSchoolYear(DateTime day)
    {
        var start = day.Month >= 9 ? day.Year : day.Year - 1;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{start}/{start + 1}");
    }
}
