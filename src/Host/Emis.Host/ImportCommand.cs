using System.CommandLine;
using Spectre.Console;
using System.Text.Json;
using Emis.Assets.Devices.ImportingDevices;
using Emis.Budget.Accounts.ImportingTreasury;
using Emis.Enrollment.Learners.ImportLearners;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Emis.Staffing.Staff.ImportingStaff;

namespace Emis.Host;

/// <summary>
/// <c>import schools FILE</c>, <c>import learners FILE --school-year 2025/2026</c>, <c>import staff FILE</c> (the staff
/// school year defaults to the current one, from September), <c>import devices FILE</c> (a device inventory) and
/// <c>import treasury FILE --fiscal-year 2026</c> (a treasury export's commitments and payments), each with
/// <c>[--report REPORT.json] [--jurisdiction ID]</c>,
/// parsed by System.CommandLine: <c>--help</c> on every command, an unknown option refused with the closest known one.
/// One exit-code rule for every import: 0 every row imported, 2 rows rejected or held for review, 1 the import failed.
/// </summary>
public sealed partial class EmisProgram
{
    private static readonly JsonSerializerOptions ImportReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>What the command prints of a report, whatever the importer.</summary>
    private sealed record ReportView(Guid ImportId, int Rows, ImportSummary Summary, string? Format,
        IEnumerable<(int Row, string Status, IReadOnlyList<RowProblem> Errors)> Results);

    private static async Task<int> ImportAsync(string[] args)
    {
        Argument<string> File(string what) => new("file") { Description = $"The {what} file: CSV, XLSX or XLS." };
        Option<string> Report() => new("--report") { Description = "Also write the whole report, every row, as JSON to this file." };
        Option<string> Jurisdiction() => new("--jurisdiction") { Description = $"The jurisdiction (default {EmisComposition.DefaultJurisdiction})." };
        Option<string> Year(bool required) => new("--school-year")
        {
            Description = required ? "The school year the learners are enrolled for, e.g. 2025/2026." : "The school year (default: the current one).",
            Required = required,
        };

        var schools = new Command("schools", "Register or update schools from a registry file (code,name,municipality[,level,languages]).");
        var (schoolsFile, schoolsReport, schoolsJurisdiction) = (File("school registry"), Report(), Jurisdiction());
        schools.Arguments.Add(schoolsFile);
        schools.Options.Add(schoolsReport);
        schools.Options.Add(schoolsJurisdiction);
        schools.SetAction(r => ImportSchoolsAsync(r.GetValue(schoolsFile)!, r.GetValue(schoolsJurisdiction), r.GetValue(schoolsReport)));

        var learners = new Command("learners", "Import a learner template: clean, match schools, find duplicates, issue EduIDs and accounts.");
        var (learnersFile, learnersYear, learnersReport, learnersJurisdiction) = (File("learner"), Year(true), Report(), Jurisdiction());
        learners.Arguments.Add(learnersFile);
        learners.Options.Add(learnersYear);
        learners.Options.Add(learnersReport);
        learners.Options.Add(learnersJurisdiction);
        learners.SetAction(r => ImportLearnersAsync(new CliOptions(r.GetValue(learnersFile)!, r.GetValue(learnersYear), r.GetValue(learnersReport),
            r.GetValue(learnersJurisdiction))));

        var staff = new Command("staff", "Import a staff template through the same pipeline: contracts, qualifications, EduIDs and accounts.");
        var (staffFile, staffYear, staffReport, staffJurisdiction) = (File("staff"), Year(false), Report(), Jurisdiction());
        staff.Arguments.Add(staffFile);
        staff.Options.Add(staffYear);
        staff.Options.Add(staffReport);
        staff.Options.Add(staffJurisdiction);
        staff.SetAction(r => ImportStaffAsync(new CliOptions(r.GetValue(staffFile)!, r.GetValue(staffYear), r.GetValue(staffReport),
            r.GetValue(staffJurisdiction))));

        var devices = new Command("devices", "Import a device inventory: clean, match schools and rooms, hold serial numbers registered already.");
        var (devicesFile, devicesReport, devicesJurisdiction) = (File("device inventory"), Report(), Jurisdiction());
        devices.Arguments.Add(devicesFile);
        devices.Options.Add(devicesReport);
        devices.Options.Add(devicesJurisdiction);
        devices.SetAction(r => ImportDevicesAsync(new CliOptions(r.GetValue(devicesFile)!, null, r.GetValue(devicesReport),
            r.GetValue(devicesJurisdiction))));

        var treasury = new Command("treasury", "Import a treasury export's commitments and payments into a fiscal year: every line accounted for.");
        var (treasuryFile, treasuryReport, treasuryJurisdiction) = (File("treasury export"), Report(), Jurisdiction());
        var fiscalYear = new Option<int>("--fiscal-year") { Description = "The fiscal year the lines are recorded in, e.g. 2026.", Required = true };
        treasury.Arguments.Add(treasuryFile);
        treasury.Options.Add(fiscalYear);
        treasury.Options.Add(treasuryReport);
        treasury.Options.Add(treasuryJurisdiction);
        treasury.SetAction(r => ImportTreasuryAsync(new CliOptions(r.GetValue(treasuryFile)!, null, r.GetValue(treasuryReport),
            r.GetValue(treasuryJurisdiction)), r.GetValue(fiscalYear)));

        var import = new Command("import", "Import a file into Emis.") { schools, learners, staff, devices, treasury };
        var root = new RootCommand("Emis") { import };
        // A parse error (an unknown option, a missing value) is a failed import: exit code 1, with help and the closest option.
        return await root.Parse(["import", .. args]).InvokeAsync();
    }

