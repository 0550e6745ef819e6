namespace Emis.Features.Rebuild;

public sealed record RowDifference(string Key, string? Column, string? Live, string? Rebuilt);
