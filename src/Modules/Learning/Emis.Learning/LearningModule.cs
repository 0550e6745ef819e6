using Emis.Curriculum.Contracts;
using Emis.Learning.Figures;
using Emis.Learning.Marks;
using Emis.Learning.PublicEvents;
using Emis.Learning.Results;
using Emis.Learning.Rules;
using Emis.Learning.Xapi;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Platform.ReadModels;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Emis.Learning;

/// <summary>Grading scales, marks, year-end results and course progress: everything the host needs to compose the Learning module.</summary>
public static class LearningModule
{
    public static IServiceCollection AddLearning(this IServiceCollection services)
    {
        services.AddValidatorsFrom<MarkSheetView>();
        services.AddCommandPoliciesFrom<MarkSheetView>();
        services.AddSingleton<MarkFiguresQueries>();
        services.AddSingleton<MarkFiguresFeed>();
        services.AddSingleton<LearnerRecords>();
        services.AddSingleton<Contracts.ILearningRecords, LearningRecordsService>();
        services.AddSingleton<IGraphQLModule, LearningGraphQL>();
        services.AddSingleton(LearningPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, LearningStreamVisibility>();
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton<IReadModel, MarkFactsReadModel>();
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<MarkSheetView>(sp.GetRequiredService<IDocumentStore>(), "mark-sheets",
            "each section's marks in each subject (MarkSheetView documents)", [typeof(MarksRecorded), typeof(MarkCorrected)],
            s => s.Id, s => s.Version, SheetColumns, []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<SectionResultsView>(sp.GetRequiredService<IDocumentStore>(),
            "year-end-results", "each section's confirmed year-end results (SectionResultsView documents)", [typeof(YearEndResultsConfirmed)],
            s => s.Id, s => s.Version, [], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<AssessmentRulesView>(sp.GetRequiredService<IDocumentStore>(),
            "assessment-rules", "the jurisdictions' grading scales, terms and promotion rules (AssessmentRulesView documents)",
            [typeof(GradingScaleSet), typeof(AssessmentCalendarSet)], s => s.Id, s => s.Version, [], []));
        services.AddXapi();
        return services;
    }

    /// <summary>The columns duplicated out of a mark sheet document (kept in step with <see cref="ConfigureLearning(StoreOptions)"/>).</summary>
    internal static readonly (string, NpgsqlTypes.NpgsqlDbType, Func<MarkSheetView, object?>)[] SheetColumns =
    [
        ("section_id", NpgsqlTypes.NpgsqlDbType.Uuid, s => s.SectionId),
    ];

    public static StoreOptions ConfigureLearning(this StoreOptions options)
    {
        // Explicit, module-prefixed names: history never depends on a class name.
        options.Events.MapEventType<GradingScaleSet>("learning.grading_scale_set");
        options.Events.MapEventType<AssessmentCalendarSet>("learning.assessment_calendar_set");
        options.Events.MapEventType<MarksRecorded>("learning.marks_recorded");
        options.Events.MapEventType<MarkCorrected>("learning.mark_corrected");
        options.Events.MapEventType<YearEndResultsConfirmed>("learning.year_end_results_confirmed");

        options.Projections.Add<AssessmentRulesProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<MarkSheetProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<SectionResultsProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new MarkFactsProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline, "mark_facts");
        options.Storage.ExtendedSchemaObjects.AddRange(MarkFactsTables.All(options.DatabaseSchemaName));
        // A section's sheets are read together (its year-end proposals).
        options.Schema.For<MarkSheetView>().Duplicate(x => x.SectionId);
        options.Schema.For<SectionResultsView>();
        options.ConfigureXapi();
        return options;
    }

    public static WolverineOptions ConfigureLearning(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(LearningModule).Assembly);
        return options;
    }

    private sealed class LearningGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query) => LearningFields.AddQueries(query);

        public void AddMutationFields(ObjectGraphType mutation) => LearningFields.AddMutations(mutation);

        public void AddSubscriptionFields(ObjectGraphType subscription) => LearningFields.AddSubscriptions(subscription);
    }

    /// <summary>
    /// The rules are public within the jurisdiction; a sheet's and a section's results' history go with who may see the section's marks.
    /// </summary>
    private sealed class LearningStreamVisibility(IDocumentStore store, ISectionCatalogue sections) : IStreamVisibility
    {
        public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
        {
            if (streamId == AssessmentRulesView.IdFor(caller.Jurisdiction)) return true;
            await using var session = store.QuerySession(caller.Jurisdiction);
            var section = (await session.LoadAsync<MarkSheetView>(streamId, ct))?.SectionId
                ?? (await session.LoadAsync<SectionResultsView>(streamId, ct))?.SectionId;
            if (section is not { } id) return null;
            return await sections.SectionAsync(caller.Jurisdiction, id, ct) is { } found && LearningAccess.MaySeeSection(caller, found);
        }
    }
}
