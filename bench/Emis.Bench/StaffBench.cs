using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Emis.Host;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Emis.Registry.Schools.ImportingSchools;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff.ImportingStaff;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Bench;

/// <summary><c>bench staff [--staff N] [--schools S] [--seed X]</c>.</summary>
internal sealed record StaffOptions(int Staff, int Schools, int Seed)
{
    public const string Usage = "usage: emis bench staff [--staff N (default 29000)] [--schools S (default 150)] [--seed X (default 20251)]";

    public static bool TryParse(string[] args, out StaffOptions options, out string? problem)
    {
        options = new StaffOptions(29_000, 150, 20251);
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                problem = $"{args[i]} needs a positive whole number";
                return false;
            }
            switch (args[i])
            {
                case "--staff": options = options with { Staff = value }; break;
                case "--schools": options = options with { Schools = value }; break;
                case "--seed": options = options with { Seed = value }; break;
                case "--learners" or "--seconds": break; // the figures part's (StaffFiguresOptions)
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
            i++;
        }
        return true;
    }
}

/// <summary>
/// The staff import end to end: a messy staff file (about one member of staff per seven learners, Kosovo's ratio) over
/// the schools, in several languages, imported through the real <see cref="StaffImporter"/> with EduIDs and accounts,
/// against a binary COPY of the same rows into a scratch table in the same run.
/// </summary>
internal static class StaffBench
{
    private const double TargetSeconds = 10;

    private static readonly string[] First =
        ["Arbër", "Drita", "Besa", "Lulzim", "Vjosa", "Edin", "Amra", "Đorđe", "Jasmina", "Emre", "Ayşe", "Mirsad", "Fatmire", "Dren", "Ilma",
            "Selma", "Blerim", "Teuta", "Nermin", "Gül", "Hana", "Kemal", "Liridona", "Ćamil"];

    private static readonly string[] Last =
        ["Krasniqi", "Gashi", "Berisha", "Hoxha", "Morina", "Shala", "Čolić", "Delić", "Zukić", "Yılmaz", "Demir", "Şahin", "Bytyqi", "Kelmendi",
            "Rama", "Hadžić", "Begić", "Thaçi", "Kastrati", "Mehmeti", "Osmani", "Ahmeti", "Đuliman", "Sejdiu"];

    private static readonly string[] Roles = ["Mësues", "Mësuese", "Nastavnik", "Öğretmen", "Drejtor", "Pedagog", "Sekretar", "Pastrues"];
    private static readonly string[] Contracts = ["i përhershëm", "na određeno", "kadrolu", "zëvendësues", ""];
    private static readonly string[] Ftes = ["1", "0,5", "50%", "100%", "0.75", "1"];
    private static readonly string[] Levels = ["ISCED1", "razredna nastava", "I–V", "VI–IX", "predmetna nastava", ""];
    private static readonly string[] Qualifications = ["Bachelor", "VSS", "Fakultet", "Master", "Magistar", "VŠS", "SSS", "Lisans", ""];

