namespace Emis.Platform.EventLog;

public sealed record PublicEvent(PublicEventAttribute Contract, Type PayloadType, object Payload, Guid Subject, PublicChange Change);
