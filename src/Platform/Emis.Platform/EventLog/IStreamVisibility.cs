using Emis.Platform.Auth;

namespace Emis.Platform.EventLog;

/// <summary>
/// A module's answer to "may this caller see stream X?", for the streams it owns. Readers of the log (the audit trail)
/// ask every module instead of reading their documents themselves: each module knows what its streams are about and
/// who may see them.
/// </summary>
public interface IStreamVisibility
{
    /// <summary>
    /// <c>true</c> or <c>false</c> for a stream this module owns in the caller's jurisdiction; <c>null</c> when the stream
    /// is not one of this module's (another module, or nothing, will answer).
    /// </summary>
    Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct);
}
