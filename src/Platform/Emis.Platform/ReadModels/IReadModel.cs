using Npgsql;

namespace Emis.Platform.ReadModels;

/// <summary>
/// A read model that can be rebuilt from the event log alone: its tables are a pure function of the events. Each
/// module declares its own (registered as <see cref="IReadModel"/> services); the platform rebuilds them live
/// (<c>./emis projections rebuild</c>) or into a shadow schema to compare with the live rows (<c>./emis audit verify</c>).
/// A rebuild writes rows only: it never appends events and never publishes messages.
/// </summary>
public interface IReadModel
{
    /// <summary>Short name, as typed on the command line (<c>statistics</c>, <c>learner-profiles</c>).</summary>
    string Name { get; }

    /// <summary>One line for <c>./emis projections list</c>.</summary>
    string Description { get; }

    /// <summary>The stored event types it is built from (for counting and progress).</summary>
    IReadOnlyList<string> EventTypes { get; }

    /// <summary>Its tables, with what identifies a row and what must be equal after a rebuild.</summary>
    IReadOnlyList<ReadModelTable> Tables { get; }

    /// <summary>
    /// Writes the read model from the events visible to the rebuild's transaction (<see cref="ReadModelRebuild"/>) into
    /// its tables in <see cref="ReadModelRebuild.TargetSchema"/>, which are empty. Returns the number of events read.
    /// </summary>
    Task<long> RebuildAsync(ReadModelRebuild rebuild, CancellationToken ct);

    /// <summary>
    /// Whether a live rebuild writes into new, unindexed tables that replace the live ones at commit (indexes built once,
    /// by sorting, and no rows deleted) instead of deleting the live rows and inserting into the indexed tables. Worth it
    /// for large tables; only for tables no writer reads before writing them in the same transaction (see
    /// <see cref="ReadModelRebuilder"/>).
    /// </summary>
    bool RebuildsIntoNewTables => false;
}

/// <summary>
/// A table of a read model. <paramref name="Key"/> identifies a row (unique); <paramref name="Compared"/> are the
/// columns a rebuild must reproduce exactly; <paramref name="Generated"/> are columns that legitimately differ
/// (surrogate ids drawn from a sequence): left empty in a shadow copy and never compared. Columns in none of the lists
/// (such as Marten's <c>mt_last_modified</c> and <c>mt_dotnet_type</c>) are not compared either. Values of
/// <paramref name="Personal"/> columns are compared but never printed.
/// </summary>
public sealed record ReadModelTable(string Name, IReadOnlyList<string> Key, IReadOnlyList<string> Compared, IReadOnlyList<string>? Generated = null,
    IReadOnlyList<string>? Personal = null)
{
    public IReadOnlyList<string> GeneratedColumns => Generated ?? [];

    public IReadOnlyList<string> PersonalColumns => Personal ?? [];
}

/// <summary>
/// One rebuild in progress: the connection and transaction it runs in (a repeatable-read snapshot: the events it reads
/// are exactly those visible to it), where the events are, where to write, and where to report progress.
/// </summary>
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
