using Emis.Platform.GraphQL;
using Emis.Platform.ReadModels;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Learning.Xapi;

/// <summary>Course progress from learning platforms over xAPI 1.0.3 (adr/0029): what LearningModule adds for it.</summary>
internal static class XapiModule
{
    public static IServiceCollection AddXapi(this IServiceCollection services)
    {
        services.AddSingleton<XapiSettings>();
        services.AddSingleton<StatementIds>();
        services.AddSingleton<CourseFiguresQueries>();
        services.AddSingleton<CourseProgressQueries>();
        services.AddSingleton<IGraphQLModule, XapiGraphQL>();
        services.AddSingleton(CourseStatementPublicEvents.Map());
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton<IReadModel, CourseFactsReadModel>();
        return services;
    }

    public static StoreOptions ConfigureXapi(this StoreOptions options)
    {
        options.Events.MapEventType<CourseStatementsRecorded>("learning.course_statements_recorded");
        options.Events.MapEventType<CourseStatementsVoided>("learning.course_statements_voided");
        options.Projections.Add(new CourseFactsProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline, "course_facts");
        options.Storage.ExtendedSchemaObjects.AddRange(CourseFactsTables.All(options.DatabaseSchemaName));
        return options;
    }
}
