using System.Globalization;
using Emis.Curriculum.Structure;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Curriculum.Curricula;

/// <summary>A subject of a curriculum version and its weekly hours.</summary>
public sealed record SubjectHours(string Subject, decimal WeeklyHours);

/// <summary>
/// A curriculum version was adopted: for a programme's grades, which subjects are taught and how many hours a week, from a
/// school year on. A reform adopts a new version for some grades; the others keep theirs.
/// </summary>
public sealed record CurriculumVersionAdopted(
    Guid BookId, Guid VersionId, string Programme, IReadOnlyList<int> Grades, string FromSchoolYear, IReadOnlyList<SubjectHours> Subjects,
    string? Note);

/// <summary>One adopted version, with the instant it was adopted (what "as of" a date compares with).</summary>
public sealed record CurriculumVersion(
    Guid VersionId, string Programme, IReadOnlyList<int> Grades, string FromSchoolYear, IReadOnlyList<SubjectHours> Subjects, string? Note,
    DateTimeOffset AdoptedAt)
{
    public decimal TotalWeeklyHours => Subjects.Sum(s => s.WeeklyHours);

    public bool Covers(string programme, int grade) => Programme == programme && Grades.Contains(grade);
}

/// <summary>Every curriculum version of a jurisdiction: one stream per jurisdiction.</summary>
public sealed class CurriculumBook
{
    private static readonly Guid Namespace = new("9b4d2e81-5c3a-4f07-a6e9-7d1c0b3f5a28");

    public Guid Id { get; set; }
    public List<CurriculumVersion> Versions { get; set; } = [];
    public long Version { get; set; }

    public static Guid IdFor(string jurisdiction) => NameBasedGuid.Create(Namespace, jurisdiction);

    /// <summary>
    /// The version a programme's grade follows in a school year, as known at <paramref name="asOf"/> (now when null): of the
    /// versions adopted by then for that grade and starting in or before that year, the latest starting one.
    /// </summary>
    public CurriculumVersion? InForce(string programme, int grade, string schoolYear, DateTimeOffset? asOf = null) => Versions
        .Where(v => v.Covers(programme, grade) && string.CompareOrdinal(v.FromSchoolYear, schoolYear) <= 0 && (asOf is null || v.AdoptedAt <= asOf))
        .OrderBy(v => v.FromSchoolYear, StringComparer.Ordinal).ThenBy(v => v.AdoptedAt)
        .LastOrDefault();
}

public sealed class CurriculumBookProjection : SingleStreamProjection<CurriculumBook, Guid>
{
    public static CurriculumBook Create(IEvent<CurriculumVersionAdopted> e) => Apply(e, new CurriculumBook { Id = e.StreamId });

    public static CurriculumBook Apply(IEvent<CurriculumVersionAdopted> e, CurriculumBook book)
    {
        var d = e.Data;
        book.Versions.Add(new CurriculumVersion(d.VersionId, d.Programme, d.Grades, d.FromSchoolYear, d.Subjects, d.Note, e.Timestamp));
        book.Version = e.Version;
        return book;
    }
}

