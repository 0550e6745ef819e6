using Npgsql;

namespace Emis.Platform.ReadModels;

public sealed class ReadModelRebuild(NpgsqlConnection connection, NpgsqlTransaction transaction, string eventSchema, string targetSchema,
    long upTo, IProgress<long>? progress)
{
    public NpgsqlConnection Connection { get; } = connection;
    public NpgsqlTransaction Transaction { get; } = transaction;

    /// <summary>The schema of <c>mt_events</c>.</summary>
    public string EventSchema { get; } = eventSchema;

    /// <summary>The schema whose (emptied) tables receive the rows: the live schema, or a shadow one.</summary>
    public string TargetSchema { get; } = targetSchema;

    /// <summary>The greatest sequence number visible to the rebuild: events beyond it are not read.</summary>
    public long UpTo { get; } = upTo;

    /// <summary>Events read so far (cumulative), for progress bars.</summary>
    public void Report(long events) => progress?.Report(events);

    public NpgsqlCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, Connection, Transaction) { CommandTimeout = 0 };
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return command;
    }
}
