using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Emis.Testing;

/// <summary>
/// A real Kestrel port (127.0.0.1:0) in front of an Alba host's request pipeline, for clients that need a socket
/// (<see cref="System.Net.WebSockets.ClientWebSocket"/>): Alba serves the host through ASP.NET Core's in-memory TestServer,
/// which no socket can reach. Registered in the host as a startup filter, it takes hold of the whole pipeline the host
/// builds (every middleware and endpoint <c>UseEmis</c> maps); started after the host, it runs each connection's requests
/// through that same pipeline, with contexts from the host's own <see cref="IHttpContextFactory"/> (request services, the
/// caller, request aborts). Only the hosting layer's request logging and tracing are not in this path.
/// </summary>
public sealed class KestrelFrontDoor : IStartupFilter, IHttpApplication<HttpContext>, IAsyncDisposable
{
    private RequestDelegate? _pipeline;
    private IHttpContextFactory? _contexts;
    private LoopbackServer? _server;

    public Uri Address { get; private set; } = null!;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // First in the pipeline, so the delegate it is handed is everything the host puts after it: the whole pipeline.
        app.Use(pipeline => _pipeline = pipeline);
        next(app);
    };

    public async Task StartAsync(IServiceProvider services)
    {
        if (_pipeline is null) throw new InvalidOperationException("The host was started without the front door's startup filter.");
        _contexts = services.GetRequiredService<IHttpContextFactory>();
        var logging = services.GetRequiredService<ILoggerFactory>();
        _server = await LoopbackServer.StartAsync(this, services, logging);
        Address = _server.Address;
    }

    public HttpContext CreateContext(IFeatureCollection contextFeatures) => _contexts!.Create(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => _pipeline!(context);

    public void DisposeContext(HttpContext context, Exception? exception) => _contexts!.Dispose(context);

    public async ValueTask DisposeAsync()
    {
        if (_server is null) return;
        await _server.DisposeAsync();
        _server = null;
    }
}
