using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>How far a learner import is, as the <c>learnerImportProgress</c> subscription sends it.</summary>
public sealed record LearnerImportProgress(Guid ImportId, string Status, int Rows, int RowsWritten, ImportSummary? Summary, string? Failure)
{
    public bool Final => Status is ImportStatus.Completed or "FAILED";

    /// <summary>
    /// The progress of an import the caller may see: its document once it runs, its queued file before; null when there is
    /// neither (or the caller may not see it).
    /// </summary>
    public static async Task<LearnerImportProgress?> ReadAsync(IDocumentStore store, ImportQueue queue, Caller caller, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(caller);
        await using (var session = store.QuerySession(caller.Jurisdiction))
        {
            if (await session.LoadAsync<LearnerImport>(id, ct) is { } import && import.VisibleTo(caller))
            {
                return new LearnerImportProgress(id, import.Status, import.Rows, import.RowsWritten, import.Summary, null);
            }
        }
        return await queue.FindAsync(caller.Jurisdiction, id, ct) is { Kind: "learners" } queued
            && (queued.Caller.Subject == caller.Subject || caller.Role == Roles.MinistryAdmin)
            ? new LearnerImportProgress(id, queued.Failure is null ? "QUEUED" : "FAILED", 0, 0, null, queued.Failure)
            : null;
    }

    /// <summary><c>learnerImportProgress(id)</c>: the progress now, then each change, until COMPLETED or FAILED.</summary>
    public static void AddSubscription(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<LearnerImportProgressGraphType>, LearnerImportProgress>("learnerImportProgress")
            .Description("How far a learner import is (QUEUED, RUNNING with rowsWritten, then COMPLETED or FAILED, which end the stream); "
                + "for whoever may see the import. Works whichever node runs it.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveStreamAsync(async context =>
            {
                var caller = context.Caller();
                var id = context.GetArgument<Guid>("id");
                var services = context.RequestServices!;
                var store = services.GetRequiredService<IDocumentStore>();
                var queue = services.GetRequiredService<ImportQueue>();
                if (await ReadAsync(store, queue, caller, id, context.CancellationToken) is null)
                {
                    throw new ExecutionError("No learner import with this id that you may see.") { Code = "NOT_FOUND" };
                }
                return new PollingFeed<LearnerImportProgress>(ct => ReadAsync(store, queue, caller, id, ct), p => p.Final);
            });
}

public sealed class LearnerImportProgressGraphType : ObjectGraphType<LearnerImportProgress>
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
