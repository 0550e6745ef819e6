using Emis.Learning.Contracts;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// Drafts the diplomas of a section's graduates when the school confirms its year-end results, and drafts again the drafts
/// of a section whose final mark is corrected afterwards (from its own durable local queue).
/// </summary>
public static class DiplomaDraftingHandler
{
    public static async Task Handle(MarksChangedV1 message, IDocumentStore store, DiplomaDrafting drafting, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Change is not ("results_confirmed" or "mark_corrected")) return;
        await using var session = store.LightweightSession(message.Jurisdiction);
        session.SetHeader(EventHeaders.Jurisdiction, message.Jurisdiction);
        session.SetHeader(EventHeaders.Actor, "learning");
        session.SetHeader(EventHeaders.Source, Sources.Sync);
        if ((await drafting.DraftAsync(session, message.SectionId, ct)).Count > 0) await session.SaveChangesAsync(ct);
    }
}
