using Emis.Platform.Commands;
using Emis.Platform.Events;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Curriculum.Structure;

/// <summary>Whether a programme leads to a formal qualification (primary, gymnasium, vocational) or not (skills courses).</summary>
public enum ProgrammeKind
{
    Formal,
    NonFormal,
}

/// <summary>A level of education as the jurisdiction names it, with its ISCED 2011 level (0 early childhood … 3 upper secondary).</summary>
public sealed record EducationLevelEntry(string Code, string Name, int Isced);

/// <summary>A programme of one level, taught over a range of grades (a vocational profile, a gymnasium, a skills course).</summary>
public sealed record Programme(string Code, string Name, string Level, int FirstGrade, int LastGrade, ProgrammeKind Kind)
{
    public bool Teaches(int grade) => grade >= FirstGrade && grade <= LastGrade;
}

/// <summary>A subject, named in the jurisdiction's language and, optionally, in English.</summary>
public sealed record Subject(string Code, string Name, string? EnglishName);

/// <summary>The jurisdiction's education structure was set (all of it at once; it replaces the previous one).</summary>
/// <param name="MaxWeeklyHours">The legal maximum of a grade's weekly hours, over all its subjects.</param>
public sealed record EducationStructureSet(
    Guid StructureId, IReadOnlyList<EducationLevelEntry> Levels, IReadOnlyList<Programme> Programmes, IReadOnlyList<Subject> Subjects,
    int MaxWeeklyHours);

/// <summary>The education structure of a jurisdiction, current and as it was: one stream per jurisdiction.</summary>
public sealed class EducationStructureView
{
    private static readonly Guid Namespace = new("1f0b7c3e-94a2-4d6e-b8f1-2a5c9e0d7b43");

    public Guid Id { get; set; }
    public List<EducationLevelEntry> Levels { get; set; } = [];
    public List<Programme> Programmes { get; set; } = [];
    public List<Subject> Subjects { get; set; } = [];
    public int MaxWeeklyHours { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public static Guid IdFor(string jurisdiction) => NameBasedGuid.Create(Namespace, jurisdiction);

    public Programme? ProgrammeOf(string code) => Programmes.FirstOrDefault(p => p.Code == code);

    public Subject? SubjectOf(string code) => Subjects.FirstOrDefault(s => s.Code == code);
}

public sealed class EducationStructureProjection : SingleStreamProjection<EducationStructureView, Guid>
{
    public static EducationStructureView Create(IEvent<EducationStructureSet> e) => Apply(e, new EducationStructureView { Id = e.StreamId });

    public static EducationStructureView Apply(IEvent<EducationStructureSet> e, EducationStructureView view)
    {
        view.Levels = [.. e.Data.Levels];
        view.Programmes = [.. e.Data.Programmes];
        view.Subjects = [.. e.Data.Subjects];
        view.MaxWeeklyHours = e.Data.MaxWeeklyHours;
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}

/// <summary>Set the jurisdiction's levels, programmes, subjects and legal maximum of weekly hours (ministry only).</summary>
public sealed record SetEducationStructure(
    IReadOnlyList<EducationLevelEntry> Levels, IReadOnlyList<Programme> Programmes, IReadOnlyList<Subject> Subjects, int MaxWeeklyHours)
{
    public sealed class Validator : AbstractValidator<SetEducationStructure>
    {
        public Validator()
        {
            RuleFor(x => x.Levels).NotEmpty().WithMessage("Give at least one level.");
            RuleForEach(x => x.Levels).ChildRules(level =>
            {
                level.RuleFor(l => l.Code).CodeText("level");
                level.RuleFor(l => l.Name).NameText("level");
                level.RuleFor(l => l.Isced).InclusiveBetween(0, 3).WithErrorCode(ErrorCodes.Invalid)
                    .WithMessage("A level's ISCED level is 0 to 3 (early childhood to upper secondary).");
            });
            RuleFor(x => x.Programmes).NotEmpty().WithMessage("Give at least one programme.");
            RuleForEach(x => x.Programmes).ChildRules(programme =>
            {
                programme.RuleFor(p => p.Code).CodeText("programme");
                programme.RuleFor(p => p.Name).NameText("programme");
                programme.RuleFor(p => p.Level).CodeText("level");
                programme.RuleFor(p => p.FirstGrade).InclusiveBetween(0, 13).WithErrorCode(ErrorCodes.Invalid)
                    .WithMessage("Grades run from 0 to 13.");
                programme.RuleFor(p => p.LastGrade).InclusiveBetween(0, 13).WithErrorCode(ErrorCodes.Invalid).WithMessage("Grades run from 0 to 13.")
                    .GreaterThanOrEqualTo(p => p.FirstGrade).WithErrorCode(ErrorCodes.Invalid)
                    .WithMessage("A programme's last grade is not before its first.");
                programme.RuleFor(p => p.Kind).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            });
            RuleFor(x => x.Subjects).NotEmpty().WithMessage("Give at least one subject.");
            RuleForEach(x => x.Subjects).ChildRules(subject =>
            {
                subject.RuleFor(s => s.Code).CodeText("subject");
                subject.RuleFor(s => s.Name).NameText("subject");
                subject.RuleFor(s => s.EnglishName).MaximumLength(CurriculumRules.MaxNameLength).WithErrorCode(ErrorCodes.Invalid);
            });
            RuleFor(x => x.MaxWeeklyHours).InclusiveBetween(1, 60).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("The legal maximum of weekly hours is 1 to 60.");
        }
    }
}

public static class SetEducationStructureHandler
{
    public static async Task Handle(SetEducationStructure command, IDocumentSession session, CancellationToken ct)
    {
        var id = EducationStructureView.IdFor(session.TenantId);
        // Fetched for writing (new or not): only a fetched stream gives the inline projection the events' versions.
        var stream = await session.Events.FetchForWriting<EducationStructureView>(id, ct);
        var curricula = await session.LoadAsync<Curricula.CurriculumBook>(Curricula.CurriculumBook.IdFor(session.TenantId), ct);
        var followed = await session.Query<Sections.SectionView>().Where(s => !s.Closed && s.Programme != null)
            .Select(s => s.Programme!).Distinct().ToListAsync(ct);
        stream.AppendOne(Decide(command, id, stream.Aggregate, curricula, followed));
    }

