using Emis.Enrollment.Learners.ImportLearners.Reviewing;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Learners.ImportLearners.Reverting;

public sealed class RevertLearnerImportInput
{
    public Guid ImportId { get; set; }
    public string? Reason { get; set; }
}

public sealed class RevertLearnerImportInputGraphType : InputObjectGraphType<RevertLearnerImportInput>
{
    public RevertLearnerImportInputGraphType()
    {
        Name = "RevertLearnerImportInput";
        Field(x => x.ImportId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason, type: typeof(NonNullGraphType<StringGraphType>))
            .Description("Why (at most 500 characters); kept with the import and on each learner's registration reverted.");
    }
}

public sealed class ImportRevertGraphType : ObjectGraphType<ImportRevert>
{
    public ImportRevertGraphType()
    {
        Name = "ImportRevert";
        Description = "Who reverted an import, why, and how far it got.";
        Field(x => x.Actor);
        Field<StringGraphType>("reason").Description("Why: for the ministry admin only (free text, it may name people).")
            .Resolve(c => c.Caller().Role == Emis.Platform.Auth.Roles.MinistryAdmin ? c.Source.Reason : null);
        Field(x => x.RequestedAt);
        Field(x => x.People).Description("Learners reverted so far.");
        Field(x => x.CompletedAt, nullable: true);
    }
}

public sealed class RevertLearnerImportPayloadGraphType : ObjectGraphType<ImportRevertRequested>
{
    public RevertLearnerImportPayloadGraphType()
    {
        Name = "RevertLearnerImportPayload";
        Field(x => x.Import, type: typeof(LearnerImportGraphType)).Description("The import, now REVERTING; null when refused.");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

internal static class RevertLearnerImportMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RevertLearnerImportPayloadGraphType>>("revertLearnerImport")
            .Description(
                "Undoes a completed learner import (ministry admin): every learner it registered gets compensating events (enrolments and " +
                "registration reverted, never counted as dropouts), their EduIDs are retired and never reissued, and their Microsoft 365 " +
                "users disabled. Runs in the background: follow learnerImport(id).status (REVERTING, then REVERTED).")
            .Argument<NonNullGraphType<RevertLearnerImportInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<RevertLearnerImportInput>("input");
                var emis = context.EmisContext();
                var reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();
                return await context.RequestServices!.GetRequiredService<LearnerImportReverter>()
                    .RequestAsync(emis.Caller, emis.CommandContext(reason), input.ImportId, input.Reason, context.CancellationToken);
            });
}
