namespace Emis.Features.Rebuild;

public sealed record RebuildResult(string ReadModel, long Events, long UpTo, IReadOnlyDictionary<string, long> Rows, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Events / Elapsed.TotalSeconds : 0;
}
