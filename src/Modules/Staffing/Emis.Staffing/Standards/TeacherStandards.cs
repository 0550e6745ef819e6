using Emis.Platform.Commands;
using Emis.Platform.Events;
using Emis.Staffing.Staff;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Staffing.Standards;

/// <summary>
/// What makes a teacher at one level <i>qualified</i> and <i>trained</i>, as UIS defines them for SDG 4.c.1 and 4.c.3:
/// qualified — holds at least the minimum academic qualification (an ISCED level) and, where required, a teaching
/// certification; trained — has completed organised pre-service teacher training, or (where the jurisdiction accepts it)
/// at least so many hours of organised in-service training. The grades of the level map learners to it (pupil–teacher
/// ratios per level).
/// </summary>
public sealed record LevelStandard(
    EducationLevel Level,
    int FirstGrade,
    int LastGrade,
    int MinimumQualification,
    bool CertificationRequired,
    decimal? MinimumInServiceHours);

/// <summary>The jurisdiction's teacher standards were set (all levels at once; a level left out has none).</summary>
public sealed record TeacherStandardsSet(Guid StandardsId, IReadOnlyList<LevelStandard> Levels);

/// <summary>The standards of a jurisdiction, current and as they were: one stream per jurisdiction.</summary>
public sealed class TeacherStandardsView
{
    public Guid Id { get; set; }
    public List<LevelStandard> Levels { get; set; } = [];

    /// <summary>Every version with the instant it took effect, oldest first (status as of a date uses the one then in force).</summary>
    public List<TeacherStandardsVersion> Versions { get; set; } = [];
    public long Version { get; set; }

    public static Guid IdFor(string jurisdiction) => NameBasedGuid.Create(Namespace, jurisdiction);

    private static readonly Guid Namespace = new("a4e3c1f2-6b7d-4e59-8c21-3f0d9e8b7a65");

    /// <summary>The standards in force at an instant (none before the first were set).</summary>
    public IReadOnlyList<LevelStandard> At(DateTimeOffset instant) =>
        Versions.LastOrDefault(v => v.From <= instant)?.Levels ?? [];

    public LevelStandard? For(EducationLevel level) => Levels.FirstOrDefault(l => l.Level == level);
}

public sealed record TeacherStandardsVersion(DateTimeOffset From, IReadOnlyList<LevelStandard> Levels);

public sealed class TeacherStandardsProjection : SingleStreamProjection<TeacherStandardsView, Guid>
{
    public static TeacherStandardsView Create(IEvent<TeacherStandardsSet> e) => Apply(e, new TeacherStandardsView { Id = e.StreamId });

    public static TeacherStandardsView Apply(IEvent<TeacherStandardsSet> e, TeacherStandardsView view)
    {
        view.Levels = [.. e.Data.Levels];
        view.Versions.Add(new TeacherStandardsVersion(e.Timestamp, e.Data.Levels));
        view.Version = e.Version;
        return view;
    }
}

/// <summary>Set what makes a teacher qualified and trained at each level (ministry only; replaces the previous standards).</summary>
public sealed record SetTeacherStandards(IReadOnlyList<LevelStandard> Levels)
{
    public sealed class Validator : AbstractValidator<SetTeacherStandards>
    {
        public Validator()
        {
            RuleFor(x => x.Levels).NotEmpty().WithMessage("Give the standards of at least one level.");
            RuleForEach(x => x.Levels).ChildRules(level =>
            {
                level.RuleFor(l => l.Level).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
                level.RuleFor(l => l.FirstGrade).InclusiveBetween(0, 13).WithErrorCode(ErrorCodes.Invalid).WithMessage("Grades run from 0 to 13.");
                level.RuleFor(l => l.LastGrade).InclusiveBetween(0, 13).WithErrorCode(ErrorCodes.Invalid).WithMessage("Grades run from 0 to 13.")
                    .GreaterThanOrEqualTo(l
                        => l.FirstGrade).WithErrorCode(ErrorCodes.Invalid).WithMessage("A level's last grade is not before its first.");
                level.RuleFor(l => l.MinimumQualification).InclusiveBetween(3, 8).WithErrorCode(ErrorCodes.Invalid)
                    .WithMessage("The minimum qualification is an ISCED level from 3 to 8.");
                level.RuleFor(l => l.MinimumInServiceHours).GreaterThan(0m).When(l => l.MinimumInServiceHours is not null)
                    .WithErrorCode(ErrorCodes.Invalid).WithMessage("Minimum in-service hours are more than 0 (or not given).");
            });
        }
    }
}

public static class SetTeacherStandardsHandler
{
    public static async Task Handle(SetTeacherStandards command, IDocumentSession session, CancellationToken ct)
    {
        var id = TeacherStandardsView.IdFor(session.TenantId);
        // Fetched for writing (new or not): with quick appends, only a fetched stream gives the inline projection the
        // events' versions, which the document keeps (a plain append would store a version a rebuild does not reproduce).
        var stream = await session.Events.FetchForWriting<TeacherStandardsView>(id, ct);
        stream.AppendOne(Decide(command, id, stream.Aggregate));
    }

    /// <summary>The new standards, or why not: one entry per level, grade ranges that do not overlap, and a change.</summary>
    public static TeacherStandardsSet Decide(SetTeacherStandards command, Guid id, TeacherStandardsView? current)
    {
        var levels = command.Levels.OrderBy(l => l.Level).ToList();
        if (levels.GroupBy(l => l.Level).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "levels", $"{twice.Key} is given twice.");
        }
        for (var i = 1; i < levels.Count; i++)
        {
            if (levels[i].FirstGrade <= levels[i - 1].LastGrade)
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "levels",
                    $"The grades of {levels[i - 1].Level} and {levels[i].Level} overlap: a grade belongs to one level.");
            }
        }
        if (current is not null && current.Levels.SequenceEqual(levels))
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "levels", "The standards are already as given.");
        }
        return new TeacherStandardsSet(id, levels);
    }
}
