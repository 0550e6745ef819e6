using System.Text.Json;
using Emis.Host;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Registry.Schools.ImportingSchools;

return await EmisProgram.RunAsync(args);

namespace Emis.Host
{
    /// <summary>The host's entry point: <c>serve</c> (default), <c>token</c>, <c>import schools FILE</c>, <c>export sds OUTDIR</c>,
    /// <c>projections list|rebuild [NAME]</c>, <c>audit verify</c>, <c>codegen write [--output DIR]</c>.</summary>
    public sealed partial class EmisProgram
    {
        private EmisProgram()
        {
        }

        private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

        public static async Task<int> RunAsync(string[] args)
        {
            // Options without a command (as the test host and hosting platforms pass them) mean "serve".
            var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "serve";
            var rest = command == "serve" && (args.Length == 0 || args[0] != "serve") ? args : [.. args.Skip(1)];
            return command switch
            {
                "serve" => await ServeAsync(rest),
                "token" => Token(rest),
                "import" => await ImportAsync(rest),
                "export" => await ExportAsync(rest),
                "projections" => await ProjectionsAsync(rest),
                "audit" => await AuditAsync(rest),
                "registry" => await RegistryAsync(rest),
                "curriculum" => await CurriculumAsync(rest),
                "codegen" => Codegen(rest),
                _ => Usage($"unknown command '{command}'"),
            };
        }

        public static WebApplication Build(string[] args, bool runDaemon)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = args,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.AddEmis(runDaemon);
            var app = builder.Build();
            app.UseEmis();
            return app;
        }

        private static async Task<int> ServeAsync(string[] args)
        {
            var app = Build(args, runDaemon: true);
            await app.StartAsync();
            if (app.Configuration.GetValue("Emis:Demo:Load", false))
            {
                await DemoJurisdiction.LoadIfEmptyAsync(app.Services, app.Logger, app.Lifetime.ApplicationStopping);
            }
            LogServing(app.Logger, string.Join(", ", app.Urls));
            await app.WaitForShutdownAsync();
            return 0;
        }

