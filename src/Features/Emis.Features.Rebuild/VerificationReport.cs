namespace Emis.Features.Rebuild;

public sealed record VerificationReport(long Sequence, IReadOnlyList<RebuildResult> Rebuilds, IReadOnlyList<TableComparison> Tables)
{
    public bool Clean => Tables.All(t => t.Differences == 0);
}
