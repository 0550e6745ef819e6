namespace Emis.Platform.Auth;

/// <summary>
/// Completes a caller's scope from Emis's own records before each GraphQL operation runs: what a token cannot say, or must
/// not be trusted to say. A teacher's class sections come from their current teaching assignments (the Staffing module),
/// never from a claim, so a change of assignment changes what the teacher may see and record at the next request.
/// </summary>
public interface ICallerScope
{
    /// <summary>The caller with their scope completed (the same caller when nothing applies).</summary>
    ValueTask<Caller> CompleteAsync(Caller caller, CancellationToken ct);
}
