namespace Emis.Platform.Commands;

/// <summary>
/// Who sends a command, for which jurisdiction, why and from where. Travels as envelope headers so that every
/// event the command appends carries it as metadata.
/// </summary>
/// <param name="Jurisdiction">The tenant the command runs in.</param>
/// <param name="Actor">The caller's subject (never a child's personal data).</param>
/// <param name="Source">api, import, sync or seed.</param>
/// <param name="CorrelationId">The request or import batch the command belongs to.</param>
/// <param name="Reason">Why, when the caller said; required for corrections.</param>
public sealed record CommandContext(string Jurisdiction, string Actor, string Source, string CorrelationId, string? Reason = null)
{
    public const string ActorHeader = "x-emis-actor";
    public const string SourceHeader = "x-emis-source";
    public const string ReasonHeader = "x-emis-reason";
}
