using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Emis.Features.Partners.Webhooks;

public sealed class RegisterWebhookInput
{
    public string Url { get; set; } = "";
    public List<string> Types { get; set; } = [];
    public long? StartAfter { get; set; }
}
