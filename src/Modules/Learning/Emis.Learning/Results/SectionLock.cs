using System.Globalization;
using Emis.Platform.Events;
using Marten;

namespace Emis.Learning.Results;

/// <summary>
/// Makes the commands that decide on a section's final marks take turns: a correction of a final mark reads whether the
/// learner's result is confirmed, and a confirmation reads the final marks, in different streams, so neither stream's version
/// would see the other. A transaction-scoped advisory lock on the section serialises them; the second reads what the first
/// committed.
/// </summary>
internal static class SectionLock
{
    private static readonly Guid Namespace = new("9b4e2c71-6d3f-4a85-b0e2-5c1f8d7a3e64");

    public static Task TakeAsync(IDocumentSession session, Guid sectionId, CancellationToken ct) =>
        AdvisoryLock.TakeAsync(session, Namespace, string.Create(CultureInfo.InvariantCulture, $"{session.TenantId}/{sectionId:N}/final-marks"), ct);
}
