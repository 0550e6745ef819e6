using Emis.Curriculum.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Credentials.Diplomas;

/// <summary>What a diploma command did: how many diplomas, and which (the first thousand).</summary>
public sealed record DiplomasRecorded(int Count, IReadOnlyList<Guid> DiplomaIds);

/// <summary>Draft (again) the diplomas of a section's graduates from their confirmed results and final marks as they stand.</summary>
public sealed record DraftDiplomas(Guid SectionId)
{
    public sealed class Validator : AbstractValidator<DraftDiplomas>
    {
        public Validator() => RuleFor(x => x.SectionId).NotEmpty().WithMessage("The section's id is required.");
    }
}

/// <summary>Issue every draft of a school year, of one school or of a municipality's schools (or of the jurisdiction).</summary>
public sealed record IssueDiplomas(string SchoolYear, Guid? SchoolId, string? Municipality)
{
    public sealed class Validator : AbstractValidator<IssueDiplomas>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolYear).NotEmpty().WithErrorCode(ErrorCodes.Required).WithMessage("The school year is required (2025/2026).");
            RuleFor(x => x).Must(x => x.SchoolId is null || x.Municipality is null).WithName("municipality").WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("Give a school or a municipality, not both.");
        }
    }
}

/// <summary>Issue one draft.</summary>
public sealed record IssueDiploma(Guid DiplomaId)
{
    public sealed class Validator : AbstractValidator<IssueDiploma>
    {
        public Validator() => RuleFor(x => x.DiplomaId).NotEmpty().WithMessage("The diploma's id is required.");
    }
}

/// <summary>Revoke an issued diploma, with the reason (kept, never public).</summary>
public sealed record RevokeDiploma(Guid DiplomaId, string Reason)
{
    public sealed class Validator : AbstractValidator<RevokeDiploma>
    {
        public Validator()
        {
            RuleFor(x => x.DiplomaId).NotEmpty().WithMessage("The diploma's id is required.");
            RuleFor(x => x.Reason).NotEmpty().WithErrorCode(ErrorCodes.Required).WithMessage("Give the reason for revoking the diploma.")
                .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A reason is at most 500 characters.");
        }
    }
}

/// <summary>
/// Re-issue a corrected diploma: the old one is revoked (naming its replacement), a new one is drafted from the records as
/// they stand now (a corrected mark, a corrected name) and issued, naming the one it replaces.
/// </summary>
public sealed record ReissueDiploma(Guid DiplomaId, string Reason)
{
    public sealed class Validator : AbstractValidator<ReissueDiploma>
    {
        public Validator()
        {
            RuleFor(x => x.DiplomaId).NotEmpty().WithMessage("The diploma's id is required.");
            RuleFor(x => x.Reason).NotEmpty().WithErrorCode(ErrorCodes.Required).WithMessage("Give the reason for re-issuing the diploma.")
                .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A reason is at most 500 characters.");
        }
    }
}

/// <summary>Make a new signing key for the jurisdiction's diplomas; the old keys stay published, so old diplomas still verify.</summary>
public sealed record RotateDiplomaKey(string Reason)
{
    public sealed class Validator : AbstractValidator<RotateDiplomaKey>
    {
        public Validator() => RuleFor(x => x.Reason).NotEmpty().WithErrorCode(ErrorCodes.Required).WithMessage("Give the reason for the new key.")
            .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A reason is at most 500 characters.");
    }
}

public static class DiplomaCommandHandler
{
    public static async Task<DiplomasRecorded> Handle(DraftDiplomas command, IDocumentSession session, DiplomaDrafting drafting,
        CancellationToken ct)
    {
        var ids = await drafting.DraftAsync(session, command.SectionId, ct);
        return Recorded(ids);
    }

