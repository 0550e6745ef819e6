using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Features.AuditTrail;

public enum EventOrder
{
    OldestFirst,
    NewestFirst,
}
