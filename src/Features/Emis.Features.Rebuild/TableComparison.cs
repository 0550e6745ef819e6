namespace Emis.Features.Rebuild;

public sealed record TableComparison(string ReadModel, string Table, long LiveRows, long RebuiltRows, long Changed, long MissingFromLive,
    long MissingFromRebuild, IReadOnlyList<RowDifference> Examples)
{
    public long Differences => Changed + MissingFromLive + MissingFromRebuild;
}
