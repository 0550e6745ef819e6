using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Emis.Features.Partners.Webhooks;

public sealed record WebhookDeadLetter(long Sequence, Guid EventId, string Type, DateTimeOffset ParkedAt, int Attempts, string? LastError);
