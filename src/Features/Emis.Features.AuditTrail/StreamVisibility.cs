using Emis.Platform.Auth;
using Emis.Platform.EventLog;

namespace Emis.Features.AuditTrail;

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
