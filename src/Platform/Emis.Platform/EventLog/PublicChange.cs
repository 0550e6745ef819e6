namespace Emis.Platform.EventLog;

/// <summary>What a public event does to the thing it is about, so a partner can mirror it without knowing every type.</summary>
public enum PublicChange
{
    Created,
    Updated,

    /// <summary>The thing (or this part of it, such as an enrolment) ended or was removed.</summary>
    Deleted,

    /// <summary>An earlier fact was corrected; the event says what it was and what it is now.</summary>
    Corrected,
}
