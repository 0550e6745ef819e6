using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.GettingLearners;

internal static class LearnerQueryFields
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<LearnerGraphType>("learner")
            .Description("A learner in your scope, or null. With asOf, the learner as they were at that instant, computed from the events.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async c => await Queries(c).LearnerAsync(
                c.Caller(), c.GetArgument<Guid>("id"), c.GetArgument<DateTimeOffset?>("asOf"), c.CancellationToken));

        query.Field<NonNullGraphType<ConnectionGraphType<LearnerGraphType, LearnerProfile>>>("learners")
            .Description("Learners in your scope, ordered by last and first name.")
            .Argument<LearnerFilterGraphType>("filter")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var filter = c.GetArgument<LearnerFilterInput?>("filter")?.ToFilter() ?? new LearnerFilter();
                if (filter.NameContains is { Length: > 0 } && !c.Caller().SeesPersonalData)
                {
                    throw new ExecutionError("Searching by name needs the right to see personal data.") { Code = "FORBIDDEN" };
                }
                return await Queries(c).LearnersAsync(c.Caller(), filter, Cursor.OffsetAfter(c.GetArgument<string?>("after")),
                    Cursor.PageSize(c.GetArgument<int?>("first")), c.CancellationToken);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearnerGraphType>>>>("classRoster")
            .Description("The learners of one class section in a school year, ordered by name (within your scope).")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<NonNullGraphType<IntGraphType>>("grade")
            .Argument<NonNullGraphType<StringGraphType>>("section")
            .ResolveAsync(async c =>
            {
                var filter = new LearnerFilter(c.GetArgument<Guid>("schoolId"), c.GetArgument<string>("schoolYear"), c.GetArgument<int>("grade"),
                    c.GetArgument<string>("section"));
                var page = await Queries(c).LearnersAsync(c.Caller(), filter, 0, Cursor.MaxPageSize, c.CancellationToken);
                return page.Nodes.Where(l => l.InClass).ToList();
            });
    }

    private static LearnerQueries Queries(IResolveFieldContext context) =>
        context.RequestServices!.GetService(typeof(LearnerQueries)) as LearnerQueries ?? throw new InvalidOperationException(
            "LearnerQueries is not registered.");
}
