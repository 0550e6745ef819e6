namespace Emis.Platform.ReadModels;

/// <summary>
/// Rebuilds one read model's live tables from the event log, in one transaction. A module calls it when an upgrade of
/// its own tables can only be finished from the events (the statistics' sequence columns, adr/0013); the rebuild feature
/// implements it.
/// </summary>
public interface IReadModelRebuilder
{
    Task RebuildLiveAsync(IReadModel model, CancellationToken ct);
}
