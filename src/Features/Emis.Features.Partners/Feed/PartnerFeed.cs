using System.Buffers;
using System.Text.Json;
using Emis.Platform.Auth;
using Emis.Platform.EventLog;

namespace Emis.Features.Partners.Feed;

public sealed class PartnerFeed(PublicEvents events, EventLogPulse pulse)
{
    public const int DefaultLimit = 1_000;
    public const int MaxLimit = 10_000;
    public const int MaxWaitSeconds = 30;
    public const int ChunkSize = 1_000;

    /// <summary>Who may read the feed: partners and the ministry.</summary>
    public static bool MayRead(Caller caller) => caller.Role is Roles.Partner or Roles.MinistryAdmin or Roles.MinistryAnalyst;

    /// <summary>
    /// Personal fields travel only with the <c>personal-data</c> grant, whatever the role: the feed is a bulk,
    /// machine-to-machine copy, so even a ministry admin's integration must be granted personal data explicitly.
    /// </summary>
    public static bool SeesPersonalData(Caller caller) => caller.GrantedRights.Contains(Grants.PersonalData);

    /// <summary>The CloudEvents types a caller may name.</summary>
    public IEnumerable<string> Types => events.CloudEventTypes;

    /// <summary>Unknown types among the requested ones.</summary>
    public IReadOnlyList<string> Unknown(IEnumerable<string> types) => events.Unknown(types);

    /// <summary>Returns once the safe head is beyond <paramref name="sequence"/> (see <see cref="EventLogPulse"/>).</summary>
    public Task<long> WaitBeyondAsync(long sequence, CancellationToken ct) => pulse.WaitBeyondAsync(sequence, ct);

    /// <summary>One page after <see cref="FeedRequest.After"/>.</summary>
    public async Task<FeedPage> ReadAsync(FeedRequest request, CancellationToken ct)
    {
        // The head before the read: a page that is not full covered at least this far.
        var before = await pulse.HeadAsync(ct);
        var page = await events.ReadAsync(request.Jurisdiction, request.After, request.Types, request.Limit, request.PersonalData, ct);
        var last = page.Count > 0 ? page[^1].Sequence : request.After;
        var next = page.Count < request.Limit ? Math.Max(last, before) : last;
        var head = await pulse.HeadAsync(ct);
        return new FeedPage(page, last, next, head);
    }

    /// <summary>
    /// One page written as NDJSON (one CloudEvent per line) to <paramref name="output"/>. Read and rendered in chunks
    /// of <see cref="ChunkSize"/>, each chunk's objects dropped once written: a page of 10,000 costs its bytes, not
    /// 10,000 object trees. Consecutive chunks, each bounded by the safe head, make one page with the same guarantee.
    /// </summary>
    public async Task<FeedPosition> WriteAsync(FeedRequest request, IBufferWriter<byte> output, CancellationToken ct)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = PublicEvents.Json.Encoder });
        var after = request.After;
        var count = 0;
        while (true)
        {
            var limit = Math.Min(ChunkSize, request.Limit - count);
            var chunk = await ReadAsync(request with { After = after, Limit = limit }, ct);
            foreach (var (_, cloudEvent) in chunk.Events)
            {
                var written = request.Envelope == CloudEventEnvelope.V2
                    ? CloudEventEnvelope.ToV2(cloudEvent, request.PublicBase ?? CloudEventEnvelope.PublicBase(null))
                    : cloudEvent;
                written.WriteTo(writer);
                writer.Flush();
                writer.Reset();
                output.Write("\n"u8);
            }
            count += chunk.Events.Count;
            after = chunk.LastSequence;
            if (chunk.Events.Count < limit || count == request.Limit)
            {
                return new FeedPosition(count, count > 0 ? after : request.After, chunk.NextAfter, chunk.SafeHead);
            }
        }
    }

    /// <summary>
    /// Like <see cref="WriteAsync"/>, but when nothing is there yet waits up to <paramref name="wait"/> for events to
    /// arrive (woken by the <see cref="EventLogPulse"/>), and returns as soon as there are some.
    /// </summary>
    public async Task<FeedPosition> WriteOrWaitAsync(FeedRequest request, TimeSpan wait, IBufferWriter<byte> output, CancellationToken ct)
    {
        var position = await WriteAsync(request, output, ct);
        if (position.Count > 0 || wait <= TimeSpan.Zero) return position;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            while (true)
            {
                await pulse.WaitBeyondAsync(position.NextAfter, timeout.Token);
                // Nothing up to NextAfter matched: reading from there is the same as reading from the request's position.
                // The wait is over: the page is written whole (a timeout in the middle would leave headers that contradict the body).
                var next = await WriteAsync(request with { After = position.NextAfter }, output, ct);
                if (next.Count > 0) return next;
                position = next with { LastSequence = request.After };
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return position;
        }
    }
}
