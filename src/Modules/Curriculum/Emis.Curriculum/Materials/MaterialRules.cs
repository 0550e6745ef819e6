using System.Text.RegularExpressions;
using Emis.Curriculum.Structure;
using Emis.Platform.Commands;
using FluentValidation;

namespace Emis.Curriculum.Materials;

/// <summary>The rules a material's description follows, shared by cataloguing and revising.</summary>
public static partial class MaterialRules
{
    public const int MaxTitleLength = 200;
    public const int MaxLicenceLength = 120;
    public const int MaxLinkLength = 2000;

    /// <summary>An absolute http or https URL with a host.</summary>
    public static bool IsLink(string? link) => link is not null && link.Length <= MaxLinkLength
        && Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>"sha256:" and 64 hex digits (either case; stored lower-case).</summary>
    public static bool IsContentHash(string? hash) => hash is not null && HashPattern().IsMatch(hash.Trim());

    public static bool IsDigital(MaterialFormat format) => format != MaterialFormat.Print;

    /// <summary>The validation every command describing a material shares (field names as on the command).</summary>
    public static void Describes<T>(AbstractValidator<T> validator) where T : IMaterialDescription
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(x => x.Title).NotEmpty().WithMessage("The title is required.")
            .MaximumLength(MaxTitleLength).WithErrorCode(ErrorCodes.Invalid).WithMessage($"A title is at most {MaxTitleLength} characters.");
        validator.RuleFor(x => x.Subject).CodeText("subject");
        validator.RuleFor(x => x.Grades).NotEmpty().WithMessage("Give the grades the material is for.");
        validator.RuleForEach(x => x.Grades).InclusiveBetween(0, 13).WithErrorCode(ErrorCodes.Invalid).WithMessage("Grades run from 0 to 13.");
        validator.RuleFor(x => x.Language).NotEmpty().WithMessage("The material's language is required.")
            .Must(CurriculumRules.IsLanguage).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage("The language is an ISO 639 code of 2 or 3 lower-case letters (bs, tr, sq).");
        validator.RuleFor(x => x.Format).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
        validator.RuleForEach(x => x.Accessibility).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
        validator.RuleFor(x => x.Licence).NotEmpty().WithMessage("The licence is required (e.g. CC BY 4.0, or the publisher's copyright).")
            .MaximumLength(MaxLicenceLength).WithErrorCode(ErrorCodes.Invalid).WithMessage($"A licence is at most {MaxLicenceLength} characters.");
        validator.RuleFor(x => x.Link).Must(IsLink).When(x => !string.IsNullOrWhiteSpace(x.Link)).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage("A link is an absolute http or https URL (https://…).");
        validator.RuleFor(x => x.ContentHash).Must(IsContentHash).When(x => !string.IsNullOrWhiteSpace(x.ContentHash))
            .WithErrorCode(ErrorCodes.Invalid).WithMessage("A content hash is written sha256: followed by 64 hex digits.");
    }

    /// <summary>
    /// The description as it is stored, or why not: the subject is in the education structure, a digital material has a
    /// link or a content hash (print needs neither), and no other material has the same title, language and format.
    /// </summary>
    public static MaterialDetails Decide(IMaterialDescription d, EducationStructureView? structure, IEnumerable<MaterialView> others)
    {
        ArgumentNullException.ThrowIfNull(d);
        var subject = CurriculumRules.Code(d.Subject);
        if (structure is null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "subject", "Set the education structure first (setEducationStructure).");
        }
        if (structure.SubjectOf(subject) is null)
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "subject", $"There is no subject {subject} in the education structure.");
        }
        var link = string.IsNullOrWhiteSpace(d.Link) ? null : d.Link.Trim();
        var hash = string.IsNullOrWhiteSpace(d.ContentHash) ? null : d.ContentHash.Trim().ToLowerInvariant();
        if (IsDigital(d.Format) && link is null && hash is null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "link",
                $"A {d.Format.ToString().ToUpperInvariant()} material gives a link or a content hash (sha256:…): where it is, or which file it is.");
        }
        var title = string.Join(' ', d.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (others.FirstOrDefault(m => string.Equals(m.Title, title, StringComparison.OrdinalIgnoreCase) && m.Language == d.Language
            && m.Format == d.Format) is { } twin)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "title",
                $"“{twin.Title}” ({twin.Language}, {twin.Format.ToString().ToUpperInvariant()}) is catalogued already as {twin.Id}.");
        }
        return new MaterialDetails(title, subject, [.. d.Grades.Distinct().Order()], d.Language, d.Format, [.. d.Accessibility.Distinct().Order()],
            d.Licence.Trim(), link, hash);
    }

    [GeneratedRegex("^sha256:[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex HashPattern();
}

/// <summary>A material's description once checked and tidied (what the events carry).</summary>
public sealed record MaterialDetails(
    string Title, string Subject, IReadOnlyList<int> Grades, string Language, MaterialFormat Format,
    IReadOnlyList<AccessibilityFeature> Accessibility, string Licence, string? Link, string? ContentHash) : IMaterialDescription
{
    public bool SameAs(MaterialView view) => view.Title == Title && view.Subject == Subject && view.Grades.SequenceEqual(Grades)
        && view.Language == Language && view.Format == Format && view.Accessibility.SequenceEqual(Accessibility) && view.Licence == Licence
        && view.Link == Link && view.ContentHash == ContentHash;
}
