namespace Emis.Features.AuditTrail;

public sealed record AuditPage(IReadOnlyList<AuditEvent> Nodes, bool HasNextPage, bool HasPreviousPage, Func<CancellationToken, Task<int>> CountAsync)
{
    public static readonly AuditPage Empty = new([], false, false, _ => Task.FromResult(0));
}
