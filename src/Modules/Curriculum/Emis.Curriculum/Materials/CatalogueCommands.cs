using Emis.Curriculum.Structure;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Curriculum.Materials;

/// <summary>Catalogue a textbook or digital resource (ministry only).</summary>
public sealed record CatalogueMaterial(
    Guid MaterialId, string Title, string Subject, IReadOnlyList<int> Grades, string Language, MaterialFormat Format,
    IReadOnlyList<AccessibilityFeature> Accessibility, string Licence, string? Link, string? ContentHash) : IMaterialDescription
{
    public sealed class Validator : AbstractValidator<CatalogueMaterial>
    {
        public Validator()
        {
            RuleFor(x => x.MaterialId).NotEmpty();
            MaterialRules.Describes(this);
        }
    }
}

/// <summary>Correct a material's description, all of it at once (ministry only).</summary>
public sealed record ReviseMaterial(
    Guid MaterialId, string Title, string Subject, IReadOnlyList<int> Grades, string Language, MaterialFormat Format,
    IReadOnlyList<AccessibilityFeature> Accessibility, string Licence, string? Link, string? ContentHash) : IMaterialDescription
{
    public sealed class Validator : AbstractValidator<ReviseMaterial>
    {
        public Validator()
        {
            RuleFor(x => x.MaterialId).NotEmpty().WithMessage("The material's id is required.");
            MaterialRules.Describes(this);
        }
    }
}

/// <summary>Put a material on a school year's approved list (ministry only).</summary>
public sealed record ApproveMaterial(Guid MaterialId, string SchoolYear)
{
    public sealed class Validator : AbstractValidator<ApproveMaterial>
    {
        public Validator()
        {
            RuleFor(x => x.MaterialId).NotEmpty().WithMessage("The material's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
        }
    }
}

/// <summary>Take a material off a school year's approved list, saying why (ministry only).</summary>
public sealed record WithdrawMaterialApproval(Guid MaterialId, string SchoolYear, string Reason)
{
    public sealed class Validator : AbstractValidator<WithdrawMaterialApproval>
    {
        public Validator()
        {
            RuleFor(x => x.MaterialId).NotEmpty().WithMessage("The material's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why the approval is withdrawn.").MaximumLength(500).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class MaterialCatalogueHandler
{
    public static async Task Handle(CatalogueMaterial command, IDocumentSession session, CancellationToken ct)
    {
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(session.TenantId), ct);
        var existing = await session.LoadAsync<MaterialView>(command.MaterialId, ct);
        var others = await SameLanguageAndFormatAsync(session, command, ct);
        session.Events.StartStream<MaterialView>(command.MaterialId, DecideCatalogue(command, structure, existing, others));
    }

    public static async Task Handle(ReviseMaterial command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<MaterialView>(command.MaterialId, ct);
        var material = stream.Aggregate ?? throw NoMaterial(command.MaterialId);
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(session.TenantId), ct);
        var others = await SameLanguageAndFormatAsync(session, command, ct);
        var held = await session.Query<HoldingView>().AnyAsync(h => h.MaterialId == command.MaterialId, ct);
        stream.AppendOne(DecideRevise(command, material, structure, others, held));
    }

    public static async Task Handle(ApproveMaterial command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<MaterialView>(command.MaterialId, ct);
        stream.AppendOne(DecideApprove(command, stream.Aggregate));
    }

    public static async Task Handle(WithdrawMaterialApproval command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<MaterialView>(command.MaterialId, ct);
        stream.AppendOne(DecideWithdraw(command, stream.Aggregate));
    }

    /// <summary>The new material, or why not (see <see cref="MaterialRules.Decide"/>).</summary>
    public static MaterialCatalogued DecideCatalogue(CatalogueMaterial command, EducationStructureView? structure, MaterialView? existing,
        IEnumerable<MaterialView> others)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (existing is not null) throw new CommandRejectedException(ErrorCodes.Duplicate, "materialId", $"Material {command.MaterialId} exists.");
        var d = MaterialRules.Decide(command, structure, others);
        return new MaterialCatalogued(command.MaterialId, d.Title, d.Subject, d.Grades, d.Language, d.Format, d.Accessibility, d.Licence, d.Link,
            d.ContentHash);
    }

