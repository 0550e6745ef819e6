using System.Globalization;
using System.Text;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using GraphQL;
using Marten;
using Npgsql;

namespace Emis.Features.AuditTrail;

public sealed record AuditPage(IReadOnlyList<AuditEvent> Nodes, bool HasNextPage, bool HasPreviousPage, Func<CancellationToken, Task<int>> CountAsync)
{
    public static readonly AuditPage Empty = new([], false, false, _ => Task.FromResult(0));
}
