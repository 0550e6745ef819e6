namespace Emis.Platform.EventLog;

/// <summary>
/// Turns a named checkpoint of the event log ("census day 2025-09-30") into the sequence number it stands for, so that
/// a module's figures accept a checkpoint wherever they accept a sequence number. Implemented by the audit trail, which
/// owns the checkpoints.
/// </summary>
public interface ICheckpointResolver
{
    /// <summary>The sequence number a checkpoint name stands for in a jurisdiction, or null when there is no such name.</summary>
    Task<long?> ResolveAsync(string jurisdiction, string name, CancellationToken ct);
}
