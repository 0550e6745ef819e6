using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Credentials.Diplomas;

/// <summary><c>Learner.diplomas</c>: a learner's diplomas, drafts included, oldest first, within the caller's scope.</summary>
internal sealed class LearnerDiplomasField : IObjectTypeExtension
{
    public string TypeName => "Learner";

    public FieldType Field(ISchema schema, Func<IResolveFieldContext, ValueTask<Guid>> idOf)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var diploma = schema.AllTypes["Diploma"] ?? throw new InvalidOperationException("The Diploma type is not in the schema.");
        return new FieldType
        {
            Name = "diplomas",
            Description = "The learner's diplomas (drafts, issued, revoked), oldest first, within your scope.",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(diploma))),
            Resolver = new FuncFieldResolver<object>(async context =>
            {
                var learner = await idOf(context);
                var caller = context.Caller();
                await using var session = context.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession(caller.Jurisdiction);
                var diplomas = await session.Query<DiplomaView>().Where(d => d.LearnerId == learner).ToListAsync(context.CancellationToken);
                return diplomas.Where(d => DiplomaAccess.Sees(caller, d)).OrderBy(d => d.DraftedAt).ThenBy(d => d.Id).ToList();
            }),
        };
    }
}
