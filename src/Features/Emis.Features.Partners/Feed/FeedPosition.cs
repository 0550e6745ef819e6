using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Emis.Features.Partners.Feed;

public sealed record FeedPosition(int Count, long LastSequence, long NextAfter, long SafeHead);
