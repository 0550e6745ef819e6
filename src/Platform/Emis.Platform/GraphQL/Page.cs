namespace Emis.Platform.GraphQL;

/// <summary>A page of a Relay connection.</summary>
public sealed record Page<T>(IReadOnlyList<T> Nodes, int Offset, int TotalCount)
{
    public bool HasNextPage => Offset + Nodes.Count < TotalCount;
    public bool HasPreviousPage => Offset > 0;
}
