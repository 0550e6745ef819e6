using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Emis.Features.Partners.Webhooks;

/// <summary>
/// Configuration of webhook delivery, read from <c>Emis:Webhooks</c> each time it is needed (so that settings added late,
/// by tests or hosting platforms, are honoured):
/// <list type="bullet">
/// <item><c>AllowPrivateTargets</c> (default false): let subscriptions target private, loopback and link-local addresses.
/// Development and tests only: it turns the SSRF guard off.</item>
/// <item><c>AllowHttp</c> (default false): accept <c>http://</c> targets besides <c>https://</c>. Development only.</item>
/// <item><c>Timeout</c> (default 00:00:10): how long one request may take.</item>
/// <item><c>Lease</c> (default 00:00:30, at least <c>Timeout</c> plus 5 s): how long a node owns a subscription's delivery
/// after its last step; a node that dies mid-delivery hands it over once this has passed.</item>
/// <item><c>RetrySchedule</c> (default <c>5s, 30s, 2m, 10m, 30m, 1h, 2h, 4h, 8h</c> then every 12 h up to
/// <c>RetryFor</c>): the delays after each consecutive failure, comma-separated TimeSpans; ±20 % jitter is added.</item>
/// <item><c>RetryFor</c> (default 3.00:00:00): after the schedule's own entries, retries every 12 h until this much time
/// has been spent retrying; then the subscription is parked.</item>
/// <item><c>SliceEvents</c> (default 500): events one delivery message sends before it hands over to the next message
/// (keeps each handler short and lets other subscriptions take turns).</item>
/// <item><c>Parallelism</c> (default 4): delivery messages handled at once per node.</item>
/// </list>
/// </summary>
public sealed class WebhookSettings(IConfiguration configuration)
{
    public const string Section = "Emis:Webhooks";

    public static readonly IReadOnlyList<TimeSpan> DefaultSchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8),
    ];

    public bool AllowPrivateTargets => Flag("AllowPrivateTargets");

    public bool AllowHttp => Flag("AllowHttp");

    public TimeSpan Timeout => Duration("Timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));

    public TimeSpan Lease
    {
        get
        {
            var lease = Duration("Lease", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
            // The lease is renewed when progress is recorded, at most a delivery slice (20 s) apart, and a request may then
            // take the whole timeout: a shorter lease could pass to another node while this one is still sending.
            var floor = WebhookDelivery.SliceTime + Timeout + TimeSpan.FromSeconds(10);
            return lease < floor ? floor : lease;
        }
    }

    public int SliceEvents => Number("SliceEvents", 500, 1, 10_000);

    public int Parallelism => Number("Parallelism", 4, 1, 64);

    /// <summary>Where envelope 2's absolute <c>dataschema</c> points (<c>Emis:Partners:PublicBaseUrl</c>, shared with the pull feed).</summary>
    public Uri PublicBase => Feed.CloudEventEnvelope.PublicBase(configuration[Feed.CloudEventEnvelope.PublicBaseUrlKey]);

    /// <summary>The delays after the 1st, 2nd, ... consecutive failure; its length is the retry budget.</summary>
    public IReadOnlyList<TimeSpan> RetrySchedule
    {
        get
        {
            var configured = Text("RetrySchedule") is { } text
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var d) && d >= TimeSpan.Zero ? d : (TimeSpan?)null)
                    .ToList()
                : null;
            var schedule = configured is { Count: > 0 } && configured.All(d => d is not null)
                ? configured.Select(d => d!.Value).ToList()
                : [.. DefaultSchedule];
            var retryFor = Duration("RetryFor", TimeSpan.FromDays(3), TimeSpan.Zero, TimeSpan.FromDays(30));
            var spent = schedule.Aggregate(TimeSpan.Zero, (a, b) => a + b);
            var every = TimeSpan.FromHours(12);
            while (configured is null && spent + every <= retryFor)
            {
                schedule.Add(every);
                spent += every;
            }
            return schedule;
        }
    }

    private string? Text(string key) => configuration[$"{Section}:{key}"] is { Length: > 0 } value ? value.Trim() : null;

    private bool Flag(string key) => bool.TryParse(Text(key), out var value) && value;

    private int Number(string key, int fallback, int min, int max) =>
        int.TryParse(Text(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? Math.Clamp(value, min, max) : fallback;

    private TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, TimeSpan max) =>
        TimeSpan.TryParse(Text(key), CultureInfo.InvariantCulture, out var value)
            ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, min.Ticks, max.Ticks))
            : fallback;
}
