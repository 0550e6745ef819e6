using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Features.AuditTrail;

public static class AuditTrailFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<AuditEventConnectionGraphType>("history")
            .Description(
                "Every event of one entity (learner, school, account, checkpoint…) in sequence order; null when it does not exist or is outside " +
                "your scope.")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(
                async c => await Trail(c).HistoryAsync(c.Caller(), c.GetArgument<Guid>("entityId"), Cursor.PageSize(c.GetArgument<int?>("first")),
                SequenceCursor.Parse(c.GetArgument<string?>("after")), c.CancellationToken));

        query.Field<NonNullGraphType<AuditEventConnectionGraphType>>("events")
            .Description("The events of your jurisdiction, oldest first unless order is NEWEST_FIRST (ministry-admin and ministry-analyst).")
            .Argument<EventFilterGraphType>("filter")
            .Argument<EventOrderGraphType>("order", "OLDEST_FIRST (default) or NEWEST_FIRST.")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(
                async c => await Trail(c).EventsAsync(c.Caller(), c.GetArgument<EventFilterInput?>("filter")?.ToFilter() ?? new AuditFilter(),
                Cursor.PageSize(c.GetArgument<int?>("first")), SequenceCursor.Parse(c.GetArgument<string?>("after")),
                c.GetArgument<EventOrder?>("order") == EventOrder.NewestFirst, c.CancellationToken));

        query.Field<CheckpointGraphType>("checkpoint")
            .Description("A named checkpoint of your jurisdiction, or null.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await Checkpoints(c).GetAsync(c.Caller().Jurisdiction, c.GetArgument<string>("name"), c.CancellationToken));

        query.Field<NonNullGraphType<ConnectionGraphType<CheckpointGraphType, NamedCheckpoint>>>("checkpoints")
            .Description("The named checkpoints of your jurisdiction, in sequence order.")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c => await Checkpoints(c).ListAsync(c.Caller().Jurisdiction, Cursor.OffsetAfter(c.GetArgument<string?>("after")),
                Cursor.PageSize(c.GetArgument<int?>("first")), c.CancellationToken));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<Erasure.ErasePersonPayloadGraphType>>("erasePerson")
            .Description("Erase a person by destroying their data key (ministry-admin; once retention has ended, or by court order). "
                + "Their events stay, pseudonymous; figures are unchanged.")
            .Argument<NonNullGraphType<Erasure.ErasePersonInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Erasure.ErasePersonInput>("input");
                return await c.RequestServices!.GetRequiredService<Erasure.PersonEraser>().EraseAsync(c.Caller(), c.EmisContext().CommandContext(),
                    input, c.CancellationToken);
            });

        mutation.Field<NonNullGraphType<NameCheckpointPayloadGraphType>>("nameCheckpoint")
            .Description("Give a point of the event log a name (ministry-admin, ministry-analyst); names are unique per jurisdiction.")
            .Argument<NonNullGraphType<NameCheckpointInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<NameCheckpointInput>("input");
                var outcome = await Checkpoints(c).NameAsync(c.Caller(), c.EmisContext().CommandContext(input.Reason), input.Name, input.Sequence,
                    input.AsOf, c.CancellationToken);
                return new NameCheckpointPayload(outcome.Result, outcome.Errors);
            });
    }

    private static AuditTrail Trail(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<AuditTrail>();

    private static Checkpoints Checkpoints(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<Checkpoints>();
}
