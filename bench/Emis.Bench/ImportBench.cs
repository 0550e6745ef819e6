using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Emis.Enrollment.Learners.ImportLearners;
using Emis.Enrollment.Schools;
using Emis.Host;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Emis.Platform.Text;
using Emis.Registry.Schools.ImportingSchools;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Bench;

/// <summary>
/// The learner import benchmark (issue 4): a fresh database, the real host, a national registry of schools registered
/// through the Registry in two jurisdictions, and a national learner file imported end to end through
/// <see cref="LearnerImporter"/> — clean in one jurisdiction, messy in the other — against a binary COPY of the same
/// rows into a plain table. Every figure printed is measured in this run.
/// </summary>
internal static class ImportBench
{
    /// <summary>The bar of issue 4 for 186,200 learners on a 2-core machine, and the aim.</summary>
    private const double BarSeconds = 40;
    private const double AimSeconds = 15;
    private const int BarLearners = 186_200;

    public static async Task<int> RunAsync(string server, ImportOptions options)
    {
        Say($"Emis learner import benchmark — learners {options.Learners:N0}, messy fraction " +
            $"{options.Messy.ToString("0.00", CultureInfo.InvariantCulture)}, " +
            $"{options.Schools:N0} schools, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, database) => RunInAsync(connection, database, options));
    }

    private static async Task<int> RunInAsync(string connection, string database, ImportOptions options)
    {
        var environment = await EnvironmentAsync(connection);
        Say($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET " +
            $"{Environment.Version}, " +
            $"server GC {System.Runtime.GCSettings.IsServerGC}, load average {Machine.LoadAverage()}");
        Say($"database {database}: {environment}");

        // The data, before any clock starts: the figures are the importer's, not the generator's.
        var generated = Stopwatch.StartNew();
        var schools = ImportData.Schools(options.Schools, options.Seed);
        var learners = ImportData.Learners(schools, options.Learners, options.Seed + 1);
        var clean = ImportData.CleanFile(learners);
        var messy = ImportData.MessyFile(learners, options.Messy, options.Seed + 2);
        Say($"generated in {generated.Elapsed.TotalSeconds:F1} s: {schools.Count:N0} schools in " +
            $"{schools.Select(s => s.Municipality).Distinct().Count()} municipalities " +
            $"({schools.Count(s => s.Level == "primary"):N0} primary, {schools.Count(s => s.Level != "primary"):N0} upper secondary); " +
            $"clean file {clean.Rows.Count:N0} rows, {clean.Content.Length / 1024.0 / 1024.0:F1} MB; messy file {messy.Rows.Count:N0} rows, " +
            $"{messy.Content.Length / 1024.0 / 1024.0:F1} MB");
        Say($"messy file: {messy.Rows.Count(r => r.Mess.Length > 0):N0} rows spoilt — {messy.Count(RowKind.Duplicate):N0} duplicates " +
            $"({messy.CountMess("dup_variant"):N0} written differently), {messy.Count(RowKind.Invalid):N0} invalid, " +
            string.Join(", ", new[] { "school_typo", "spaces", "junk_char", "grade_text", "case", "one_cell" }.Select(
                m => $"{messy.CountMess(m):N0} {m}")));

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var started = Stopwatch.GetTimestamp();
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
             "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Emis.Enrollment.Learners.ImportLearners=Information"],
            runDaemon: true);
        var capture = new ImportLogCapture();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        await app.StartAsync();
        try
        {
            Say($"host started in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

            var variants = new[] { (Name: "clean", File: clean), (Name: "messy", File: messy) };
            await RegisterSchoolsAsync(app.Services, schools, [.. variants.Select(v => Tenant(v.Name))]);

            var results = new List<VariantResult>();
            foreach (var (name, file) in variants)
            {
                Say("");
                Say($"[{results.Count + 1}/3] import, {name}: {file.Rows.Count:N0} rows into jurisdiction {Tenant(name)} (batches of " +
                    $"{LearnerImporter.BatchRows:N0} rows)");
                var result = await ImportVariantAsync(app.Services, connection, name, file, capture);
                results.Add(result);
            }

            Say("");
            Say($"[3/3] baseline: binary COPY of the clean variant's parsed rows (names, birth date, sex, school code, grade) into a plain table");
            var imported = results[0].Report.Results.Where(r => r.Status == RowStatus.Imported && r.Learner is not null).Select(r => r.Learner!)
                .ToList();
            var copyLogged = await CopyBaselineAsync(connection, imported, unlogged: false);
            Say($"  logged table:   {copyLogged.Rows:N0} rows in {copyLogged.Seconds:F2} s = {copyLogged.Rows / copyLogged.Seconds:N0} rows/s");
            var copyUnlogged = await CopyBaselineAsync(connection, imported, unlogged: true);
            Say($"  unlogged table: {copyUnlogged.Rows:N0} rows in {copyUnlogged.Seconds:F2} s = " +
                $"{copyUnlogged.Rows / copyUnlogged.Seconds:N0} rows/s");

            Summary(options, environment, results, copyLogged, copyUnlogged);
            WriteJson(options, environment, results, copyLogged, copyUnlogged);
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static string Tenant(string variant) => "bench-" + variant;

    // ------------------------------------------------------------------ schools

    /// <summary>
    /// The registry, through the Registry's school import (one command per school, as a ministry's file goes), into
    /// every jurisdiction at once; then waits until Enrollment has learnt every school from the Registry's events.
    /// </summary>
    private static async Task RegisterSchoolsAsync(IServiceProvider services, IReadOnlyList<ImportSchool> schools, string[] tenants)
    {
        var csv = ImportData.RegistryCsv(schools);
        var started = Stopwatch.StartNew();
        Say($"registering {schools.Count:N0} schools in each of {string.Join(", ", tenants)} through the Registry's import");
        var reports = await Task.WhenAll(tenants.Select(tenant => Task.Run(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            await using var stream = new MemoryStream(csv);
            return await scope.ServiceProvider.GetRequiredService<SchoolImporter>().ImportAsync(stream, "bench-registry.csv",
                new CommandContext(tenant, "bench", Sources.Import, "bench-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
        })));
        foreach (var (tenant, report) in tenants.Zip(reports))
        {
            Say($"  {tenant}: {report.Registered:N0} registered, {report.Unchanged:N0} unchanged, {report.Rejected:N0} rejected" +
                (report.Rejected > 0 ? " — first: " + string.Join(
                    "; ", report.Results.First(r => r.Status == "rejected").Errors.Select(e => e.Message)) : ""));
        }
        Say($"  registered in {started.Elapsed.TotalSeconds:F1} s ({schools.Count * tenants.Length / started.Elapsed.TotalSeconds:F0} schools/s)");

        var store = services.GetRequiredService<IDocumentStore>();
        var waited = Stopwatch.StartNew();
        foreach (var tenant in tenants)
        {
            while (true)
            {
                await using var query = store.QuerySession(tenant);
                var known = await query.Query<EnrollmentSchool>().CountAsync();
                if (known >= schools.Count) break;
                if (waited.Elapsed > TimeSpan.FromSeconds(180))
                {
                    throw new InvalidOperationException($"Enrollment knows {known} of {schools.Count} schools of {tenant} after 180 s");
                }
                await Task.Delay(100);
            }
        }
        Say($"  Enrollment learnt every school of both jurisdictions {waited.Elapsed.TotalSeconds:F1} s after the registration");
    }

    // ------------------------------------------------------------------ one variant

    private sealed record VariantResult(
        string Name,
        string Tenant,
        LearnerFileData File,
        ImportReport Report,
        double Seconds,
        double? PlanMs,
        double? ImporterMs,
        double FirstBatchAt,
        double LastBatchAt,
        LatencySummary Batches,
        double ReadSeconds,
        double PlanSeconds,
        long BaselineWorkingSet,
        long PeakWorkingSetSampled,
        long PeakWorkingSetProcess,
        long PeakManagedHeap,
        long Allocated,
        long HeapAfter,
        int Gen0,
        int Gen1,
        int Gen2,
        double GcPauseSeconds,
        long Events,
        long Profiles,
        long EnrolledInCounts,
        long Accounts,
        long ReportRows,
        Accuracy Accuracy,
        UsernameCounts Usernames)
    {
        public double PerSecond => File.Rows.Count / Seconds;
        public bool ReadModelsReady => Profiles == Report.Summary.Imported && EnrolledInCounts == Report.Summary.Imported;
    }

    private static async Task<VariantResult> ImportVariantAsync(IServiceProvider services, string connection, string name, LearnerFileData file,
        ImportLogCapture capture)
    {
        var tenant = Tenant(name);
        var importer = services.GetRequiredService<LearnerImporter>();
        var eventsBefore = await ScalarAsync(connection, "select count(*) from emis.mt_events where tenant_id = $1", tenant);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var sampler = new MemorySampler();
        var baseline = sampler.Current;
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pause0 = GC.GetTotalPauseDuration();
        capture.Clear();

        var clock = new BatchClock(file.Rows.Count, Say);
        var context = new CommandContext(tenant, "bench", Sources.Import,
            "import-" + LearnerImporter.ImportIdOf(tenant, ImportData.SchoolYear, file.Content).ToString("N"));
        var stopwatch = Stopwatch.StartNew();
        clock.Start();
        var report = await importer.ImportAsync(
            new LearnerImportRequest(file.Name, file.Content, ImportData.SchoolYear, context), CancellationToken.None, clock);
        var seconds = stopwatch.Elapsed.TotalSeconds;

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        var (peakSampled, peakHeap) = sampler.Stop();
        var gen0 = GC.CollectionCount(0) - g0;
        var gen1 = GC.CollectionCount(1) - g1;
        var gen2 = GC.CollectionCount(2) - g2;
        var pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
        var heapAfter = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes;
        using var process = Process.GetCurrentProcess();
        var peakProcess = process.PeakWorkingSet64;

        var s = report.Summary;
        Say($"  {file.Rows.Count:N0} rows: {s.Imported:N0} imported, {s.Duplicate:N0} duplicate, {s.Review:N0} review, {s.Rejected:N0} rejected " +
            $"in {seconds:F1} s = {file.Rows.Count / seconds:N0} rows/s");
        var logged = capture.Last;
        Say(logged is { } l
            ? $"  importer log: planned in {l.PlanMs / 1000:F1} s, done in {l.TotalMs / 1000:F1} s"
            : "  importer log: no 'planned in … done in …' line captured");

        // The store, read straight from the tables.
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var events = await ScalarAsync(db, "select count(*) from emis.mt_events where tenant_id = $1", tenant) - eventsBefore;
        var profiles = await ScalarAsync(db, "select count(*) from emis.mt_doc_learnerprofile where tenant_id = $1", tenant);
        var enrolled = await ScalarAsync(
            db, "select coalesce(sum(count), 0)::bigint from emis.enr_counts where tenant_id = $1 and school_year = '2025/2026'", tenant);
        var accounts = await ScalarAsync(db, "select count(*) from emis.cred_identifiers where tenant_id = $1 and kind = 'username'", tenant);
        var reportRows = await ScalarAsync(db, "select count(*) from emis.imp_rows where tenant_id = $1", tenant);
        Say($"  stored: {events:N0} events appended ({(s.Imported > 0 ? (double)events / s.Imported : 0):F1} per imported learner), {profiles:N0} " +
            $"learner profiles, " +
            $"{enrolled:N0} enrolled in enr_counts, {accounts:N0} account names, {reportRows:N0} report rows — read models " +
            (profiles == s.Imported && enrolled == s.Imported ? "ready (profiles = enr_counts = imported)" : "NOT equal to imported"));

        // Where the time goes: the same read and plan again, alone, outside the importer (fresh matcher, no database).
        var (readSeconds, planSeconds) = await PlanAloneAsync(services, tenant, file);
        var batches = clock.Batches();
        Say($"  phases: importer's planning {(logged?.PlanMs ?? double.NaN) / 1000:F1} s (alone: read {readSeconds:F1} s + clean/match/duplicates " +
            $"{planSeconds:F1} s); " +
            $"batches written {clock.FirstAt:F1} → {clock.LastAt:F1} s; after the last batch {seconds - clock.LastAt:F1} s (report)");
        Say($"  per batch of {LearnerImporter.BatchRows:N0} rows: {batches.Format()}");
        Say($"  memory: working set before {Mb(baseline)} MB, peak during {Mb(peakSampled)} MB (process peak so far {Mb(peakProcess)} MB), " +
            $"managed heap peak {Mb(peakHeap)} MB, allocated {allocated / 1024.0 / 1024.0 / 1024.0:F2} GB, GCs {gen0}/{gen1}/{gen2} (gen0/1/2), " +
            $"GC pauses {pause:F2} s");

        var accuracy = Check(file, report);
        var usernames = CountUsernames(report);
        Say($"  accuracy against the generator's truth: {accuracy.Format()}");
        Say($"  account names: {usernames.Plain:N0} name.surname, {usernames.ParentInitial:N0} with the parent's initial, {usernames.Numbered:N0} " +
            $"numbered " +
            $"(highest number {usernames.HighestNumber})");

        return new VariantResult(name, tenant, file, report, seconds, logged?.PlanMs, logged?.TotalMs, clock.FirstAt, clock.LastAt, batches,
            readSeconds, planSeconds, baseline, peakSampled, peakProcess, peakHeap, allocated, heapAfter, gen0, gen1, gen2, pause,
            events, profiles, enrolled, accounts, reportRows, accuracy, usernames);
    }

    /// <summary>Reads and plans the file again with the public pieces the importer is made of, timing each.</summary>
    private static async Task<(double Read, double Plan)> PlanAloneAsync(IServiceProvider services, string tenant, LearnerFileData file)
    {
        List<EnrollmentSchool> schools;
        await using (var query = services.GetRequiredService<IDocumentStore>().QuerySession(tenant))
        {
            schools = [.. await query.Query<EnrollmentSchool>().ToListAsync()];
        }
        SchoolYear.TryParse(ImportData.SchoolYear, out var yearStart);
        var importId = LearnerImporter.ImportIdOf(tenant, ImportData.SchoolYear, file.Content);
        var read = Stopwatch.StartNew();
        var sheet = LearnerTemplate.Read(file.Content, file.Name);
        var columns = LearnerTemplate.Map(sheet.Header, file.Name);
        var readSeconds = read.Elapsed.TotalSeconds;
        var plan = Stopwatch.StartNew();
        var planned = LearnerPlanner.Plan(sheet, columns, new SchoolMatcher<EnrollmentSchool>(schools), [],
            row => LearnerImporter.LearnerIdOf(importId, row),
            yearStart, DateOnly.FromDateTime(DateTime.UtcNow));
        GC.KeepAlive(planned);
        return (readSeconds, plan.Elapsed.TotalSeconds);
    }

    // ------------------------------------------------------------------ accuracy

    private sealed record Accuracy(int OkImportedRight, int OkImportedWrong, int OkReview, int OkRejected, int OkDuplicate,
        int DuplicateFound, int DuplicateReview, int DuplicateImportedAsNew, int DuplicateOther, int InvalidRejected, int InvalidReview,
            int InvalidImported,
        string? FirstWrong)
    {
        public string Format() =>
            $"new learners {OkImportedRight:N0} imported right, {OkImportedWrong:N0} imported WRONG, {OkReview:N0} review, " +
            $"{OkRejected:N0} rejected, " +
            $"{OkDuplicate:N0} taken for a duplicate; duplicates {DuplicateFound:N0} found, {DuplicateReview:N0} review, " +
            $"{DuplicateImportedAsNew:N0} imported as new" +
            (DuplicateOther > 0 ? $", {DuplicateOther:N0} other" : "") +
            $"; invalid {InvalidRejected:N0} rejected, {InvalidReview:N0} review, {InvalidImported:N0} imported" +
            (FirstWrong is null ? "" : $" (first wrong: {FirstWrong})");
    }

    private static Accuracy Check(LearnerFileData file, ImportReport report)
    {
        var byRow = report.Results.ToDictionary(r => r.Row);
        int okRight = 0, okWrong = 0, okReview = 0, okRejected = 0, okDuplicate = 0;
        int dupFound = 0, dupReview = 0, dupNew = 0, dupOther = 0, invRejected = 0, invReview = 0, invImported = 0;
        string? firstWrong = null;
        foreach (var truth in file.Rows)
        {
            if (!byRow.TryGetValue(truth.Line, out var result))
            {
                firstWrong ??= $"row {truth.Line} missing from the report";
                continue;
            }
            switch (truth.Kind)
            {
                case RowKind.Ok:
                    switch (result.Status)
                    {
                        case RowStatus.Imported when Same(result.Learner, truth.Learner):
                            okRight++;
                            break;
                        case RowStatus.Imported:
                            okWrong++;
                            firstWrong ??= $"row {truth.Line} ({truth.Mess}) imported as {Describe(result.Learner)}, expected " +
                                $"{Describe(truth.Learner)}; corrections: " +
                                string.Join("; ", result.Corrections.Select(c => $"{c.Field} {c.From} → {c.To}"));
                            break;
                        case RowStatus.Review: okReview++; break;
                        case RowStatus.Rejected: okRejected++; break;
                        default: okDuplicate++; break;
                    }
                    break;
                case RowKind.Duplicate:
                    var original = byRow.GetValueOrDefault(truth.DuplicateOfLine!.Value);
                    if (result.Status == RowStatus.Duplicate && original?.Learner?.LearnerId is { } id && result.DuplicateOf?.LearnerId == id)
                    {
                        dupFound++;
                    }
                    else if (result.Status == RowStatus.Review) dupReview++;
                    else if (result.Status == RowStatus.Imported) dupNew++;
                    else dupOther++;
                    break;
                default:
                    if (result.Status == RowStatus.Rejected) invRejected++;
                    else if (result.Status == RowStatus.Review) invReview++;
                    else
                    {
                        invImported++;
                        firstWrong ??= $"row {truth.Line} ({truth.Mess}) is invalid but was {result.Status}";
                    }
                    break;
            }
        }
        return new Accuracy(
            okRight, okWrong, okReview, okRejected, okDuplicate, dupFound, dupReview, dupNew, dupOther, invRejected, invReview, invImported,
            firstWrong);
    }

    private static bool Same(ReportedLearner? r, ImportLearner l) =>
        r is not null
        && r.FirstName == l.First && r.LastName == l.Last && (r.ParentName ?? "") == (l.Parent ?? "")
        && r.BirthDate == l.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        && r.Sex == l.Sex.ToString() && r.SchoolCode == l.School.Code && r.Grade == l.Grade;

    private static string Describe(ReportedLearner? r) =>
        r is null ? "(nothing)" : $"{r.FirstName} ({r.ParentName}) {r.LastName} {r.BirthDate} {r.Sex} {r.SchoolCode} grade {r.Grade}";

    private static string Describe(ImportLearner l) =>
        $"{l.First} ({l.Parent}) {l.Last} {l.Birth:yyyy-MM-dd} {l.Sex} {l.School.Code} grade {l.Grade}";

    private sealed record UsernameCounts(int Plain, int ParentInitial, int Numbered, int HighestNumber);

    private static UsernameCounts CountUsernames(ImportReport report)
    {
        int plain = 0, parent = 0, numbered = 0, highest = 0;
        foreach (var r in report.Results.Where(r => r.Status == RowStatus.Imported && r.Learner?.Username is not null))
        {
            var local = r.Learner!.Username![..r.Learner.Username!.IndexOf('@', StringComparison.Ordinal)];
            var digits = local.Length - local.TrimEnd("0123456789".ToCharArray()).Length;
            if (digits > 0)
            {
                numbered++;
                highest = Math.Max(highest, int.Parse(local[^digits..], CultureInfo.InvariantCulture));
            }
            else if (local.Split('.').Length == 3) parent++;
            else plain++;
        }
        return new UsernameCounts(plain, parent, numbered, highest);
    }

    // ------------------------------------------------------------------ baseline

    private sealed record CopyResult(int Rows, double Seconds);

    private static async Task<CopyResult> CopyBaselineAsync(string connection, IReadOnlyList<ReportedLearner> learners, bool unlogged)
    {
        var table = unlogged ? "bench_copy_learners_unlogged" : "bench_copy_learners";
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using (var create = new NpgsqlCommand($"""
            drop table if exists public.{table};
            create {(unlogged ? "unlogged " : "")}table public.{table} (
              first_name text not null, parent_name text, last_name text not null, birth_date date not null, sex char(1) not null,
              school_code text not null, grade smallint not null)
            """, db))
        {
            await create.ExecuteNonQueryAsync();
        }
        var rows = learners.Select(
            l => (l.FirstName!, l.ParentName, l.LastName!, DateOnly.ParseExact(l.BirthDate!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            l.Sex!, l.SchoolCode!, (short)l.Grade!.Value)).ToList();
        var stopwatch = Stopwatch.StartNew();
        await using (var copy = await db.BeginBinaryImportAsync(
            $"copy public.{table} (first_name, parent_name, last_name, birth_date, sex, school_code, grade) from stdin (format binary)"))
        {
            foreach (var (first, parent, last, birth, sex, school, grade) in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(first, NpgsqlDbType.Text);
                if (parent is null) await copy.WriteNullAsync(); else await copy.WriteAsync(parent, NpgsqlDbType.Text);
                await copy.WriteAsync(last, NpgsqlDbType.Text);
                await copy.WriteAsync(birth, NpgsqlDbType.Date);
                await copy.WriteAsync(sex, NpgsqlDbType.Char);
                await copy.WriteAsync(school, NpgsqlDbType.Text);
                await copy.WriteAsync(grade, NpgsqlDbType.Smallint);
            }
            await copy.CompleteAsync();
        }
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var stored = await ScalarAsync(db, $"select count(*) from public.{table}", null);
        if (stored != rows.Count) throw new InvalidOperationException($"COPY stored {stored} rows of {rows.Count}");
        return new CopyResult(rows.Count, seconds);
    }

    // ------------------------------------------------------------------ summary

    private static void Summary(
        ImportOptions options, string environment, IReadOnlyList<VariantResult> results, CopyResult copy, CopyResult copyUnlogged)
    {
        Say("");
        Say("==================================================================== summary");
        Say($"PostgreSQL: {environment}");
        Say($"Machine: {Environment.ProcessorCount} cores shared by host, importer and database; load average now {Machine.LoadAverage()}");
        Say($"{"",-30} {"clean",14} {"messy",14}");
        void Row(string label, Func<VariantResult, string> value) => Say($"{label,-30} {value(results[0]),14} {value(results[1]),14}");
        Row("rows", r => r.File.Rows.Count.ToString("N0", CultureInfo.InvariantCulture));
        Row("imported", r => r.Report.Summary.Imported.ToString("N0", CultureInfo.InvariantCulture));
        Row("duplicate", r => r.Report.Summary.Duplicate.ToString("N0", CultureInfo.InvariantCulture));
        Row("review", r => r.Report.Summary.Review.ToString("N0", CultureInfo.InvariantCulture));
        Row("rejected", r => r.Report.Summary.Rejected.ToString("N0", CultureInfo.InvariantCulture));
        Row("seconds (end to end)", r => r.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        Row("learners/s (rows/s)", r => r.PerSecond.ToString("N0", CultureInfo.InvariantCulture));
        Row("  planning (importer log) s", r => r.PlanMs is { } p ? (p / 1000).ToString("F1", CultureInfo.InvariantCulture) : "n/a");
        Row("    read alone s", r => r.ReadSeconds.ToString("F1", CultureInfo.InvariantCulture));
        Row("    clean/match/dups alone s", r => r.PlanSeconds.ToString("F1", CultureInfo.InvariantCulture));
        Row("  writing batches s", r => (r.LastBatchAt - (r.PlanMs ?? 0) / 1000).ToString("F1", CultureInfo.InvariantCulture));
        Row("  batch p50 ms", r => r.Batches.P50.ToString("F0", CultureInfo.InvariantCulture));
        Row("  after last batch s", r => (r.Seconds - r.LastBatchAt).ToString("F1", CultureInfo.InvariantCulture));
        Row("peak working set MB (run)", r => Mb(r.PeakWorkingSetSampled));
        Row("PeakWorkingSet64 MB (process)", r => Mb(r.PeakWorkingSetProcess));
        Row("managed heap peak MB", r => Mb(r.PeakManagedHeap));
        Row("allocated GB", r => (r.Allocated / 1024.0 / 1024.0 / 1024.0).ToString("F2", CultureInfo.InvariantCulture));
        Row("GCs gen0/1/2", r => $"{r.Gen0}/{r.Gen1}/{r.Gen2}");
        Row("GC pause s", r => r.GcPauseSeconds.ToString("F2", CultureInfo.InvariantCulture));
        Row("events appended", r => r.Events.ToString("N0", CultureInfo.InvariantCulture));
        Row("learner profiles", r => r.Profiles.ToString("N0", CultureInfo.InvariantCulture));
        Row("sum of enr_counts", r => r.EnrolledInCounts.ToString("N0", CultureInfo.InvariantCulture));
        Row("read models = imported", r => r.ReadModelsReady ? "yes" : "NO");
        Row("imported wrong", r => r.Accuracy.OkImportedWrong.ToString("N0", CultureInfo.InvariantCulture));
        Row("invalid imported", r => r.Accuracy.InvalidImported.ToString("N0", CultureInfo.InvariantCulture));
        Row("duplicates found/planted", r => $"{r.Accuracy.DuplicateFound:N0}/{r.File.Count(RowKind.Duplicate):N0}");
        Row("numbered account names", r => r.Usernames.Numbered.ToString("N0", CultureInfo.InvariantCulture));
        Say($"COPY baseline (clean rows, binary COPY, one transaction): logged {copy.Rows / copy.Seconds:N0} rows/s ({copy.Seconds:F2} s), " +
            $"unlogged {copyUnlogged.Rows / copyUnlogged.Seconds:N0} rows/s ({copyUnlogged.Seconds:F2} s)");
        foreach (var r in results)
        {
            Say($"importer / COPY ({r.Name}): {r.Seconds / copy.Seconds:F0}× the time of the logged COPY " +
                $"({r.PerSecond:N0} vs {copy.Rows / copy.Seconds:N0} rows/s)");
        }
        var scale = options.Learners == BarLearners ? "" : $" (scaled from {options.Learners:N0} rows to {BarLearners:N0})";
        foreach (var r in results)
        {
            var projected = r.Seconds * BarLearners / r.File.Rows.Count;
            Say($"Bar ({BarLearners:N0} learners < {BarSeconds:F0} s, aim < {AimSeconds:F0} s), {r.Name}: {projected:F1} s{scale} — " +
                (projected < AimSeconds ? "bar met, aim met" : projected < BarSeconds ? "bar met, aim missed" : "bar MISSED"));
        }
        Say("==================================================================== end");
    }

    private static void WriteJson(
        ImportOptions options, string environment, IReadOnlyList<VariantResult> results, CopyResult copy, CopyResult copyUnlogged)
    {
        var path = Environment.GetEnvironmentVariable("EMIS_BENCH_RESULT_JSON");
        if (string.IsNullOrWhiteSpace(path)) return;
        var json = new
        {
            benchmark = "import",
            at = DateTimeOffset.UtcNow,
            options,
            machine = new { cores = Environment.ProcessorCount, loadAverage = Machine.LoadAverage(), postgres = environment },
            variants = results.Select(r => new
            {
                r.Name,
                rows = r.File.Rows.Count,
                summary = r.Report.Summary,
                seconds = Math.Round(r.Seconds, 2),
                learnersPerSecond = Math.Round(r.PerSecond),
                planSeconds = r.PlanMs is { } p ? Math.Round(p / 1000, 2) : (double?)null,
                readAloneSeconds = Math.Round(r.ReadSeconds, 2),
                planAloneSeconds = Math.Round(r.PlanSeconds, 2),
                lastBatchAtSeconds = Math.Round(r.LastBatchAt, 2),
                batchMs = r.Batches,
                peakWorkingSetMb = r.PeakWorkingSetSampled / 1024 / 1024,
                processPeakWorkingSetMb = r.PeakWorkingSetProcess / 1024 / 1024,
                peakManagedHeapMb = r.PeakManagedHeap / 1024 / 1024,
                allocatedMb = r.Allocated / 1024 / 1024,
                gc = new { gen0 = r.Gen0, gen1 = r.Gen1, gen2 = r.Gen2, pauseSeconds = Math.Round(r.GcPauseSeconds, 2) },
                r.Events,
                r.Profiles,
                r.EnrolledInCounts,
                r.ReadModelsReady,
                accuracy = r.Accuracy,
                usernames = r.Usernames,
            }),
            copy = new
            {
                logged = new { copy.Rows, copy.Seconds, rowsPerSecond = Math.Round(copy.Rows / copy.Seconds) },
                unlogged = new { copyUnlogged.Rows, copyUnlogged.Seconds, rowsPerSecond = Math.Round(copyUnlogged.Rows / copyUnlogged.Seconds) }
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
    }

    // ------------------------------------------------------------------ helpers

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture);

    private static async Task<long> ScalarAsync(string connection, string sql, string? tenant)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        return await ScalarAsync(db, sql, tenant);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql, string? tenant)
    {
        await using var command = new NpgsqlCommand(sql, db);
        if (tenant is not null) command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> EnvironmentAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var settings = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "shared_buffers", "max_wal_size", "max_connections" })
        {
            await using var command = new NpgsqlCommand($"show {name}", db);
            settings.Add($"{name}={await command.ExecuteScalarAsync()}");
        }
        return string.Join(", ", settings);
    }


    private static void Say(string line) => Console.WriteLine(line);

    /// <summary>When each batch of the import finished (the importer reports rows done after every batch, on its own thread).</summary>
    private sealed class BatchClock(int rows, Action<string> say) : IProgress<int>
    {
        private readonly List<(long At, int Done)> _marks = [];
        private long _start;

        public void Start() => _start = Stopwatch.GetTimestamp();

        public void Report(int value)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_marks)
            {
                _marks.Add((now, value));
                if (_marks.Count % 25 == 0 || value == rows)
                {
                    var seconds = Stopwatch.GetElapsedTime(_start, now).TotalSeconds;
                    say($"    {value,8:N0} rows at {seconds,6:F1} s");
                }
            }
        }

        public double FirstAt => _marks.Count == 0 ? 0 : Stopwatch.GetElapsedTime(_start, _marks[0].At).TotalSeconds;
        public double LastAt => _marks.Count == 0 ? 0 : Stopwatch.GetElapsedTime(_start, _marks[^1].At).TotalSeconds;

        /// <summary>The time of each batch but the first (whose start, the end of planning, the clock does not see).</summary>
        public LatencySummary Batches()
        {
            var recorder = new LatencyRecorder();
            for (var i = 1; i < _marks.Count; i++) recorder.Add(_marks[i].At - _marks[i - 1].At);
            return recorder.Summarise();
        }
    }

    /// <summary>Samples the working set and the managed heap every 50 ms: the peak of one variant, not of the whole process.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peakWorkingSet;
        private long _peakHeap;

        public MemorySampler()
        {
            Current = WorkingSet();
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Sample();
                    try { await Task.Delay(50, _stop.Token); } catch (OperationCanceledException) { }
                }
            });
        }

        public long Current { get; }

        private void Sample()
        {
            var ws = WorkingSet();
            var heap = GC.GetTotalMemory(false);
            if (ws > Interlocked.Read(ref _peakWorkingSet)) Interlocked.Exchange(ref _peakWorkingSet, ws);
            if (heap > Interlocked.Read(ref _peakHeap)) Interlocked.Exchange(ref _peakHeap, heap);
        }

        private static long WorkingSet()
        {
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }

        public (long WorkingSet, long Heap) Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            Sample();
            return (_peakWorkingSet, _peakHeap);
        }

        public void Dispose()
        {
            if (!_stop.IsCancellationRequested) Stop();
            _stop.Dispose();
        }
    }
}

/// <summary>Keeps the importer's "planned in X ms, done in Y ms" figures (its log line at Information level).</summary>
internal sealed class ImportLogCapture : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<(double PlanMs, double TotalMs)> _lines = new();

    public (double PlanMs, double TotalMs)? Last => _lines.IsEmpty ? null : _lines.Last();

    public void Clear() => _lines.Clear();

    public ILogger CreateLogger(string categoryName) =>
        categoryName.EndsWith(nameof(LearnerImporter), StringComparison.Ordinal) ? this
            : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
        double? plan = null, total = null;
        foreach (var (key, value) in values)
        {
            if (key == "PlanMs" && value is double p) plan = p;
            if (key == "TotalMs" && value is double t) total = t;
        }
        if (plan is { } pm && total is { } tm) _lines.Enqueue((pm, tm));
    }

    public void Dispose()
    {
    }
}
