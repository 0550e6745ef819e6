using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Emis.Registry.Schools.RegisterSchool;

/// <summary>Enter a new school into the jurisdiction's registry.</summary>
public sealed record RegisterSchool(
    string Code,
    string Name,
    string Municipality,
    SchoolLevel Level,
    IReadOnlyList<string> Languages,
    SchoolStatus Status = SchoolStatus.Open)
{
    public sealed class Validator : AbstractValidator<RegisterSchool>
    {
        public Validator()
        {
            RuleFor(x => x.Code).NotEmpty().WithMessage("A school code is required.")
                .Matches("^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$").WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A school code is 1 to 32 letters, digits, '.', '_', '/' or '-', starting with a letter or digit.");
            RuleFor(x => x.Name).NotEmpty().WithMessage("A school name is required.")
                .MaximumLength(SchoolRules.MaxNameLength).WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Municipality).NotEmpty().WithMessage("The school's municipality is required.")
                .MaximumLength(SchoolRules.MaxMunicipalityLength).WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Level).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Status).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Languages).NotNull().WithMessage("Languages of instruction are required (may be empty).");
            RuleForEach(x => x.Languages).Must(l => Schools.Languages.Known.ContainsKey(l.Trim().ToLowerInvariant()))
                .WithErrorCode(ErrorCodes.Invalid)
                .WithMessage((_, l) => $"'{l}' is not a known language code; use one of {string.Join(", ", Schools.Languages.Known.Keys)}.");
        }
    }
}

public static class RegisterSchoolHandler
{
    /// <summary>Loads whether the code is taken in this jurisdiction (the id is derived from the code).</summary>
    public static async Task<JasperFx.Events.StreamState?> LoadAsync(RegisterSchool command, IDocumentSession session, CancellationToken ct) =>
        await session.Events.FetchStreamStateAsync(SchoolIdentity.For(session.TenantId, command.Code), ct);

    public static (IStartStream, OutgoingMessages) Handle(RegisterSchool command, JasperFx.Events.StreamState? existing, IDocumentSession session)
    {
        var registered = Decide(command, session.TenantId, existing is not null);
        var school = School.Create(registered);
        return (
            MartenOps.StartStream<School>(registered.SchoolId, registered),
            [SchoolStreams.Announce(session.TenantId, school, 1, "registered")]);
    }

    /// <summary>The decision, free of storage: refuse a taken code, otherwise the registration event.</summary>
    public static SchoolRegistered Decide(RegisterSchool command, string jurisdiction, bool codeTaken)
    {
        var code = SchoolIdentity.NormaliseCode(command.Code);
        if (codeTaken)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "code",
                $"A school with code {code} is already registered in this jurisdiction.");
        }
        return new SchoolRegistered(
            SchoolIdentity.For(jurisdiction, code),
            code,
            SchoolRules.CleanName(command.Name),
            SchoolRules.CleanName(command.Municipality),
            command.Level,
            Languages.Normalise(command.Languages),
            command.Status);
    }
}
