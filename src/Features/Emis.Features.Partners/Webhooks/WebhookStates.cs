namespace Emis.Features.Partners.Webhooks;

public static class WebhookStates
{
    /// <summary>Delivering (or waiting for events).</summary>
    public const string Active = "ACTIVE";

    /// <summary>The last attempt failed; a retry is scheduled.</summary>
    public const string Failing = "FAILING";

    /// <summary>The retry budget ran out: pending events are parked, nothing is sent until the parked events are replayed.</summary>
    public const string Parked = "PARKED";

    /// <summary>The receiver answered 410 Gone: nothing is sent until the parked events are replayed.</summary>
    public const string Disabled = "DISABLED";
}