    /// <summary>What the command line says about one import of people.</summary>
    private sealed record CliOptions(string File, string? SchoolYear, string? Report, string? Jurisdiction);

    private static Task<int> ImportLearnersAsync(CliOptions args) => ImportPeopleAsync(args,
        async (services, request, progress) =>
        {
            var report = await services.GetRequiredService<LearnerImporter>().ImportAsync(
                new LearnerImportRequest(request.FileName, request.Content, request.SchoolYear, request.Context), CancellationToken.None, progress);
            return (report, new ReportView(report.ImportId, report.Rows, report.Summary, report.Format,
                report.Results.Select(r => (r.Row, r.Status, r.Errors))));
        });

    private static Task<int> ImportStaffAsync(CliOptions args) => ImportPeopleAsync(args,
        async (services, request, progress) =>
        {
            var report = await services.GetRequiredService<StaffImporter>().ImportAsync(
                new StaffImportRequest(request.FileName, request.Content, request.SchoolYear, request.Context), CancellationToken.None, progress);
            return (report, new ReportView(report.ImportId, report.Rows, report.Summary, report.Format,
                report.Results.Select(r => (r.Row, r.Status, r.Errors))));
        });

    private static Task<int> ImportDevicesAsync(CliOptions args) => ImportPeopleAsync(args,
        async (services, request, progress) =>
        {
            var report = await services.GetRequiredService<DeviceImporter>().ImportAsync(
                new DeviceImportRequest(request.FileName, request.Content, request.Context), CancellationToken.None, progress);
            return (report, new ReportView(report.ImportId, report.Rows, report.Summary, report.Format,
                report.Results.Select(r => (r.Row, r.Status, r.Errors))));
        });

    private static Task<int> ImportTreasuryAsync(CliOptions args, int fiscalYear) => ImportPeopleAsync(args,
        async (services, request, progress) =>
        {
            var report = await services.GetRequiredService<TreasuryImporter>().ImportAsync(
                new TreasuryImportRequest(request.FileName, request.Content, fiscalYear, request.Context), CancellationToken.None, progress);
            var s = report.Summary;
            // Lines outside a scope cannot happen here (the command line records every holder's lines); counted as rejected if they did.
            return (report, new ReportView(report.ImportId, report.Rows, new ImportSummary(s.Imported, s.Duplicate, 0, s.Rejected + s.Forbidden),
                report.Format, report.Results.Select(r => (r.Row, r.Status == TreasuryStatus.Forbidden ? RowStatus.Rejected : r.Status, r.Errors))));
        });

    private sealed record CliImport(string FileName, byte[] Content, string SchoolYear, CommandContext Context);

    // The file's rows, for the progress bar's total (0 when it cannot be read: the importer says why).
    private static int RowsOf(byte[] content, string fileName)
    {
        try
        {
            return SheetFile.Read(content, fileName, "the file").Rows.Count;
        }
        catch (UnreadableFileException)
        {
            return 0;
        }
    }

    /// <summary>Runs an import under a progress bar on standard error: rows written of the file's rows, the rate and the time left.</summary>
    private static async Task<T> WithProgressAsync<T>(int total, Func<IProgress<int>, Task<T>> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RowsPerSecondColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{total:N0} rows", maxValue: Math.Max(1, total));
                var result = await run(new Progress<int>(done => task.Value = done));
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>The import's rate in rows a second.</summary>
    private sealed class RowsPerSecondColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task,
            TimeSpan deltaTime) =>
            new Text($"{task.Speed ?? 0:N0} rows/s");
    }

    private static async Task<int> ImportPeopleAsync(CliOptions args,
        Func<IServiceProvider, CliImport, IProgress<int>, Task<(object Report, ReportView View)>> import)
    {
        var file = args.File;
        var schoolYear = args.SchoolYear ?? CurrentSchoolYear(DateTime.UtcNow);
        if (!System.IO.File.Exists(file)) return ImportUsage($"{file}: no such file");
        var jurisdiction = args.Jurisdiction ?? EmisComposition.DefaultJurisdiction;

        var app = BuildForCommand();
        await app.StartAsync();
        try
        {
            var content = await System.IO.File.ReadAllBytesAsync(file);
            // The importer sets the correlation id to the import's own id.
            var context = new CommandContext(jurisdiction, CliActor, Sources.Import, "cli");
            var started = System.Diagnostics.Stopwatch.StartNew();
            (object Report, ReportView View) result;
            try
            {
                result = await WithProgressAsync(RowsOf(content, Path.GetFileName(file)), progress =>
                    import(app.Services, new CliImport(Path.GetFileName(file), content, schoolYear, context), progress));
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
            var view = result.View;
            foreach (var (row, status, errors) in view.Results.Where(r => r.Status is RowStatus.Rejected or RowStatus.Review))
            {
                Console.WriteLine($"row {row}: {status} — {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Code}"))}");
            }
            var s = view.Summary;
            Console.WriteLine($"{view.Rows} rows: {s.Imported} imported, {s.Duplicate} duplicate, {s.Review} for review, {s.Rejected} rejected " +
                              $"in {started.Elapsed.TotalSeconds:0.0} s (import {view.ImportId}, jurisdiction {jurisdiction}, {view.Format})");
            if (args.Report is { } reportPath)
            {
                var json = JsonSerializer.Serialize(result.Report, result.Report.GetType(), ImportReportJson);
                await System.IO.File.WriteAllTextAsync(reportPath, json);
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
