using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

using Emis.Platform.EventLog;

namespace Emis.Features.AuditTrail;

public sealed record HashChainVerification(long EventsChecked, long Head, string HeadHash, ChainBreak? FirstBreak)
{
    public bool Ok => FirstBreak is null;
}
