using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>
/// <c>learnerImportProgress(id)</c>: the progress of a learner import (<see cref="ImportProgress"/>) now, then each change,
/// until COMPLETED or FAILED; read from the stored state, so it follows an import whichever node runs it.
/// </summary>
public static class LearnerImportProgress
{
    public static void AddSubscription(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<LearnerImportProgressGraphType>, ImportProgress>("learnerImportProgress")
            .Description("How far a learner import is (QUEUED, RUNNING with rowsWritten, then COMPLETED or FAILED, which end the stream); "
                + "for whoever may see the import. Works whichever node runs it.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveStreamAsync(async context =>
            {
                var caller = context.Caller();
                var id = context.GetArgument<Guid>("id");
                var queue = context.RequestServices!.GetRequiredService<ImportQueue>();
                Task<ImportProgress?> Read(CancellationToken ct) => queue.ProgressAsync<LearnerImport>(LearnerImportEndpoint.Kind, caller, id, ct);
                if (await Read(context.CancellationToken) is null)
                {
                    throw new ExecutionError("No learner import with this id that you may see.") { Code = "NOT_FOUND" };
                }
                return new PollingFeed<ImportProgress>(Read, p => p.Final);
            });
}

public sealed class LearnerImportProgressGraphType : ObjectGraphType<ImportProgress>
{
    public LearnerImportProgressGraphType()
    {
        Name = "LearnerImportProgress";
        Field(x => x.ImportId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Status).Description("QUEUED, RUNNING, COMPLETED or FAILED.");
        Field(x => x.Rows).Description("Rows in the file (0 while queued).");
        Field(x => x.RowsWritten);
        Field(x => x.Summary, type: typeof(ImportSummaryGraphType));
        Field(x => x.Failure, nullable: true).Description("Why a queued file could not be imported.");
    }
}
