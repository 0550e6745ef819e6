using System.Globalization;
using System.Text;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using GraphQL;
using Marten;
using Npgsql;

namespace Emis.Features.AuditTrail;

public sealed record AuditFilter(
    IReadOnlyList<string>? Types = null,
    Guid? StreamId = null,
    string? Actor = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);
