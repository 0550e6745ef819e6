using Emis.Platform.Commands;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Registry.Schools.SetSchoolLanguages;

/// <summary>Set the languages a school teaches in (ISO 639 codes, e.g. sq, bs, tr, rom).</summary>
public sealed record SetSchoolLanguages(Guid SchoolId, IReadOnlyList<string> Languages, long? ExpectedVersion = null)
{
    public sealed class Validator : AbstractValidator<SetSchoolLanguages>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.Languages).NotEmpty().WithMessage("At least one language of instruction is required.");
            RuleForEach(x => x.Languages).Must(l => Schools.Languages.Known.ContainsKey(l.Trim().ToLowerInvariant()))
                .WithErrorCode(ErrorCodes.Invalid)
                .WithMessage((_, l) => $"'{l}' is not a known language code; use one of {string.Join(", ", Schools.Languages.Known.Keys)}.");
        }
    }
}

public static class SetSchoolLanguagesHandler
{
    public static async Task<OutgoingMessages> Handle(SetSchoolLanguages command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await SchoolStreams.FetchAsync(session, command.SchoolId, command.ExpectedVersion, ct);
        var set = Decide(command, stream.Aggregate!);
        return SchoolStreams.Append(session, stream, set, stream.Aggregate!.Apply(set), "languages_set");
    }

    public static SchoolLanguagesSet Decide(SetSchoolLanguages command, School school)
    {
        var languages = Languages.Normalise(command.Languages);
        if (languages.Order().SequenceEqual(school.Languages.Order()))
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "languages", "The school already teaches in exactly these languages.");
        }
        return new SchoolLanguagesSet(school.Id, languages);
    }
}
