using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Emis.Assets.Devices.ImportingDevices;
using Emis.Assets.Schools;
using Emis.Host;
using Emis.Platform.Commands;
using Emis.Registry.Schools.ImportingSchools;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Emis.Bench;

/// <summary><c>bench assets-import [--devices N] [--schools S] [--seed X]</c>.</summary>
internal sealed record AssetsImportOptions(int Devices, int Schools, int Seed)
{
    public const string Usage =
        "usage: emis bench assets-import [--devices N (default 100000)] [--schools S (default 1000)] [--seed X (default 20264)]";

    public static bool TryParse(string[] args, out AssetsImportOptions options, out string? problem)
    {
        options = new AssetsImportOptions(100_000, 1_000, 20264);
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
                case "--devices": options = options with { Devices = value }; break;
                case "--schools": options = options with { Schools = value }; break;
                case "--seed": options = options with { Seed = value }; break;
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
/// The device inventory import end to end (issue 16): a national inventory (N devices over S schools) with a mixed-language header,
/// types in four languages, costs and dates in the region's styles, about 2% serial numbers written twice and 1% rows that cannot be
/// imported, through the real <see cref="DeviceImporter"/> (streams, DeviceView documents, ast_devices rows, report rows), against a
/// binary COPY of the same rows into a plain table in the same run.
/// </summary>
internal static class AssetsImportBench
{
    private static readonly string[] Types = ["Laptop", "prijenosnik", "tablet", "tabletë", "računar", "kompjuter", "projektor", "projeksiyon",
        "pametna ploča", "tabelë interaktive", "ruter", "štampač", "yazıcı"];

    private static readonly (string Make, string Model)[] Models =
        [("Dell", "Latitude 3540"), ("LENOVO", "ThinkPad E14"), ("hp", "ProBook 450"), ("Epson", "EB-W51"), ("Samsung", "Galaxy Tab A8"),
            ("TP-Link", "Archer C6"), ("Promethean", "ActivPanel 9"), ("Acer", "Veriton X")];

    public static async Task<int> RunAsync(string server, AssetsImportOptions options)
    {
        Console.WriteLine($"Emis device inventory import benchmark — {options.Devices:N0} devices, {options.Schools:N0} schools, " +
                          $"seed {options.Seed}");
        return await BenchDatabase.RunInFreshAsync(server, (connection, _) => RunInAsync(connection, options));
    }

    private static async Task<int> RunInAsync(string connection, AssetsImportOptions options)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()}");
        var schools = ImportData.Schools(options.Schools, options.Seed);
        var (file, rows) = Generate(schools, options.Devices, options.Seed + 1);
        Console.WriteLine($"generated {options.Devices:N0} rows ({file.Length / 1024.0 / 1024.0:F1} MB) over {schools.Count:N0} schools");

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var app = EmisProgram.Build(
            ["--urls", "http://127.0.0.1:0", $"--EMIS_DB={connection}", $"--Emis:Auth:SigningKey={key}", "--Emis:Demo:Load=false",
             "--Logging:LogLevel:Default=Warning"], runDaemon: true);
        await app.StartAsync();
        try
        {
            const string tenant = "bench-assets";
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
                if (await query.Query<AssetsSchool>().CountAsync() >= schools.Count) break;
                if (waited.Elapsed > TimeSpan.FromSeconds(180)) throw new InvalidOperationException("Assets never learnt every school");
                await Task.Delay(100);
            }

            var importer = app.Services.GetRequiredService<DeviceImporter>();
            var started = Stopwatch.StartNew();
            var report = await importer.ImportAsync(new DeviceImportRequest("bench-inventory.csv", file,
                new CommandContext(tenant, "bench", Sources.Import, "bench")), CancellationToken.None);
            var seconds = started.Elapsed.TotalSeconds;
            var s = report.Summary;
            Console.WriteLine($"import: {report.Rows:N0} rows in {seconds:F2} s = {report.Rows / seconds:N0} rows/s — {s.Imported:N0} imported, " +
                              $"{s.Duplicate:N0} duplicate, {s.Review:N0} for review, {s.Rejected:N0} rejected");
            if (s.Imported + s.Duplicate + s.Review + s.Rejected != report.Rows) throw new InvalidOperationException("rows unaccounted for");
            var (views, facts) = await StoredAsync(connection, tenant);
            Console.WriteLine($"stored: {views:N0} DeviceView documents, {facts:N0} open ast_devices rows" +
                              (views == s.Imported && facts == s.Imported ? " (one each per imported row)" : " (NOT ONE EACH)"));

            var again = Stopwatch.StartNew();
            var second = await importer.ImportAsync(new DeviceImportRequest("bench-inventory.csv", file,
                new CommandContext(tenant, "bench", Sources.Import, "bench")), CancellationToken.None);
            Console.WriteLine($"the same file again: {second.Rows:N0} rows reported in {again.Elapsed.TotalSeconds:F2} s, nothing written");

            var copy = await CopyBaselineAsync(connection, rows);
            Console.WriteLine($"baseline: binary COPY of the same {rows.Count:N0} rows into a plain table in {copy:F2} s = " +
                              $"{rows.Count / copy:N0} rows/s");
            Console.WriteLine($"importer / COPY: {seconds / copy:F0}× the time; total import time {seconds:F1} s");
            return views == s.Imported && facts == s.Imported ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>One generated row, as the file writes it and as the baseline copies it.</summary>
    private sealed record Row(string School, string Serial, string Type, string Make, string Model, DateOnly Acquired, decimal Cost, string Currency,
        string Funding);

    private static (byte[] File, List<Row> Rows) Generate(IReadOnlyList<ImportSchool> schools, int count, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("Škola;Numri serik;Type;Proizvođač;Model;Datum nabavke;Cijena;Valuta;Burimi i financimit;Stanje\n");
        var rows = new List<Row>(count);
        for (var i = 0; i < count; i++)
        {
            var school = schools[random.Next(schools.Count)];
            var serial = i > 0 && random.Next(50) == 0 ? rows[random.Next(rows.Count)].Serial : $"SN{seed % 97:D2}{i:D8}";
            var (make, model) = Models[random.Next(Models.Length)];
            var acquired = new DateOnly(2014, 1, 1).AddDays(random.Next(4000));
            var cost = random.Next(150, 3000) + random.Next(100) / 100m;
            var euro = random.Next(3) == 0;
            var costText = random.Next(3) switch
            {
                0 => cost.ToString("#,##0.00", CultureInfo.GetCultureInfo("de-DE")),
                1 => cost.ToString("#,##0.00", CultureInfo.InvariantCulture),
                _ => cost.ToString("0.00", CultureInfo.InvariantCulture),
            };
            if (random.Next(100) == 0) costText = "skupo";
            var date = random.Next(2) == 0 ? acquired.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
                : acquired.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var type = Types[random.Next(Types.Length)];
            var schoolText = random.Next(3) == 0 ? school.Code : school.Name;
            var funding = random.Next(3) == 0 ? "EU grant" : "";
            text.Append(CultureInfo.InvariantCulture,
                $"\"{schoolText.Replace("\"", "\"\"")}\";{serial};{type};{make};{model};{date};{costText};{(euro ? "EUR" : "KM")};{funding};\n");
            rows.Add(new Row(school.Code, serial, type, make, model, acquired, cost, euro ? "EUR" : "BAM", funding));
        }
        return (Encoding.UTF8.GetBytes(text.ToString()), rows);
    }

    private static async Task<(long Views, long Facts)> StoredAsync(string connection, string tenant)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select (select count(*) from emis.mt_doc_deviceview where tenant_id = $1), " +
            "(select count(*) from emis.ast_devices where tenant_id = $1 and to_seq is null)", db);
        command.Parameters.AddWithValue(tenant);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<double> CopyBaselineAsync(string connection, IReadOnlyList<Row> rows)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            drop table if exists public.bench_copy_devices;
            create table public.bench_copy_devices (
              school_code text not null, serial text not null, type text not null, make text not null, model text not null,
              acquired_on date not null, cost numeric not null, currency text not null, funding text)
            """, db))
        {
            await create.ExecuteNonQueryAsync();
        }
        var stopwatch = Stopwatch.StartNew();
        await using (var copy = await db.BeginBinaryImportAsync(
            "copy public.bench_copy_devices (school_code, serial, type, make, model, acquired_on, cost, currency, funding) " +
            "from stdin (format binary)"))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.School, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Serial, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Type, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Make, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Model, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Acquired, NpgsqlDbType.Date);
                await copy.WriteAsync(r.Cost, NpgsqlDbType.Numeric);
                await copy.WriteAsync(r.Currency, NpgsqlDbType.Text);
                if (r.Funding.Length == 0) await copy.WriteNullAsync(); else await copy.WriteAsync(r.Funding, NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        return stopwatch.Elapsed.TotalSeconds;
    }
}
