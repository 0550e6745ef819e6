namespace Emis.Features.Rebuild;

public readonly record struct RebuildProgress(string ReadModel, long Events, long Total);
