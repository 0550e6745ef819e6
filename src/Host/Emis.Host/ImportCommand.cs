using System.Text.Json;
using Emis.Enrollment.Learners.ImportLearners;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Emis.Staffing.Staff.ImportingStaff;

namespace Emis.Host;

/// <summary>
/// <c>import learners FILE --school-year 2025/2026 [--report REPORT.json] [--jurisdiction ID]</c> and
/// <c>import staff FILE [--school-year 2025/2026] [--report REPORT.json] [--jurisdiction ID]</c> (the staff school year
/// defaults to the current one, from September): one way to run an import of people from the command line.
/// </summary>
public sealed partial class EmisProgram
{
    private static readonly JsonSerializerOptions ImportReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>What the command prints of a report, whatever the importer.</summary>
    private sealed record ReportView(Guid ImportId, int Rows, ImportSummary Summary, string? Format,
        IEnumerable<(int Row, string Status, IReadOnlyList<RowProblem> Errors)> Results);

    private static Task<int> ImportLearnersAsync(string[] args) => ImportPeopleAsync(args, "learners", schoolYearRequired: true,
        async (services, request, progress) =>
        {
            var report = await services.GetRequiredService<LearnerImporter>().ImportAsync(
                new LearnerImportRequest(request.FileName, request.Content, request.SchoolYear, request.Context), CancellationToken.None, progress);
            return (report, new ReportView(report.ImportId, report.Rows, report.Summary, report.Format,
                report.Results.Select(r => (r.Row, r.Status, r.Errors))));
        });

    private static Task<int> ImportStaffAsync(string[] args) => ImportPeopleAsync(args, "staff", schoolYearRequired: false,
        async (services, request, progress) =>
        {
            var report = await services.GetRequiredService<StaffImporter>().ImportAsync(
                new StaffImportRequest(request.FileName, request.Content, request.SchoolYear, request.Context), CancellationToken.None, progress);
            return (report, new ReportView(report.ImportId, report.Rows, report.Summary, report.Format,
                report.Results.Select(r => (r.Row, r.Status, r.Errors))));
        });

    private sealed record CliImport(string FileName, byte[] Content, string SchoolYear, CommandContext Context);

    private static async Task<int> ImportPeopleAsync(string[] args, string what, bool schoolYearRequired,
        Func<IServiceProvider, CliImport, IProgress<int>, Task<(object Report, ReportView View)>> import)
    {
        var yearUsage = schoolYearRequired ? "--school-year YYYY/YYYY" : "[--school-year YYYY/YYYY]";
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return ImportUsage($"usage: import {what} FILE {yearUsage} [--report REPORT.json] [--jurisdiction ID]");
        }
        var file = args[0];
        if (KnownOptions($"import {what}", [.. args.Skip(1)], "school-year", "report", "jurisdiction") is not { } options) return ImportFailed;
        var schoolYear = options.GetValueOrDefault("school-year");
        if (schoolYear is null && schoolYearRequired) return ImportUsage($"import {what} needs --school-year, e.g. --school-year 2025/2026");
        schoolYear ??= CurrentSchoolYear(DateTime.UtcNow);
        if (!File.Exists(file)) return ImportUsage($"{file}: no such file");
        var jurisdiction = options.GetValueOrDefault("jurisdiction") ?? EmisComposition.DefaultJurisdiction;

        var app = BuildForCommand();
        await app.StartAsync();
        try
        {
            var content = await File.ReadAllBytesAsync(file);
            // The importer sets the correlation id to the import's own id.
            var context = new CommandContext(jurisdiction, CliActor, Sources.Import, "cli");
            var started = System.Diagnostics.Stopwatch.StartNew();
            (object Report, ReportView View) result;
            try
            {
                result = await import(app.Services, new CliImport(Path.GetFileName(file), content, schoolYear, context),
                    new Progress<int>(done => Console.Error.Write($"\rimported {done} rows…")));
            }
            catch (UnreadableFileException unreadable)
            {
                Console.Error.WriteLine($"{Path.GetFileName(file)}: {unreadable.Code}: {unreadable.Message}");
                return ImportFailed;
            }
            catch (CommandRejectedException rejected)
            {
                foreach (var error in rejected.Errors) Console.Error.WriteLine($"{error.Field}: {error.Message}");
                return ImportFailed;
            }
            Console.Error.WriteLine();
            var view = result.View;
            foreach (var (row, status, errors) in view.Results.Where(r => r.Status is RowStatus.Rejected or RowStatus.Review))
            {
                Console.WriteLine($"row {row}: {status} — {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Code}"))}");
            }
            var s = view.Summary;
            Console.WriteLine($"{view.Rows} rows: {s.Imported} imported, {s.Duplicate} duplicate, {s.Review} for review, {s.Rejected} rejected " +
                              $"in {started.Elapsed.TotalSeconds:0.0} s (import {view.ImportId}, jurisdiction {jurisdiction}, {view.Format})");
            if (options.TryGetValue("report", out var reportPath))
            {
                await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(result.Report, result.Report.GetType(), ImportReportJson));
            }
            // One rule for every import: 0 every row imported (or found to be someone already there), 2 some rows rejected or
            // held for review, 1 the import failed as a whole.
            return s.Rejected + s.Review > 0 ? ImportIncomplete : 0;
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
