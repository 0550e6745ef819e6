using System.Data;
using System.Diagnostics;
using System.Text;
using Marten;
using Npgsql;

using Emis.Platform.ReadModels;

namespace Emis.Features.Rebuild;

public readonly record struct RebuildProgress(string ReadModel, long Events, long Total);
