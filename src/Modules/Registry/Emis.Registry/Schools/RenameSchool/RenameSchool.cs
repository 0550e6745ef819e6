using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Registry.Schools.RenameSchool;

/// <summary>Give a school a new name.</summary>
public sealed record RenameSchool(Guid SchoolId, string Name, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<RenameSchool>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.Name).NotEmpty().WithMessage("A school name is required.")
                .MaximumLength(SchoolRules.MaxNameLength).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class RenameSchoolHandler
{
    public static async Task<OutgoingMessages> Handle(RenameSchool command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await SchoolStreams.FetchAsync(session, command.SchoolId, command.ExpectedVersion, ct);
        var renamed = Decide(command, stream.Aggregate!);
        return SchoolStreams.Append(session, stream, renamed, stream.Aggregate!.Apply(renamed), "renamed");
    }

    public static SchoolRenamed Decide(RenameSchool command, School school)
    {
        var name = SchoolRules.CleanName(command.Name);
        if (name == school.Name)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "name", $"The school is already named '{name}'.");
        }
        return new SchoolRenamed(school.Id, school.Name, name);
    }
}
