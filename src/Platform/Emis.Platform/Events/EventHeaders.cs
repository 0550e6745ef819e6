namespace Emis.Platform.Events;

/// <summary>Names of the headers every event carries besides Marten's correlation and causation ids.</summary>
public static class EventHeaders
{
    public const string Jurisdiction = "jurisdiction";
    public const string Actor = "actor";
    public const string Reason = "reason";
    public const string Source = "source";
}
