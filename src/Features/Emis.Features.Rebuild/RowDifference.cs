using System.Data;
using System.Text;
using Npgsql;

using Emis.Platform.ReadModels;

namespace Emis.Features.Rebuild;

public sealed record RowDifference(string Key, string? Column, string? Live, string? Rebuilt);