        private static int Token(string[] args)
        {
            var options = Options(args);
            if (!options.TryGetValue("role", out var role)) return Usage("token needs --role");
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            var caller = new Caller(
                options.GetValueOrDefault("subject") ?? $"local-{role}",
                role,
                options.GetValueOrDefault("jurisdiction") ?? EmisComposition.DefaultJurisdiction,
                options.GetValueOrDefault("municipality"),
                options.GetValueOrDefault("school"))
            {
                GrantedRights = Grants.ParseList(options.GetValueOrDefault("grants")),
            };
            if (caller.Problem() is { } problem) return Usage(problem);
            var hours = options.TryGetValue("hours", out var h)
                && double.TryParse(h, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : 12;
            Console.WriteLine(new LocalTokenIssuer(configuration).Issue(caller, options.GetValueOrDefault("name"), TimeSpan.FromHours(hours)));
            return 0;
        }

        /// <summary>A host for a one-off command: no daemon, a throw-away port, warnings only.</summary>
        private static WebApplication BuildForCommand() =>
            Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], runDaemon: false);

        /// <summary>
        /// A host for a command that reads and writes the store directly (rebuild, verify, hash chain): built, its schema
        /// brought up to date, but not started, so no message handler, delivery or background worker runs in it.
        /// </summary>
        private static async Task<WebApplication> BuildStoreOnlyAsync()
        {
            var app = BuildForCommand();
            await app.Services.GetRequiredService<Marten.IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            return app;
        }

        /// <summary>
        /// <c>registry announce [--jurisdiction ID]</c>: publishes every school again, for a module deployed after the schools
        /// were registered (its copy of them fills from the announcement; a module that has them already changes nothing).
        /// </summary>
        private static async Task<int> RegistryAsync(string[] args)
        {
            if (args.Length == 0 || args[0] != "announce") return Usage("usage: registry announce [--jurisdiction ID]");
            var jurisdiction = Options([.. args.Skip(1)]).GetValueOrDefault("jurisdiction") ?? EmisComposition.DefaultJurisdiction;
            var app = BuildForCommand();
            await app.StartAsync();
            try
            {
                var announced = await app.Services.GetRequiredService<Registry.Schools.AnnouncingSchools.SchoolAnnouncer>()
                    .AnnounceAllAsync(jurisdiction, CancellationToken.None);
                Console.WriteLine($"{announced} schools of {jurisdiction} announced to the other modules");
                return 0;
            }
            finally
            {
                await app.StopAsync();
            }
        }

        /// <summary>
        /// <c>curriculum link-sections [--jurisdiction ID]</c>: the upgrade of adr/0027 — every school, year, grade and letter the
        /// learners in class are enrolled in becomes a class section, with the link recorded in the section's stream (no
        /// enrolment rewritten). Safe to run again: it opens nothing twice and links only what is new.
        /// </summary>
        private static async Task<int> CurriculumAsync(string[] args)
        {
            if (args.Length == 0 || args[0] != "link-sections") return Usage("usage: curriculum link-sections [--jurisdiction ID]");
            var jurisdiction = Options([.. args.Skip(1)]).GetValueOrDefault("jurisdiction") ?? EmisComposition.DefaultJurisdiction;
            var app = BuildForCommand();
            await app.StartAsync();
            try
            {
                var made = await app.Services.GetRequiredService<Curriculum.Sections.SectionLinker>()
                    .LinkAsync(jurisdiction, CliActor, CancellationToken.None);
                Console.WriteLine(
                    $"{jurisdiction}: {made.Opened} sections opened, {made.Linked} sections linked to {made.Learners} learners' enrolments");
                return 0;
            }
            finally
            {
                await app.StopAsync();
            }
        }

        /// <summary>Who a command run from the shell acts as.</summary>
        private static string CliActor => Environment.UserName is { Length: > 0 } user ? "cli:" + user : "cli";

        private static async Task<int> ImportSchoolsAsync(string file, string? jurisdictionOption, string? reportPath)
        {
            if (!File.Exists(file)) return ImportUsage($"{file}: no such file");
            var jurisdiction = jurisdictionOption ?? EmisComposition.DefaultJurisdiction;

            var app = BuildForCommand();
            await app.StartAsync();
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var importer = scope.ServiceProvider.GetRequiredService<SchoolImporter>();
                await using var stream = File.OpenRead(file);
                var context = new CommandContext(jurisdiction, CliActor, Sources.Import, "import-" + Guid.NewGuid().ToString("N"));
                var report = await importer.ImportAsync(stream, Path.GetFileName(file), context, CancellationToken.None);

                foreach (var error in report.FileErrors) Console.Error.WriteLine($"{Path.GetFileName(file)}: {error.Code}: {error.Message}");
                foreach (var row in report.Results)
                {
                    var detail = row.Status == "rejected"
                        ? string.Join("; ", row.Errors.Select(e => $"{e.Field ?? "row"}: {e.Message}"))
                        : string.Join("; ", row.Changes);
                    Console.WriteLine($"row {row.Row}: {row.Code ?? "(no code)"} {row.Status}{(detail.Length > 0 ? " — " + detail : "")}");
                }
                Console.WriteLine(
                    $"{report.Rows} rows: {report.Registered} registered, {report.Updated} updated, {report.Unchanged} unchanged, " +
                    $"{report.Rejected} rejected (import {report.ImportId}, jurisdiction {jurisdiction})");
                if (reportPath is not null) await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report, ReportJson));
                return report.FileErrors.Count > 0 ? ImportFailed : report.Rejected > 0 ? ImportIncomplete : 0;
            }
            finally
            {
                await app.StopAsync();
            }
        }

        private static async Task<int> ProjectionsAsync(string[] args)
        {
            if (args.Length == 0 || args[0] is not ("list" or "rebuild") || (args[0] == "list" && args.Length > 1) || args.Length > 2)
            {
                return Usage("usage: projections list | projections rebuild [NAME]");
            }
            // Not started: a rebuild must not run message handlers or webhook deliveries in this process (it would take
            // over the server's durable messages in solo mode); it needs only the store and the database.
            await using var app = await BuildStoreOnlyAsync();
            return args[0] == "list"
                ? ReadModelCommands.List(app.Services, Console.Out)
                : await ReadModelCommands.RebuildAsync(
                    app.Services, args.Length > 1 ? args[1] : null, Console.Out, Console.Error, CancellationToken.None);
        }

        private static async Task<int> AuditAsync(string[] args)
        {
            if (args.Length == 1 && args[0] == "chain") return await AuditChainAsync();
            if (args.Length == 0 || args[0] != "verify") return Usage("usage: audit verify [--examples N] [--shadow SCHEMA] | audit chain");
            var options = Options(args[1..]);
            var examples = options.TryGetValue("examples", out var e) && int.TryParse(e, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : 20;
            var shadow = options.GetValueOrDefault("shadow") ?? Features.Rebuild.ReadModelVerifier.DefaultShadowSchema;
            await using var app = await BuildStoreOnlyAsync();
            return await ReadModelCommands.AuditAsync(
                app.Services, ReadModelCommands.AuditChecks(examples, shadow), Console.Out, CancellationToken.None);
        }

        private static int Codegen(string[] args)
        {
            if (args.Length == 0 || args[0] != "write") return Usage("usage: codegen write [--output DIR]");
            var output = Options(args[1..]).GetValueOrDefault("output") ?? EmisCodegen.DefaultOutput();
            var files = EmisCodegen.Write(output);
            Console.WriteLine($"{files.Count} generated files written to {output}");
            return 0;
        }

        private static Dictionary<string, string> Options(string[] args)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
                var key = args[i][2..];
                var eq = key.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) result[key[..eq]] = key[(eq + 1)..];
                else if (i + 1 < args.Length) result[key] = args[++i];
            }
            return result;
        }

        /// <summary>Exit code of an import that failed as a whole (a usage error, an unreadable file, a refusal): nothing imported.</summary>
        private const int ImportFailed = 1;

        /// <summary>Exit code of an import that ran but left rows rejected or held for review.</summary>
        private const int ImportIncomplete = 2;

        private static int ImportUsage(string message)
        {
            Console.Error.WriteLine("emis: " + message);
            return ImportFailed;
        }

        private static int Usage(string message)
        {
            Console.Error.WriteLine("emis: " + message);
            return 2;
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Emis is serving on {Urls}")]
        private static partial void LogServing(ILogger logger, string urls);
    }
}
