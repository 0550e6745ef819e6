using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;

namespace Emis.Platform.GraphQL;

/// <summary>
/// A field a module adds to another module's object type (Credentials' <c>diplomas</c> on Enrollment's <c>Learner</c>) without
/// the owner knowing of it: the field is given the object's id, read through the type's own <c>id</c> field, and never sees the
/// owner's classes.
/// </summary>
public interface IObjectTypeExtension
{
    /// <summary>The GraphQL name of the type extended (<c>Learner</c>).</summary>
    string TypeName { get; }

    /// <summary>The field to add; <paramref name="idOf"/> answers the id of the object being resolved.</summary>
    FieldType Field(ISchema schema, Func<IResolveFieldContext, ValueTask<Guid>> idOf);
}

/// <summary>Adds every <see cref="IObjectTypeExtension"/>'s field to its type once the schema's types exist.</summary>
internal sealed class ObjectTypeExtensionVisitor(IReadOnlyList<IObjectTypeExtension> extensions) : BaseSchemaNodeVisitor
{
    public override void VisitObject(IObjectGraphType type, ISchema schema)
    {
        ArgumentNullException.ThrowIfNull(type);
        foreach (var extension in extensions.Where(e => e.TypeName == type.Name))
        {
            var id = type.GetField("id") ?? throw new InvalidOperationException($"{type.Name} has no id field to extend it by.");
            type.AddField(extension.Field(schema, async context =>
            {
                var value = await id.Resolver!.ResolveAsync(context);
                return value switch
                {
                    Guid guid => guid,
                    string text when Guid.TryParse(text, out var parsed) => parsed,
                    _ => throw new InvalidOperationException($"{type.Name}.id is not a Guid."),
                };
            }));
        }
    }
}
