using Emis.Platform.Events;
using Npgsql;

namespace Emis.Staffing.Figures;

/// <summary>
/// Keeps the staff figures' tables in step with events written by a <see cref="BulkWrite"/> (an import), which bypasses the
/// inline projections: the same statements as <see cref="StaffFiguresProjection"/>, given the events' sequence numbers
/// (the write must have flushed its events) and the write's timestamp, sent in one batch on the write's connection.
/// </summary>
public static class StaffFiguresBulk
{
    public static async Task WriteAsync(BulkWrite write, IEnumerable<(Guid Stream, long Version, object Data)> events, CancellationToken ct)
    {
        var statements = new StaffFiguresStatements(write.Schema, write.Schema);
        await using var batch = new NpgsqlBatch(write.Connection);
        foreach (var (stream, version, data) in events)
        {
            foreach (var (sql, args) in statements.For(write.Tenant, write.SequenceOf(stream, version), write.Now, data))
            {
                var command = new NpgsqlBatchCommand(StaffFiguresStatements.Positional(sql));
                foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
                batch.BatchCommands.Add(command);
            }
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }
}
