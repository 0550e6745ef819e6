using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Registry.Schools.GettingSchools;

internal static class SchoolQueryFields
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<SchoolGraphType>("school")
            .Description("A school in your scope, or null. With asOf, the school as it was at that instant, computed from its events.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async context => await Queries(context).SchoolAsync(
                context.Caller(), context.GetArgument<Guid>("id"), context.GetArgument<DateTimeOffset?>("asOf"), context.CancellationToken));

        query.Field<NonNullGraphType<ConnectionGraphType<SchoolGraphType, SchoolView>>>("schools")
            .Description("Schools in your scope, ordered by name.")
            .Argument<SchoolFilterGraphType>("filter")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<SchoolFilterInput?>("filter")?.ToFilter() ?? new SchoolFilter(null, null, null, null);
                var first = Cursor.PageSize(context.GetArgument<int?>("first"));
                var offset = Cursor.OffsetAfter(context.GetArgument<string?>("after"));
                return await Queries(context).SchoolsAsync(context.Caller(), filter, offset, first, context.CancellationToken);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MunicipalityGraphType>>>>("municipalities")
            .Description("Municipalities with schools in your scope.")
            .ResolveAsync(async context => await Queries(context).MunicipalitiesAsync(context.Caller(), context.CancellationToken));
    }

    private static SchoolQueries Queries(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<SchoolQueries>();
}