    public static async Task<int> RunAsync(string server, StaffOptions options)
    {
        Console.WriteLine($"Emis staff import benchmark — staff {options.Staff:N0}, {options.Schools:N0} schools, seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, _) => RunInAsync(connection, options));
    }

    private static async Task<int> RunInAsync(string connection, StaffOptions options)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()}");
        var schools = ImportData.Schools(options.Schools, options.Seed);
        var file = Generate(schools, options.Staff, options.Seed + 1);
        Console.WriteLine($"generated {options.Staff:N0} rows ({file.Length / 1024.0 / 1024.0:F1} MB) over {schools.Count:N0} schools");

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
             "--Logging:LogLevel:Default=Warning"], runDaemon: true);
        await app.StartAsync();
        try
        {
            const string tenant = "bench-staff";
            await using (var scope = app.Services.CreateAsyncScope())
            await using (var stream = new MemoryStream(ImportData.RegistryCsv(schools)))
            {
                await scope.ServiceProvider.GetRequiredService<SchoolImporter>().ImportAsync(stream, "bench-registry.csv",
                    new CommandContext(tenant, "bench", Sources.Import, "bench-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
            }
            var store = app.Services.GetRequiredService<IDocumentStore>();
            var waited = Stopwatch.StartNew();
            while (true)
            {
                await using var query = store.QuerySession(tenant);
                if (await query.Query<StaffingSchool>().CountAsync() >= schools.Count) break;
                if (waited.Elapsed > TimeSpan.FromSeconds(180)) throw new InvalidOperationException("Staffing never learnt every school");
                await Task.Delay(100);
            }

            var importer = app.Services.GetRequiredService<StaffImporter>();
            var started = Stopwatch.StartNew();
            var report = await importer.ImportAsync(new StaffImportRequest("bench-staff.csv", file, "2025/2026",
                new CommandContext(tenant, "bench", Sources.Import, "bench")), CancellationToken.None);
            var seconds = started.Elapsed.TotalSeconds;
            var s = report.Summary;
            Console.WriteLine($"import: {report.Rows:N0} rows in {seconds:F2} s = {report.Rows / seconds:N0} rows/s — {s.Imported:N0} imported, " +
                              $"{s.Duplicate:N0} duplicate, {s.Review:N0} for review, {s.Rejected:N0} rejected");
            if (s.Imported + s.Duplicate + s.Review + s.Rejected != report.Rows) throw new InvalidOperationException("rows unaccounted for");

            var imported = report.Results.Where(r => r.Status == RowStatus.Imported).Select(r => r.Staff!).ToList();
            var copy = await CopyBaselineAsync(connection, imported);
            Console.WriteLine($"baseline: binary COPY of the {copy.Rows:N0} imported rows into a scratch table in {copy.Seconds:F2} s = " +
                              $"{copy.Rows / copy.Seconds:N0} rows/s");
            Console.WriteLine($"importer / COPY: {seconds / copy.Seconds:F0}× the time; target under {TargetSeconds:F0} s: " +
                              (seconds < TargetSeconds ? "met" : "NOT met") + $" ({seconds:F2} s)");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A messy staff file: a mixed-language header with a hint, and about one row in ten spoilt.</summary>
    private static byte[] Generate(IReadOnlyList<ImportSchool> schools, int count, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(
            "Mbiemri,Ime,Emri i prindit,Cinsiyet,Datëlindja,Shkolla,Šifra škole,Pozita,Lloji i kontratës,Norma (0-1),Niveli,Stručna sprema\n");
        string Pick(string[] values) => values[random.Next(values.Length)];
        string Quote(string value) => value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
        string? previous = null;
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            if (roll < 0.02 && previous is not null)
            {
                text.Append(previous);
                continue;
            }
            var school = schools[random.Next(schools.Count)];
            var born = new DateOnly(1955 + random.Next(45), 1 + random.Next(12), 1 + random.Next(28));
            var last = Pick(Last) + (random.Next(4) == 0 ? "-" + Pick(Last) : "");
            var first = Pick(First);
            var parent = Pick(First);
            var sex = random.Next(2) == 0 ? "M" : "F";
            var birth = random.Next(2) == 0 ? born.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
                : born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var name = school.Name;
            var code = school.Code;
            if (roll < 0.06)
            {
                // A typo in the school's name, and no code.
                var at = 1 + random.Next(Math.Max(1, name.Length - 2));
                name = name.Remove(at, 1);
                code = "";
            }
            else if (roll < 0.08)
            {
                _ = new DateOnly(2015, 1, 1);
                birth = "2015-01-01";
            }
            else if (roll < 0.09)
            {
                birth = "31.02.1980";
            }
            var row = string.Join(',', Quote(last), Quote(first), Quote(parent), sex, birth, Quote(name), code, Pick(Roles), Pick(Contracts),
                Quote(Pick(Ftes)), Pick(Levels), Pick(Qualifications)) + "\n";
            previous = row;
            text.Append(row);
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<(int Rows, double Seconds)> CopyBaselineAsync(string connection, IReadOnlyList<ReportedStaff> staff)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            drop table if exists public.bench_copy_staff;
            create table public.bench_copy_staff (
              first_name text not null, parent_name text, last_name text not null, birth_date date not null, sex char(1) not null,
              school_code text not null, role text not null, contract_type text not null, fte numeric not null, level text not null,
              qualification_level smallint)
            """, db))
        {
            await create.ExecuteNonQueryAsync();
        }
        var stopwatch = Stopwatch.StartNew();
        await using (var copy = await db.BeginBinaryImportAsync("copy public.bench_copy_staff (first_name, parent_name, last_name, birth_date, " +
            "sex, school_code, role, contract_type, fte, level, qualification_level) from stdin (format binary)"))
        {
            foreach (var s in staff)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(s.FirstName!, NpgsqlDbType.Text);
                if (s.ParentName is null) await copy.WriteNullAsync(); else await copy.WriteAsync(s.ParentName, NpgsqlDbType.Text);
                await copy.WriteAsync(s.LastName!, NpgsqlDbType.Text);
                await copy.WriteAsync(DateOnly.ParseExact(s.BirthDate!, "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date);
                await copy.WriteAsync(s.Sex!, NpgsqlDbType.Char);
                await copy.WriteAsync(s.SchoolCode!, NpgsqlDbType.Text);
                await copy.WriteAsync(s.Role!, NpgsqlDbType.Text);
                await copy.WriteAsync(s.ContractType!, NpgsqlDbType.Text);
                await copy.WriteAsync(s.Fte!.Value, NpgsqlDbType.Numeric);
                await copy.WriteAsync(s.Level!, NpgsqlDbType.Text);
                if (s.QualificationLevel is { } q) await copy.WriteAsync((short)q, NpgsqlDbType.Smallint); else await copy.WriteNullAsync();
            }
            await copy.CompleteAsync();
        }
        return (staff.Count, stopwatch.Elapsed.TotalSeconds);
    }
}
