using System.Globalization;
using Emis.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var server = Environment.GetEnvironmentVariable("EMIS_BENCH_DB");
if (args.Length > 0 && args[0] == "import")
{
    if (!ImportOptions.TryParse(args, out var importOptions, out var importProblem))
    {
        Console.Error.WriteLine("emis bench: " + importProblem);
        Console.Error.WriteLine(ImportOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await ImportBench.RunAsync(server, importOptions);
}

if (args.Length > 0 && args[0] == "staff")
{
    if (!StaffOptions.TryParse(args, out var staffOptions, out var staffProblem))
    {
        Console.Error.WriteLine("emis bench: " + staffProblem);
        Console.Error.WriteLine(StaffOptions.Usage);
        return 2;
    }
    if (!StaffFiguresOptions.TryParse(args, out var figuresOptions, out var figuresProblem))
    {
        Console.Error.WriteLine("emis bench: " + figuresProblem);
        Console.Error.WriteLine(StaffFiguresOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    // Two parts, each in a fresh database: the staff import end to end, then the staff figures under 64 clients.
    var imported = await StaffBench.RunAsync(server, staffOptions);
    Console.WriteLine();
    return Math.Max(imported, await StaffFiguresBench.RunAsync(server, figuresOptions));
}

if (args.Length > 0 && args[0] == "feed")
{
    if (!FeedBench.TryParse(args, out var feedOptions, out var feedProblem))
    {
        Console.Error.WriteLine("emis bench: " + feedProblem);
        Console.Error.WriteLine(FeedBench.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await FeedBench.RunAsync(server, feedOptions.Events, feedOptions.Seed);
}

if (args.Length > 0 && args[0] == "webhooks")
{
    if (!WebhookOptions.TryParse(args, out var webhookOptions, out var webhookProblem))
    {
        Console.Error.WriteLine("emis bench: " + webhookProblem);
        Console.Error.WriteLine(WebhookOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await WebhookBench.RunAsync(server, webhookOptions);
}

if (args.Length > 0 && args[0] == "rebuild")
{
    if (!RebuildOptions.TryParse(args, out var rebuildOptions, out var rebuildProblem))
    {
        Console.Error.WriteLine("emis bench: " + rebuildProblem);
        Console.Error.WriteLine(RebuildOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await RebuildBench.RunAsync(server, rebuildOptions);
}

if (args.Length > 0 && args[0] == "curriculum")
{
    if (!CurriculumOptions.TryParse(args, out var curriculumOptions, out var curriculumProblem))
    {
        Console.Error.WriteLine("emis bench: " + curriculumProblem);
        Console.Error.WriteLine(CurriculumOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await CurriculumBench.RunAsync(server, curriculumOptions);
}

if (args.Length > 0 && args[0] == "learning")
{
    if (!LearningOptions.TryParse(args, out var learningOptions, out var learningProblem))
    {
        Console.Error.WriteLine("emis bench: " + learningProblem);
        Console.Error.WriteLine(LearningOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await LearningBench.RunAsync(server, learningOptions);
}

if (args.Length > 0 && args[0] == "xapi")
{
    if (!XapiOptions.TryParse(args, out var xapiOptions, out var xapiProblem))
    {
        Console.Error.WriteLine("emis bench: " + xapiProblem);
        Console.Error.WriteLine(XapiOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await XapiBench.RunAsync(server, xapiOptions);
}

if (args.Length > 0 && args[0] == "assets")
{
    if (!AssetsOptions.TryParse(args, out var assetsOptions, out var assetsProblem))
    {
        Console.Error.WriteLine("emis bench: " + assetsProblem);
        Console.Error.WriteLine(AssetsOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await AssetsBench.RunAsync(server, assetsOptions);
}

if (args.Length > 0 && args[0] == "assets-import")
{
    if (!AssetsImportOptions.TryParse(args, out var deviceImportOptions, out var deviceImportProblem))
    {
        Console.Error.WriteLine("emis bench: " + deviceImportProblem);
        Console.Error.WriteLine(AssetsImportOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await AssetsImportBench.RunAsync(server, deviceImportOptions);
}

if (args.Length > 0 && args[0] == "budget")
{
    if (!BudgetOptions.TryParse(args, out var budgetOptions, out var budgetProblem))
    {
        Console.Error.WriteLine("emis bench: " + budgetProblem);
        Console.Error.WriteLine(BudgetOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await BudgetBench.RunAsync(server, budgetOptions);
}

if (args.Length > 0 && args[0] == "diplomas")
{
    if (!DiplomasOptions.TryParse(args, out var diplomasOptions, out var diplomasProblem))
    {
        Console.Error.WriteLine("emis bench: " + diplomasProblem);
        Console.Error.WriteLine(DiplomasOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await DiplomasBench.RunAsync(server, diplomasOptions);
}

if (args.Length > 0 && args[0] == "startup")
{
    if (!StartupOptions.TryParse(args, out var startupOptions, out var startupProblem))
    {
        Console.Error.WriteLine("emis bench: " + startupProblem);
        Console.Error.WriteLine(StartupOptions.Usage);
        return 2;
    }
    if (string.IsNullOrWhiteSpace(server)) return NoServer();
    return await StartupBench.RunAsync(server, startupOptions);
}

if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine("emis bench: " + problem);
    Console.Error.WriteLine(BenchOptions.Usage);
    Console.Error.WriteLine(ImportOptions.Usage);
    Console.Error.WriteLine(FeedBench.Usage);
    return 2;
}
if (string.IsNullOrWhiteSpace(server)) return NoServer();

return await EnrollmentBench.RunAsync(server, options);

static int NoServer()
{
    Console.Error.WriteLine("emis bench: EMIS_BENCH_DB is not set (a PostgreSQL connection string without Database=); run it through ./emis bench.");
    return 2;
}
