using Emis.Credentials;
using Emis.Curriculum;
using Emis.Enrollment;
using Emis.Features.AuditTrail;
using Emis.Assets;
using Emis.Budget;
using Emis.Learning;
using Emis.Features.Partners.Feed;
using Emis.Features.Partners.Webhooks;
using Emis.Features.Rebuild;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.Events;
using Emis.Platform.GraphQL;
using Emis.Platform.Observability;
using Emis.Platform.Privacy;
using Emis.Registry;
using Emis.Staffing;
using GraphQL;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.MultiTenancy;
using Marten;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Emis.Host;

/// <summary>Composes the modules into one host. No business logic lives here.</summary>
public static class EmisComposition
{
    public const string DefaultJurisdiction = "una-sana";

    public static string ConnectionString(IConfiguration configuration) =>
        configuration["EMIS_DB"] ?? configuration.GetConnectionString("Emis")
        ?? throw new InvalidOperationException(
            "No database configured: set EMIS_DB (or ConnectionStrings:Emis), or run through ./emis, which starts a private PostgreSQL.");

    public static WebApplicationBuilder AddEmis(this WebApplicationBuilder builder, bool runDaemon)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        // One data source for Marten and for the modules' SQL read models (statistics). Resolved lazily so that
        // configuration added late (tests, hosting platforms) is honoured.
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(ConnectionString(sp.GetRequiredService<IConfiguration>())).Build());
        // Before Marten's migration (registered first; both run in the hosts' starting phase): a database from before the statistics' sequence
        // columns is brought up to date first (adr/0013).
        services.AddHostedService<Enrollment.Statistics.StatisticsSequenceUpgrade>();
        services.AddSingleton<RetentionRules>();
        services.AddSingleton(sp => new PersonKeys(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IConfiguration>()));
        services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                options.Connection(sp.GetRequiredService<NpgsqlDataSource>());
                options.DatabaseSchemaName = "emis";
                // Personal fields of events about a person are stored encrypted with the person's key (adr/0024).
                options.EncryptPersonalData(sp.GetRequiredService<PersonKeys>());
                // Jurisdictions are tenants (adr/0003): one database, every row and event tagged with its tenant.
                options.Events.TenancyStyle = TenancyStyle.Conjoined;
                options.Policies.AllDocumentsAreMultiTenanted();
                // Quick appends, with the event timestamps taken in .NET so that inline projections see the same
                // timestamp the event is stored with (time travel reads intervals stamped with it).
                options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                // ... cut to the microsecond, as the database keeps it, so that a rebuild from the stored events reproduces them.
                options.Events.TimeProvider = MicrosecondClock.Shared;
                options.Events.MetadataConfig.EnableAll();
                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();
                options.ConfigureRegistry();
                options.ConfigureEnrollment();
                options.ConfigureCredentials();
                options.ConfigureStaffing();
                options.ConfigureCurriculum();
                options.ConfigureLearning();
                options.ConfigureAssets();
                options.ConfigureBudget();
                options.ConfigureAuditTrail();
                options.ConfigureWebhooks();
                return options;
            })
            .IntegrateWithWolverine()
            .UseLightweightSessions()
            .AddAsyncDaemon(runDaemon ? DaemonMode.HotCold : DaemonMode.Disabled)
            .ApplyAllDatabaseChangesOnStartup();

        // Wolverine's and Marten's generated code is written ahead of time (`./emis codegen`, EmisCodegen) and compiled
        // into this assembly: a host only loads it, and never compiles code at run time (adr/0016). A type that is
        // missing fails the start, not the first message that would need it.
        services.CritterStackDefaults(defaults =>
        {
            defaults.ApplicationAssembly = typeof(EmisComposition).Assembly;
            foreach (var profile in new[] { defaults.Production, defaults.Development })
            {
                profile.GeneratedCodeMode = TypeLoadMode.Static;
                profile.SourceCodeWritingEnabled = false;
                profile.AssertAllPreGeneratedTypesExist = !DynamicCodeBuilder.WithinCodegenCommand;
            }
            if (configuration[EmisCodegen.OutputKey] is { Length: > 0 } output) defaults.GeneratedCodeOutputPath = output;
        });

        builder.Host.UseWolverine(options =>
        {
            // Explicit, so that a process hosting Emis from another entry assembly (the benchmark) discovers the same handlers.
            options.ApplicationAssembly = typeof(EmisComposition).Assembly;
            options.ServiceName = "emis";
            // Each module's handler of a shared message gets its own chain: a failing subscriber never blocks another.
            options.MultipleHandlerBehavior = MultipleHandlerBehavior.Separated;
            options.Policies.AutoApplyTransactions();
            options.Policies.UseDurableLocalQueues();
            options.Policies.Add<FluentValidationPolicy>();
            options.Policies.AddMiddleware(typeof(EventMetadataMiddleware),
                chain => chain.MessageType.Namespace?.EndsWith(".Contracts", StringComparison.Ordinal) != true);
            options.ConfigureRegistry();
            options.ConfigureEnrollment();
            options.ConfigureCredentials(configuration);
            options.ConfigureStaffing();
            options.ConfigureCurriculum();
            options.ConfigureLearning();
            options.ConfigureAssets();
            options.ConfigureBudget();
            options.ConfigureWebhooks(configuration);
            if (!runDaemon) options.Durability.Mode = DurabilityMode.Solo;
        });
        services.AddWolverineHttp();

        services.AddSingleton(sp => GraphQLLimits.From(sp.GetRequiredService<IConfiguration>()));
        services.AddGraphQLRateLimits(configuration);
        services.AddSingleton<WebSocketConnections>();
        services.AddSingleton<GraphQLExecutor>();
        services.AddTransient<CommandDispatcher>();
        services.AddSingleton<LocalTokenIssuer>();
        services.AddEventLog();
        services.AddPartnerFeed();
        services.AddReadModelRebuild();
        services.AddRegistry();
        services.AddEnrollment();
        services.AddCredentials();
        services.AddStaffing();
        services.AddCurriculum();
        services.AddLearning();
        services.AddAssets();
        services.AddBudget();
        services.AddAuditTrail();
        services.AddWebhooks();
        services.AddTransient(typeof(ConnectionGraphType<,>));
        services.AddTransient(typeof(EdgeGraphType<,>));
        services.AddGraphQL(graphql => graphql
            .AddSchema<EmisSchema>()
            .AddSystemTextJson(json => json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddGraphTypes(typeof(EmisSchema).Assembly)
            .AddGraphTypes(typeof(AuditTrailServices).Assembly)
            .AddGraphTypes(typeof(PartnerFeedEndpoints).Assembly)
            .AddGraphTypes(typeof(RegistryModule).Assembly)
            .AddGraphTypes(typeof(EnrollmentModule).Assembly)
            .AddGraphTypes(typeof(CredentialsModule).Assembly)
            .AddGraphTypes(typeof(StaffingModule).Assembly)
            .AddGraphTypes(typeof(CurriculumModule).Assembly)
            .AddGraphTypes(typeof(LearningModule).Assembly)
            .AddGraphTypes(typeof(AssetsModule).Assembly)
            .AddGraphTypes(typeof(BudgetModule).Assembly));

        // After Wolverine and Marten (registered above): hosted services start in order, and all before the web server.
        services.AddHostedService<StartupWarmup>();
        services.AddEmisAuthentication(configuration);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ProjectionDaemonHealthCheck>("projections", tags: ["ready"]);

        AddObservability(builder);
        return builder;
    }

    private static void AddObservability(WebApplicationBuilder builder)
    {
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("emis"))
            .WithMetrics(metrics => metrics
                .AddMeter(EmisTelemetry.Name, "Marten", "Wolverine")
                .AddAspNetCoreInstrumentation());
        // Spans cost time on every request; they are recorded only when something collects them.
        if (!exporting) return;
        otel.WithTracing(tracing => tracing
                .AddSource(EmisTelemetry.Name, "Marten", "Wolverine")
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Query strings can carry GraphQL variables; never record them.
                    o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                .AddNpgsql())
            .UseOtlpExporter();
    }

    public static WebApplication UseEmis(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapEmisGraphQL();
        app.MapWolverineEndpoints();
        app.MapPartnerFeed();
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(
            "/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapGet("/", () => Results.Redirect("/graphql"));
        return app;
    }
}
