namespace Emis.Platform.ReadModels;

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
    /// <c>ReadModelRebuilder</c>).
    /// </summary>
    bool RebuildsIntoNewTables => false;
}