    /// <summary>
    /// The new structure, or why not: codes unique, each programme of a known level, and nothing an adopted curriculum uses
    /// taken away (its programme, the grades it covers, its subjects).
    /// </summary>
    /// <param name="followedBySections">Programmes open sections follow: they stay too.</param>
    public static EducationStructureSet Decide(SetEducationStructure command, Guid id, EducationStructureView? current,
        Curricula.CurriculumBook? curricula, IReadOnlyCollection<string>? followedBySections = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var levels = command.Levels.Select(l => l with { Code = CurriculumRules.Code(l.Code), Name = l.Name.Trim() }).ToList();
        var programmes = command.Programmes.Select(p => p with
        {
            Code = CurriculumRules.Code(p.Code),
            Name = p.Name.Trim(),
            Level = CurriculumRules.Code(p.Level),
        }).ToList();
        var subjects = command.Subjects.Select(s => s with
        {
            Code = CurriculumRules.Code(s.Code),
            Name = s.Name.Trim(),
            EnglishName = string.IsNullOrWhiteSpace(s.EnglishName) ? null : s.EnglishName.Trim(),
        }).ToList();
        Unique(levels.Select(l => l.Code), "levels");
        Unique(programmes.Select(p => p.Code), "programmes");
        Unique(subjects.Select(s => s.Code), "subjects");
        if (programmes.FirstOrDefault(p => levels.All(l => l.Code != p.Level)) is { } orphan)
        {
            throw new CommandRejectedException(
                ErrorCodes.NotFound, "programmes", $"Programme {orphan.Code} is of level {orphan.Level}, which is not given.");
        }
        if ((followedBySections ?? []).FirstOrDefault(code => programmes.All(p => p.Code != code)) is { } followed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "programmes",
                $"Open class sections follow programme {followed}: it stays (set their programme or close them first).");
        }
        foreach (var version in curricula?.Versions ?? [])
        {
            var programme = programmes.FirstOrDefault(p => p.Code == version.Programme);
            if (programme is null || version.Grades.Any(g => !programme.Teaches(g)))
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "programmes",
                    $"Curriculum version {version.VersionId} teaches programme {version.Programme} in grades {string.Join(", ", version.Grades)}: " +
                    "the programme and those grades stay.");
            }
            if (version.Subjects.FirstOrDefault(s => subjects.All(x => x.Code != s.Subject)) is { } used)
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "subjects",
                    $"Subject {used.Subject} is taught by curriculum version {version.VersionId}: it stays.");
            }
        }
        if (current is not null && current.Levels.SequenceEqual(levels) && current.Programmes.SequenceEqual(programmes)
            && current.Subjects.SequenceEqual(subjects) && current.MaxWeeklyHours == command.MaxWeeklyHours)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "levels", "The education structure is already as given.");
        }
        return new EducationStructureSet(id, levels, programmes, subjects, command.MaxWeeklyHours);
    }

    private static void Unique(IEnumerable<string> codes, string field)
    {
        if (codes.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, field, $"{twice.Key} is given twice.");
        }
    }
}