    /// <summary>
    /// The revision, or why not: the same rules as cataloguing, something changed, and a title schools hold copies of stays
    /// print (its holdings would count nothing otherwise).
    /// </summary>
    public static MaterialRevised DecideRevise(ReviseMaterial command, MaterialView material, EducationStructureView? structure,
        IEnumerable<MaterialView> others, bool held)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(material);
        var d = MaterialRules.Decide(command, structure, others.Where(m => m.Id != material.Id));
        if (d.SameAs(material)) throw new CommandRejectedException(ErrorCodes.Unchanged, "title", "The material is already described so.");
        if (held && material.IsPrint && d.Format != MaterialFormat.Print)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "format",
                "Schools hold copies of this print title: it stays PRINT (catalogue the digital edition as a material of its own).");
        }
        return new MaterialRevised(material.Id, d.Title, d.Subject, d.Grades, d.Language, d.Format, d.Accessibility, d.Licence, d.Link,
            d.ContentHash);
    }

    /// <summary>The approval, or why not: a known material, not on that year's list yet.</summary>
    public static MaterialApproved DecideApprove(ApproveMaterial command, MaterialView? material)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (material is null) throw NoMaterial(command.MaterialId);
        if (material.ApprovedFor(command.SchoolYear))
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "schoolYear",
                $"“{material.Title}” is on the approved list of {command.SchoolYear} already.");
        }
        return new MaterialApproved(material.Id, command.SchoolYear);
    }

    /// <summary>The withdrawal, or why not: the material is on that year's list.</summary>
    public static MaterialApprovalWithdrawn DecideWithdraw(WithdrawMaterialApproval command, MaterialView? material)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (material is null) throw NoMaterial(command.MaterialId);
        if (!material.ApprovedFor(command.SchoolYear))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolYear",
                $"“{material.Title}” is not on the approved list of {command.SchoolYear}.");
        }
        return new MaterialApprovalWithdrawn(material.Id, command.SchoolYear, command.Reason.Trim());
    }

    public static CommandRejectedException NoMaterial(Guid id) => new(ErrorCodes.NotFound, "materialId", $"There is no material {id}.");

    private static async Task<IReadOnlyList<MaterialView>> SameLanguageAndFormatAsync(IQuerySession session, IMaterialDescription d,
        CancellationToken ct)
    {
        var (language, format) = (d.Language, d.Format);
        return await session.Query<MaterialView>().Where(m => m.Language == language && m.Format == format).ToListAsync(ct);
    }
}

/// <summary>The ministry owns the catalogue.</summary>
internal sealed class CatalogueMaterialPolicy : ICommandPolicy<CatalogueMaterial>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, CatalogueMaterial command, CancellationToken ct) =>
        Task.FromResult(CurriculumRules.MinistryOnly(caller, "catalogue learning materials"));
}

/// <summary>The ministry owns the catalogue.</summary>
internal sealed class ReviseMaterialPolicy : ICommandPolicy<ReviseMaterial>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, ReviseMaterial command, CancellationToken ct) =>
        Task.FromResult(CurriculumRules.MinistryOnly(caller, "revise learning materials"));
}

/// <summary>The ministry owns the approved list.</summary>
internal sealed class ApproveMaterialPolicy : ICommandPolicy<ApproveMaterial>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, ApproveMaterial command, CancellationToken ct) =>
        Task.FromResult(CurriculumRules.MinistryOnly(caller, "approve learning materials"));
}

/// <summary>The ministry owns the approved list.</summary>
internal sealed class WithdrawMaterialApprovalPolicy : ICommandPolicy<WithdrawMaterialApproval>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, WithdrawMaterialApproval command, CancellationToken ct) =>
        Task.FromResult(CurriculumRules.MinistryOnly(caller, "withdraw approvals of learning materials"));
}
