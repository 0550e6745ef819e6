using Emis.Curriculum.Structure;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using FluentValidation;
using Marten;

namespace Emis.Curriculum.Courses;

/// <summary>Register a course of a learning platform by its IRI (ministry only).</summary>
public sealed record RegisterCourse(string CourseIri, string Name, string? Language, IReadOnlyList<ContentCategory> ContentCategories,
    string? Programme) : ICourseDescription
{
    public sealed class Validator : AbstractValidator<RegisterCourse>
    {
        public Validator() => CourseRules.Describes(this);
    }
}

/// <summary>Revise a course's name, language, content categories and programme, all at once (ministry only).</summary>
public sealed record ReviseCourse(string CourseIri, string Name, string? Language, IReadOnlyList<ContentCategory> ContentCategories,
    string? Programme) : ICourseDescription
{
    public sealed class Validator : AbstractValidator<ReviseCourse>
    {
        public Validator() => CourseRules.Describes(this);
    }
}

public static class CourseCatalogueHandler
{
    public static async Task Handle(RegisterCourse command, IDocumentSession session, CancellationToken ct)
    {
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(session.TenantId), ct);
        var id = CourseView.IdFor(command.CourseIri);
        var existing = await session.LoadAsync<CourseView>(id, ct);
        session.Events.StartStream<CourseView>(id, DecideRegister(command, structure, existing));
    }

    public static async Task Handle(ReviseCourse command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<CourseView>(CourseView.IdFor(command.CourseIri), ct);
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(session.TenantId), ct);
        stream.AppendOne(DecideRevise(command, stream.Aggregate, structure));
    }

    /// <summary>The new course, or why not: not registered yet, and a description <see cref="CourseRules.Decide"/> accepts.</summary>
    public static CourseRegistered DecideRegister(RegisterCourse command, EducationStructureView? structure, CourseView? existing)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (existing is not null)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "id",
                $"Course {existing.CourseIri} is registered already (“{existing.Name}”).");
        }
        var d = CourseRules.Decide(command, structure);
        return new CourseRegistered(CourseView.IdFor(d.CourseIri), d.CourseIri, d.Name, d.Language, d.ContentCategories, d.Programme);
    }

    /// <summary>The revision, or why not: a registered course, a description <see cref="CourseRules.Decide"/> accepts, and a change.</summary>
    public static CourseRevised DecideRevise(ReviseCourse command, CourseView? course, EducationStructureView? structure)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (course is null)
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "id", $"There is no course {command.CourseIri.Trim()} (registerCourse first).");
        }
        var d = CourseRules.Decide(command, structure);
        if (d.Name == course.Name && d.Language == course.Language && d.Programme == course.Programme
            && d.ContentCategories.SequenceEqual(course.ContentCategories))
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "name", "The course is already described so.");
        }
        return new CourseRevised(course.Id, course.CourseIri, d.Name, d.Language, d.ContentCategories, d.Programme);
    }
}

/// <summary>The rules a course's description follows, shared by registering and revising.</summary>
public static class CourseRules
{
    public const int MaxIriLength = 2000;

    /// <summary>An absolute IRI with a scheme and no white space (what xAPI requires of an activity id).</summary>
    public static bool IsIri(string? iri) => iri is { Length: > 0 and <= MaxIriLength } && !iri.Any(char.IsWhiteSpace)
        && Uri.TryCreate(iri, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0;

    public static void Describes<T>(AbstractValidator<T> validator) where T : ICourseDescription
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(x => x.CourseIri).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("The course's id (its IRI) is required.")
            .Must(i => IsIri(i.Trim())).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage($"A course's id is an absolute IRI of at most {MaxIriLength} characters, without spaces " +
                "(https://lms.example.org/course/algebra-1): the activity id learning platforms give the course.")
            .OverridePropertyName("id");
        validator.RuleFor(x => x.Name).NotEmpty().WithMessage("The course's name is required.")
            .MaximumLength(Materials.MaterialRules.MaxTitleLength).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage($"A course's name is at most {Materials.MaterialRules.MaxTitleLength} characters.");
        validator.RuleFor(x => x.Language).Must(CurriculumRules.IsLanguage).When(x => !string.IsNullOrWhiteSpace(x.Language))
            .WithErrorCode(ErrorCodes.Invalid).WithMessage("The language is an ISO 639 code of 2 or 3 lower-case letters (bs, tr, sq).");
        validator.RuleForEach(x => x.ContentCategories).ChildRules(category =>
        {
            category.RuleFor(c => c.Code).CodeText("content category");
            category.RuleFor(c => c.Name).NameText("content category");
        });
        validator.RuleFor(x => x.Programme).Must(p => CurriculumRules.IsCode(CurriculumRules.Code(p!)))
            .When(x => !string.IsNullOrWhiteSpace(x.Programme)).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage("A programme code is 1 to 20 letters, digits, dots, hyphens or underscores (e.g. OS).");
    }

    /// <summary>
    /// The description as stored, or why not: category codes upper-case and each given once, and the programme, if any, one
    /// of the education structure (formal or non-formal).
    /// </summary>
    public static CourseDetails Decide(ICourseDescription d, EducationStructureView? structure)
    {
        ArgumentNullException.ThrowIfNull(d);
        var categories = d.ContentCategories.Select(c => new ContentCategory(CurriculumRules.Code(c.Code), c.Name.Trim())).ToList();
        if (categories.GroupBy(c => c.Code).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "contentCategories", $"Content category {twice.Key} is given twice.");
        }
        string? programme = null;
        if (!string.IsNullOrWhiteSpace(d.Programme))
        {
            programme = CurriculumRules.Code(d.Programme);
            if (structure is null)
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "programme",
                    "Set the education structure first (setEducationStructure).");
            }
            if (structure.ProgrammeOf(programme) is null)
            {
                throw new CommandRejectedException(ErrorCodes.NotFound, "programme",
                    $"There is no programme {programme} in the education structure ({string.Join(", ", structure.Programmes.Select(p => p.Code))}).");
            }
        }
        return new CourseDetails(d.CourseIri.Trim(), d.Name.Trim(), string.IsNullOrWhiteSpace(d.Language) ? null : d.Language.Trim(), categories,
            programme);
    }
}

/// <summary>A course's description once checked and tidied (what the events carry).</summary>
public sealed record CourseDetails(string CourseIri, string Name, string? Language, IReadOnlyList<ContentCategory> ContentCategories,
    string? Programme);

/// <summary>The ministry owns the course catalogue.</summary>
internal sealed class RegisterCoursePolicy : ICommandPolicy<RegisterCourse>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RegisterCourse command, CancellationToken ct) =>
        Task.FromResult(CurriculumRules.MinistryOnly(caller, "register courses"));
}

/// <summary>The ministry owns the course catalogue.</summary>
internal sealed class ReviseCoursePolicy : ICommandPolicy<ReviseCourse>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, ReviseCourse command, CancellationToken ct) =>
        Task.FromResult(CurriculumRules.MinistryOnly(caller, "revise courses"));
}
