using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Emis.Testing;

/// <summary>
/// Kestrel on its own, on 127.0.0.1, without a generic host: what the tests' servers share (the fake Microsoft Graph, the
/// webhook receiver, the host's front door). Real sockets and real HTTP, so the clients under test speak to it exactly
/// as they would to the real thing.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private bool _stopped;

    private LoopbackServer(KestrelServer server, Uri address)
    {
        _server = server;
        Address = address;
    }

    /// <summary>The server's base address, with a trailing slash.</summary>
    public Uri Address { get; }

    public int Port => Address.Port;

    /// <summary>Serves <paramref name="handle"/> with plain <see cref="DefaultHttpContext"/>s.</summary>
    public static Task<LoopbackServer> StartAsync(RequestDelegate handle, int port = 0) =>
        StartAsync(new Application(handle), new ServiceCollection().AddLogging().BuildServiceProvider(), NullLoggerFactory.Instance, port);

    /// <summary>Serves an application of its own (which makes its own contexts), with the given services and logging.</summary>
    public static async Task<LoopbackServer> StartAsync(IHttpApplication<HttpContext> application, IServiceProvider services,
        ILoggerFactory logging, int port = 0)
    {
        var options = new KestrelServerOptions { ApplicationServices = services };
        options.Listen(IPAddress.Loopback, port);
        var server = new KestrelServer(
            Options.Create(options), new SocketTransportFactory(Options.Create(new SocketTransportOptions()), logging), logging);
        await server.StartAsync(application, CancellationToken.None);
        var address = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return new LoopbackServer(server, address);
    }

    /// <summary>A free port nobody listens on yet (to name an address before its server is up).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops accepting, gives requests in flight a moment to finish, then drops them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_stopped) return;
        _stopped = true;
        using var stop = new CancellationTokenSource(grace);
        await _server.StopAsync(stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _server.Dispose();
    }

    private sealed class Application(RequestDelegate handle) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => handle(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }
}
