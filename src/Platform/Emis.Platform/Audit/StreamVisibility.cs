using Emis.Platform.Auth;

namespace Emis.Platform.Audit;

/// <summary>
/// A module's answer to "may this caller see stream X?", for the streams it owns. The audit trail asks every module
/// instead of reading their documents itself: each module knows what its streams are about and who may see them.
/// </summary>
public interface IStreamVisibility
{
    /// <summary>
    /// <c>true</c> or <c>false</c> for a stream this module owns in the caller's jurisdiction; <c>null</c> when the stream
    /// is not one of this module's (another module, or nothing, will answer).
    /// </summary>
    Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct);
}

/// <summary>Asks the modules in turn; a stream no module claims is visible to the ministry only.</summary>
public sealed class StreamVisibility(IEnumerable<IStreamVisibility> modules)
{
    private readonly IReadOnlyList<IStreamVisibility> _modules = [.. modules];

    public async Task<bool> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        foreach (var module in _modules)
        {
            if (await module.CanSeeAsync(caller, streamId, ct) is { } answer) return answer;
        }
        // Streams without an owner's answer (class days, technical streams) hold school-wide or jurisdiction-wide facts:
        // only the ministry reads them through the audit trail.
        return caller.IsMinistry;
    }
}
