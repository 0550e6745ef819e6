using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Emis.Features.Partners.Webhooks;

public sealed class WebhookIdInput
{
    public Guid Id { get; set; }
}
