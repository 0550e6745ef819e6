using System.Globalization;
using Emis.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine("emis bench: " + problem);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
var server = Environment.GetEnvironmentVariable("EMIS_BENCH_DB");
if (string.IsNullOrWhiteSpace(server))
{
    Console.Error.WriteLine("emis bench: EMIS_BENCH_DB is not set (a PostgreSQL connection string without Database=); run it through ./emis bench.");
    return 2;
}

return await EnrollmentBench.RunAsync(server, options);