/// <summary>Adopt a curriculum version for some grades of a programme from a school year on (ministry only).</summary>
public sealed record AdoptCurriculumVersion(
    Guid VersionId, string Programme, IReadOnlyList<int> Grades, string FromSchoolYear, IReadOnlyList<SubjectHours> Subjects, string? Note = null)
{
    public sealed class Validator : AbstractValidator<AdoptCurriculumVersion>
    {
        public Validator()
        {
            RuleFor(x => x.VersionId).NotEmpty();
            RuleFor(x => x.Programme).CodeText("programme");
            RuleFor(x => x.Grades).NotEmpty().WithMessage("Give the grades the version is for.");
            RuleForEach(x => x.Grades).InclusiveBetween(0, 13).WithErrorCode(ErrorCodes.Invalid).WithMessage("Grades run from 0 to 13.");
            RuleFor(x => x.FromSchoolYear).SchoolYearText();
            RuleFor(x => x.Subjects).NotEmpty().WithMessage("Give the subjects taught and their weekly hours.");
            RuleForEach(x => x.Subjects).ChildRules(subject =>
            {
                subject.RuleFor(s => s.Subject).CodeText("subject");
                subject.RuleFor(s => s.WeeklyHours).GreaterThan(0m).LessThanOrEqualTo(40m).WithErrorCode(ErrorCodes.Invalid)
                    .WithMessage("A subject's weekly hours are more than 0 and at most 40.");
            });
            RuleFor(x => x.Note).MaximumLength(500).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class AdoptCurriculumVersionHandler
{
    public static async Task Handle(AdoptCurriculumVersion command, IDocumentSession session, CancellationToken ct)
    {
        var id = CurriculumBook.IdFor(session.TenantId);
        var stream = await session.Events.FetchForWriting<CurriculumBook>(id, ct);
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(session.TenantId), ct);
        stream.AppendOne(Decide(command, id, structure, stream.Aggregate));
    }

    /// <summary>
    /// The version, or why not: the structure knows the programme, its grades and the subjects; each subject once; the
    /// week within the jurisdiction's legal maximum; and it does not start before a version already adopted for one of its
    /// grades (a reform is adopted forward; the past keeps the curriculum it had).
    /// </summary>
    public static CurriculumVersionAdopted Decide(AdoptCurriculumVersion command, Guid bookId, EducationStructureView? structure,
        CurriculumBook? book)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (structure is null)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "programme", "Set the education structure first (setEducationStructure).");
        }
        var programmeCode = CurriculumRules.Code(command.Programme);
        var programme = structure.ProgrammeOf(programmeCode)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "programme", $"There is no programme {programmeCode}.");
        var grades = command.Grades.Distinct().Order().ToList();
        if (grades.FirstOrDefault(g => !programme.Teaches(g), -1) is var outside and >= 0)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "grades", string.Create(CultureInfo.InvariantCulture,
                $"Programme {programme.Code} is taught in grades {programme.FirstGrade}–{programme.LastGrade}, not {outside}."));
        }
        var subjects = command.Subjects.Select(s => s with { Subject = CurriculumRules.Code(s.Subject) }).ToList();
        if (subjects.GroupBy(s => s.Subject).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "subjects", $"{twice.Key} is given twice.");
        }
        if (subjects.FirstOrDefault(s => structure.SubjectOf(s.Subject) is null) is { } unknown)
        {
            throw new CommandRejectedException(ErrorCodes.NotFound, "subjects", $"There is no subject {unknown.Subject} in the education structure.");
        }
        var total = subjects.Sum(s => s.WeeklyHours);
        if (total > structure.MaxWeeklyHours)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "subjects", string.Create(CultureInfo.InvariantCulture,
                $"The week has {total} hours; the legal maximum is {structure.MaxWeeklyHours}."));
        }
        foreach (var version in (book?.Versions ?? []).Where(v => v.Programme == programme.Code && v.Grades.Intersect(grades).Any()))
        {
            var order = string.CompareOrdinal(command.FromSchoolYear, version.FromSchoolYear);
            if (order == 0)
            {
                throw new CommandRejectedException(ErrorCodes.Duplicate, "fromSchoolYear",
                    $"Version {version.VersionId} already sets grades {string.Join(", ", version.Grades.Intersect(grades))} of {programme.Code} " +
                    $"from {version.FromSchoolYear}: adopt the next change from a later school year.");
            }
            if (order < 0)
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "fromSchoolYear",
                    $"Version {version.VersionId} already starts in {version.FromSchoolYear} for some of these grades: a version cannot start " +
                    "before it (the years before keep the curriculum they had).");
            }
        }
        return new CurriculumVersionAdopted(bookId, command.VersionId, programme.Code, grades, command.FromSchoolYear, subjects,
            string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim());
    }
}
