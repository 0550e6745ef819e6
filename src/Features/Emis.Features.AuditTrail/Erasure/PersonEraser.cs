using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Platform.Privacy;
using Marten;

namespace Emis.Features.AuditTrail.Erasure;

/// <summary>
/// Erases a person by crypto-shredding (adr/0024), in one transaction of the caller's jurisdiction: records
/// <see cref="PersonErased"/>, deletes the person's data key, and has every module that knows them
/// (<see cref="IPersonalDataHolder"/>) rewrite its read models from the now unreadable events and erase its other copies.
/// Only the ministry admin may, with a legal reference, and only once every module's retention period has ended, unless
/// a court ordered it.
/// </summary>
public sealed class PersonEraser(IDocumentStore store, IEnumerable<IPersonalDataHolder> holders, PersonKeys keys, TimeProvider clock)
{
    public const int MaxReferenceLength = 500;

    public async Task<ErasePersonPayload> EraseAsync(Caller caller, CommandContext context, ErasePersonInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (caller.Role != Roles.MinistryAdmin)
        {
            return Refused(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not erase a person; the ministry admin may.");
        }
        var reference = input.Reference?.Trim() ?? "";
        if (reference.Length == 0)
        {
            return Refused(ErrorCodes.Required, "reference",
                "Give the legal reference: the retention rule applied, or the number of the court or authority's order.");
        }
        if (reference.Length > MaxReferenceLength)
        {
            return Refused(ErrorCodes.Invalid, "reference", $"The reference has at most {MaxReferenceLength} characters.");
        }

        await using var session = store.LightweightSession(caller.Jurisdiction);
        var stream = PersonErasure.StreamIdOf(input.PersonId);
        if (await session.Events.FetchStreamStateAsync(stream, ct) is not null)
        {
            return Refused("ALREADY_ERASED", "personId", "This person has already been erased.");
        }
        var held = new List<(IPersonalDataHolder Holder, PersonHeld What)>();
        foreach (var holder in holders)
        {
            if (await holder.FindAsync(session, input.PersonId, ct) is { } what) held.Add((holder, what));
        }
        if (held.Count == 0)
        {
            return Refused(ErrorCodes.NotFound, "personId", "No learner, member of staff or account has this id in your jurisdiction.");
        }
        if (input.Basis == ErasureBasis.RetentionEnded && Retained(held.Select(h => h.What)) is { } refusal) return refusal;

        var keyed = await keys.ExistsAsync(input.PersonId, ct);
        var erased = new PersonErased(input.PersonId, input.Basis, reference, [.. held.Select(h => h.What.Holder).Distinct()], keyed);
        session.CorrelationId = context.CorrelationId;
        session.SetHeader(EventHeaders.Jurisdiction, caller.Jurisdiction);
        session.SetHeader(EventHeaders.Actor, context.Actor);
        session.SetHeader(EventHeaders.Source, context.Source);
        session.Events.StartStream<PersonErasure>(stream, erased);
        keys.Destroy(session, input.PersonId);
        try
        {
            foreach (var (holder, _) in held) await holder.EraseAsync(session, input.PersonId, ct);
            await session.SaveChangesAsync(ct);
        }
        catch
        {
            // Not committed: the key is still there; read it again.
            keys.Forget(input.PersonId);
            throw;
        }
        return new ErasePersonPayload(erased, []);
    }

    private ErasePersonPayload? Retained(IEnumerable<PersonHeld> held)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var what in held)
        {
            if (what.Active)
            {
                return Refused("RETENTION_NOT_ENDED", "basis",
                    $"The person is still active in {what.Holder} (enrolled or employed); retention has not started. "
                    + "Only a court order erases them now.");
            }
            if (what.RetainedUntil is { } until && until > today)
            {
                return Refused("RETENTION_NOT_ENDED", "basis",
                    $"{what.Holder} must keep the person's data until {until:yyyy-MM-dd} under the jurisdiction's retention rule.");
            }
        }
        return null;
    }

    private static ErasePersonPayload Refused(string code, string? field, string message) => new(null, [new UserError(code, field, message)]);
}
