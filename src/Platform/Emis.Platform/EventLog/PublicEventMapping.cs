namespace Emis.Platform.EventLog;

public sealed record PublicEventMapping(Type DomainType, Type PayloadType, PublicEventAttribute Contract, Func<object, StoredEvent, PublicEvent> Map);