    public static async Task<DiplomasRecorded> Handle(IssueDiplomas command, IDocumentSession session, DiplomaIssuance issuance,
        CancellationToken ct)
    {
        await DiplomaLock.TakeAsync(session, ct);
        var year = command.SchoolYear.Trim();
        var query = session.Query<DiplomaView>().Where(d => d.Status == DiplomaStatus.Draft && d.SchoolYear == year);
        if (command.SchoolId is { } school) query = query.Where(d => d.SchoolId == school);
        if (command.Municipality?.Trim() is { Length: > 0 } municipality) query = query.Where(d => d.Municipality == municipality);
        var drafts = await query.ToListAsync(ct);
        if (drafts.Count == 0)
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "schoolYear",
                $"There is no diploma draft for {year} {(command.SchoolId is null ? command.Municipality is null ? "in the jurisdiction"
                    : $"in {command.Municipality}" : $"at school {command.SchoolId}")}: drafts come from confirmed graduations.");
        }
        return Recorded(await issuance.IssueAsync(session, [.. drafts.OrderBy(d => d.SchoolCode, StringComparer.Ordinal).ThenBy(d => d.Id)], ct));
    }

    public static async Task<DiplomasRecorded> Handle(IssueDiploma command, IDocumentSession session, DiplomaIssuance issuance, CancellationToken ct)
    {
        await DiplomaLock.TakeAsync(session, ct);
        var diploma = await DiplomaIssuance.LoadAsync(session, command.DiplomaId, ct);
        if (diploma.Status != DiplomaStatus.Draft)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "diplomaId", $"Diploma {diploma.Id} is already issued.");
        }
        return Recorded(await issuance.IssueAsync(session, [diploma], ct));
    }

    public static async Task<DiplomasRecorded> Handle(RevokeDiploma command, IDocumentSession session, CancellationToken ct)
    {
        await DiplomaLock.TakeAsync(session, ct);
        var diploma = await DiplomaIssuance.LoadAsync(session, command.DiplomaId, ct);
        DiplomaIssuance.Revoke(session, diploma, command.Reason.Trim(), null);
        return Recorded([diploma.Id]);
    }

    public static async Task<DiplomasRecorded> Handle(ReissueDiploma command, IDocumentSession session, DiplomaDrafting drafting,
        DiplomaIssuance issuance, CancellationToken ct)
    {
        await DiplomaLock.TakeAsync(session, ct);
        var old = await DiplomaIssuance.LoadAsync(session, command.DiplomaId, ct);
        if (old.Status == DiplomaStatus.Draft)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "diplomaId",
                $"Diploma {old.Id} is a draft: draft it again (draftDiplomas) or issue it; only an issued diploma is re-issued.");
        }
        var replacements = await session.Query<DiplomaView>().Where(d => d.Replaces == old.Id).Select(d => d.Id).ToListAsync(ct);
        if ((old.ReplacedBy ?? replacements.Cast<Guid?>().FirstOrDefault()) is { } replacement)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "diplomaId", $"Diploma {old.Id} was already replaced by {replacement}.");
        }
        var draft = await drafting.DraftReplacementAsync(session, old, ct);
        // An issued diploma is revoked naming its replacement; one revoked already stays as it was, the new one names it.
        if (old.Status == DiplomaStatus.Issued) DiplomaIssuance.Revoke(session, old, command.Reason.Trim(), draft.Id);
        return Recorded(await issuance.IssueAsync(session, [draft], ct));
    }

    public static async Task<DiplomasRecorded> Handle(RotateDiplomaKey command, IDocumentSession session, IssuerKeys keys, CancellationToken ct)
    {
        await DiplomaLock.TakeAsync(session, ct);
        await keys.RotateAsync(session, command.Reason.Trim(), ct);
        return Recorded([]);
    }

    private static DiplomasRecorded Recorded(IReadOnlyList<Guid> ids) => new(ids.Count, [.. ids.Take(1000)]);
}

/// <summary>
/// Diplomas are decided one jurisdiction at a time: drafting, issuing (which picks status list entries) and revoking take a
/// transaction-scoped advisory lock, so that an issue never signs a draft being drafted again and two issuances never pick the
/// same entry. Rare, ministry-sized operations: the lock costs nothing a user would notice.
/// </summary>
internal static class DiplomaLock
{
    private static readonly Guid Namespace = new("0c6d2f8e-4b19-4a73-9e51-7d3b8a2c6f04");

    public static Task TakeAsync(IDocumentSession session, CancellationToken ct) =>
        Platform.Events.AdvisoryLock.TakeAsync(session, Namespace, $"{session.TenantId}/diplomas", ct);
}

/// <summary>Who may do what with diplomas: the school drafts its own; the ministry admin issues, revokes, re-issues and rotates keys.</summary>
internal sealed class DiplomaPolicy(ISectionCatalogue sections) :
    ICommandPolicy<DraftDiplomas>, ICommandPolicy<IssueDiplomas>, ICommandPolicy<IssueDiploma>, ICommandPolicy<RevokeDiploma>,
    ICommandPolicy<ReissueDiploma>, ICommandPolicy<RotateDiplomaKey>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, DraftDiplomas command, CancellationToken ct)
    {
        if (caller.Role == Roles.MinistryAdmin) return null;
        if (caller.Role != Roles.SchoolAdmin)
        {
            return new UserError(ErrorCodes.Forbidden, null,
                $"The role '{caller.Role}' may not draft diplomas; the school's admin or the ministry may.");
        }
        var section = await sections.SectionAsync(caller.Jurisdiction, command.SectionId, ct);
        return section is not null && string.Equals(section.SchoolCode, caller.NormalisedSchoolCode, StringComparison.OrdinalIgnoreCase)
            ? null : new UserError(ErrorCodes.NotFound, "sectionId", $"There is no class section with id {command.SectionId} in your school.");
    }

    public Task<UserError?> AuthorizeAsync(Caller caller, IssueDiplomas command, CancellationToken ct) => Ministry(caller, "issue diplomas");

    public Task<UserError?> AuthorizeAsync(Caller caller, IssueDiploma command, CancellationToken ct) => Ministry(caller, "issue a diploma");

    public Task<UserError?> AuthorizeAsync(Caller caller, RevokeDiploma command, CancellationToken ct) => Ministry(caller, "revoke a diploma");

    public Task<UserError?> AuthorizeAsync(Caller caller, ReissueDiploma command, CancellationToken ct) => Ministry(caller, "re-issue a diploma");

    public Task<UserError?> AuthorizeAsync(Caller caller, RotateDiplomaKey command, CancellationToken ct) =>
        Ministry(caller, "rotate the diplomas' signing key");

    private static Task<UserError?> Ministry(Caller caller, string what) => Task.FromResult(caller.Role == Roles.MinistryAdmin
        ? null
        : new UserError(ErrorCodes.Forbidden, null, $"The role '{caller.Role}' may not {what}; the ministry admin may."));
}
