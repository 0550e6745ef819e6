using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Registry.Schools.MoveSchool;

/// <summary>Assign a school to another municipality (boundary changes, administrative transfers).</summary>
public sealed record MoveSchool(Guid SchoolId, string Municipality, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<MoveSchool>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.Municipality).NotEmpty().WithMessage("The municipality is required.")
                .MaximumLength(SchoolRules.MaxMunicipalityLength).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class MoveSchoolHandler
{
    public static async Task<OutgoingMessages> Handle(MoveSchool command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await SchoolStreams.FetchAsync(session, command.SchoolId, command.ExpectedVersion, ct);
        var moved = Decide(command, stream.Aggregate!);
        return SchoolStreams.Append(session, stream, moved, stream.Aggregate!.Apply(moved), "moved");
    }

    public static SchoolMoved Decide(MoveSchool command, School school)
    {
        var municipality = SchoolRules.CleanName(command.Municipality);
        if (string.Equals(municipality, school.Municipality, StringComparison.Ordinal))
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "municipality", $"The school is already in {municipality}.");
        }
        return new SchoolMoved(school.Id, school.Municipality, municipality);
    }
}
