using System.Globalization;
using Emis.Curriculum.Schools;
using Emis.Curriculum.Sections;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Curriculum.Materials;

/// <summary>Record a school's copies of a print title in a school year, by condition, as counted now (it sets the counts).</summary>
public sealed record RecordHoldings(Guid SchoolId, string SchoolYear, Guid MaterialId, int Good, int Worn, int Unusable)
{
    public const int MaxCopies = 100_000;

    public sealed class Validator : AbstractValidator<RecordHoldings>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.MaterialId).NotEmpty().WithMessage("The material's id is required.");
            RuleFor(x => x.Good).InclusiveBetween(0, MaxCopies).WithErrorCode(ErrorCodes.Invalid).WithMessage(Copies);
            RuleFor(x => x.Worn).InclusiveBetween(0, MaxCopies).WithErrorCode(ErrorCodes.Invalid).WithMessage(Copies);
            RuleFor(x => x.Unusable).InclusiveBetween(0, MaxCopies).WithErrorCode(ErrorCodes.Invalid).WithMessage(Copies);
        }

        private static readonly string Copies = string.Create(CultureInfo.InvariantCulture, $"A number of copies is 0 to {MaxCopies}.");
    }
}

public static class RecordHoldingsHandler
{
    public static async Task Handle(RecordHoldings command, IDocumentSession session, CancellationToken ct)
    {
        var school = await session.LoadAsync<CurriculumSchool>(command.SchoolId, ct)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "schoolId", $"There is no school with id {command.SchoolId}.");
        var material = await session.LoadAsync<MaterialView>(command.MaterialId, ct);
        // Fetched for writing (new or not): only a fetched stream gives the inline projection the events' versions.
        var id = MaterialHoldings.IdOf(command.SchoolId, command.SchoolYear, command.MaterialId);
        var stream = await session.Events.FetchForWriting<HoldingView>(id, ct);
        stream.AppendOne(Decide(command, school, material, stream.Aggregate));
    }

    /// <summary>
    /// The new counts, or why not: a known print title (digital materials are not held as copies), an open school, and a
    /// change from the counts recorded before.
    /// </summary>
    public static MaterialHoldingsRecorded Decide(RecordHoldings command, CurriculumSchool school, MaterialView? material, HoldingView? current)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(school);
        if (material is null) throw MaterialCatalogueHandler.NoMaterial(command.MaterialId);
        if (!material.IsPrint)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "materialId",
                $"“{material.Title}” is {material.Format.ToString().ToUpperInvariant()}: only print textbooks are held as copies.");
        }
        if (school.IsClosed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolId",
                $"{school.Name} ({school.Code}) is closed: it records no holdings.");
        }
        var (good, worn, unusable) = (command.Good, command.Worn, command.Unusable);
        if (current is null ? good + worn + unusable == 0 : current.Good == good && current.Worn == worn && current.Unusable == unusable)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "good", "The school's copies of the title are already counted so.");
        }
        return new MaterialHoldingsRecorded(MaterialHoldings.IdOf(school.Id, command.SchoolYear, material.Id), school.Id, school.Code,
            school.Municipality, command.SchoolYear, material.Id, good, worn, unusable);
    }
}

/// <summary>A school's admin, its municipality's officer or the ministry admin record its holdings; elsewhere the school is not found.</summary>
internal sealed class RecordHoldingsPolicy(IDocumentStore store) : ICommandPolicy<RecordHoldings>
{
    public async Task<UserError?> AuthorizeAsync(Caller caller, RecordHoldings command, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var school = await session.LoadAsync<CurriculumSchool>(command.SchoolId, ct);
        if (school is not null && SectionAccess.MayManage(caller, school)) return null;
        return school is null || !SectionAccess.MaySee(caller, school.Code, school.Municipality)
            ? new UserError(ErrorCodes.NotFound, "schoolId", $"There is no school with id {command.SchoolId}.")
            : new UserError(ErrorCodes.Forbidden, "schoolId",
                $"The role '{caller.Role}' may not record the holdings of {school.Name} ({school.Code}).");
    }
}
