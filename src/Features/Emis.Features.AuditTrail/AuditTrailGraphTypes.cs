using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Features.AuditTrail;

public sealed class AuditEventGraphType : ObjectGraphType<AuditEvent>
{
    public AuditEventGraphType()
    {
        Name = "AuditEvent";
        Description = "One event of the log as you may see it: personal fields and the actor are pseudonymised unless you may see personal data.";
        Field(x => x.Sequence).Description("The event's global sequence number: its place in the log, the same for everyone.");
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.StreamId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The entity (stream) the event belongs to.");
        Field(x => x.Version).Description("The entity's version after this event.");
        Field(x => x.Type).Description("The stored event type, e.g. enrollment.learner_enrolled.");
        Field(x => x.Time).Description("When the event was recorded.");
        Field(x => x.Jurisdiction);
        Field(x => x.Actor, nullable: true).Description("Who made the change: an account id, or its stable pseudonym ('pseud:…').");
        Field(x => x.Reason, nullable: true).Description("Why, when the actor said.");
        Field(x => x.Source, nullable: true).Description("api, import, sync or seed.");
        Field(x => x.CorrelationId, nullable: true).Description("The request or import batch the change belongs to.");
        Field(x => x.CausationId, nullable: true).Description("The message that caused the change.");
        Field(x => x.Data).Description("What changed: the event's data as JSON text.");
        Field(x => x.Pseudonymised).Description("True when personal data in this event is withheld from you.");
    }
}

public sealed class AuditEventConnectionGraphType : ObjectGraphType<AuditPage>
{
    public AuditEventConnectionGraphType()
    {
        Name = "AuditEventConnection";
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("All events matching, ignoring pagination (counted only when asked for).")
            .ResolveAsync(async c => await c.Source.CountAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeGraphType<AuditEventGraphType, AuditEvent>>>>>("edges")
            .Resolve(c => c.Source.Nodes.Select(n => new EdgeData<AuditEvent>(SequenceCursor.For(n.Sequence), n)).ToList());
        Field<NonNullGraphType<PageInfoGraphType>>("pageInfo").Resolve(c => new PageInfoData(
            c.Source.HasNextPage,
            c.Source.HasPreviousPage,
            c.Source.Nodes.Count == 0 ? null : SequenceCursor.For(c.Source.Nodes[0].Sequence),
            c.Source.Nodes.Count == 0 ? null : SequenceCursor.For(c.Source.Nodes[^1].Sequence)));
    }
}

public sealed class EventOrderGraphType : EnumerationGraphType<EventOrder>
{
    public EventOrderGraphType() => Name = "EventOrder";
}

public sealed class EventFilterGraphType : InputObjectGraphType<EventFilterInput>
{
    public EventFilterGraphType()
    {
        Name = "EventFilter";
        Field(x => x.Types, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>))
            .Description("Stored event types, e.g. enrollment.learner_enrolled (none: all).");
        Field(x => x.StreamId, type: typeof(IdGraphType)).Description("Only the events of this entity.");
        Field(x => x.Actor, nullable: true).Description("Only changes by this actor (as shown to you: an account id or its pseudonym).");
        Field(x => x.From, nullable: true).Description("Only events recorded at or after this instant.");
        Field(x => x.To, nullable: true).Description("Only events recorded before this instant.");
    }
}

public sealed class CheckpointGraphType : ObjectGraphType<NamedCheckpoint>
{
    public CheckpointGraphType()
    {
        Name = "Checkpoint";
        Description = "A named point of the event log: figures computed at it are the same for everyone, whenever they are recomputed.";
        Field(x => x.Name);
        Field(x => x.Sequence).Description("The last event included: events up to and including this sequence number.");
        Field(x => x.AsOf).Description("The instant the checkpoint stands for.");
        Field(x => x.NamedAt);
        Field(x => x.Reason, nullable: true);
        Field<StringGraphType>("namedBy").Description("Who named it; null when personal data is withheld from you.")
            .Resolve(c => c.Caller().SeesPersonalData ? c.Source.NamedBy : null);
    }
}

public sealed class NameCheckpointInputGraphType : InputObjectGraphType<NameCheckpointInput>
{
    public NameCheckpointInputGraphType()
    {
        Name = "NameCheckpointInput";
        Field(x => x.Name).Description("Unique in the jurisdiction (case is ignored), e.g. 'census day 2025-09-30'.");
        Field(x => x.Sequence, nullable: true).Description("The last event to include; defaults to the log's safe head now.");
        Field(x => x.AsOf, nullable: true).Description("Instead of sequence: the jurisdiction's last event recorded at or before this instant.");
        Field(x => x.Reason, nullable: true);
    }
}

public sealed class NameCheckpointPayloadGraphType : ObjectGraphType<NameCheckpointPayload>
{
    public NameCheckpointPayloadGraphType()
    {
        Name = "NameCheckpointPayload";
        Field(x => x.Checkpoint, type: typeof(CheckpointGraphType));
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}
