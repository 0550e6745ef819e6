using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Emis.Features.Partners.Feed;

public sealed class JsonGraphType : ScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "A JSON value, sent as is; an event's data, whose JSON Schema the event catalogue (/events/catalog) gives.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        JsonNode node => JsonSerializer.SerializeToElement(node),
        JsonElement element => element,
        _ => ThrowSerializationError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => ThrowLiteralConversionError(value, "JSON is an output type only.");

    public override object? ParseValue(object? value) => ThrowValueConversionError(value);
}

public sealed class PublicEventGraphType : ObjectGraphType<PublicEventItem>
{
    public PublicEventGraphType()
    {
        Name = "PublicEvent";
        Description = "A public event, with the content of its CloudEvent in the pull feed (GET /api/events); see /events/catalog.";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description(
            "Position in the jurisdiction's log: resume with fromSequence set to the last one received.")
            .Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("id").Description("The event's unique id (the CloudEvent id).").Resolve(c => c.Source.Attribute("id"));
        Field<NonNullGraphType<StringGraphType>>("type").Description("The CloudEvents type, emis.{name}.v{version}.")
            .Resolve(c => c.Source.Attribute("type"));
        Field<NonNullGraphType<StringGraphType>>("source").Resolve(c => c.Source.Attribute("source"));
        Field<NonNullGraphType<IdGraphType>>("subject").Description("The id of what the event is about.").Resolve(c => c.Source.Attribute("subject"));
        Field<NonNullGraphType<StringGraphType>>("time").Description("When it was recorded (RFC 3339, UTC), as in the CloudEvent.")
            .Resolve(c => c.Source.Attribute("time"));
        Field<NonNullGraphType<StringGraphType>>("change").Description("created, updated, deleted or corrected.")
            .Resolve(c => c.Source.Attribute("change"));
        Field<NonNullGraphType<StringGraphType>>("dataschema").Description(
            "The data's JSON Schema: a path under /events/catalog in envelope 1, an absolute URL in envelope 2.")
            .Resolve(c => c.Source.Attribute("dataschema"));
        Field<NonNullGraphType<StringGraphType>>("jurisdiction").Resolve(c => c.Source.Attribute("jurisdiction"));
        Field<NonNullGraphType<JsonGraphType>>("data").Description("Personal fields only with the personal-data grant.")
            .Resolve(c => c.Source.CloudEvent["data"]);
        Field<NonNullGraphType<JsonGraphType>>("cloudEvent").Description(
            "The whole CloudEvent (structured JSON) in the subscription's envelope, exactly as the pull feed sends it: with envelope 2, " +
            "a CloudEvents SDK decodes it as is.")
            .Resolve(c => c.Source.CloudEvent);
    }
}
