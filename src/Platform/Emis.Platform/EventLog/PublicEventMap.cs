namespace Emis.Platform.EventLog;

public sealed class PublicEventMap
{
    private readonly List<PublicEventMapping> _mappings = [];

    public IReadOnlyList<PublicEventMapping> Mappings => _mappings;

    /// <summary>Every <typeparamref name="TDomain"/> event becomes one <typeparamref name="TPublic"/>.</summary>
    public PublicEventMap Add<TDomain, TPublic>(Func<TDomain, StoredEvent, TPublic> map, Func<TDomain, Guid> subject, PublicChange change)
        where TPublic : notnull => Add(map, subject, _ => change);

    /// <summary>As above, with the kind of change depending on the event (a correction of an earlier fact, say).</summary>
    public PublicEventMap Add<TDomain, TPublic>(
        Func<TDomain, StoredEvent, TPublic> map, Func<TDomain, Guid> subject, Func<TDomain, PublicChange> change)
        where TPublic : notnull
    {
        var contract = Contract(typeof(TPublic));
        _mappings.Add(new PublicEventMapping(typeof(TDomain), typeof(TPublic), contract,
            (data, stored) => new PublicEvent(contract, typeof(TPublic), map((TDomain)data, stored), subject((TDomain)data), change((TDomain)data))));
        return this;
    }

    /// <summary>An enum value as public events write it: snake_case (<c>InternallyDisplaced</c> → <c>internally_displaced</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static PublicEventAttribute Contract(Type payload) =>
        payload.GetCustomAttributes(typeof(PublicEventAttribute), false).OfType<PublicEventAttribute>().SingleOrDefault()
        ?? throw new InvalidOperationException($"{payload.Name} is not marked [PublicEvent(name, version, description)].");
}
