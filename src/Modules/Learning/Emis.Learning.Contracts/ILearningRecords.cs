namespace Emis.Learning.Contracts;

/// <summary>A final mark as it stands: where and when it was given, and what the scale said of it then.</summary>
public sealed record FinalMark(string SchoolYear, Guid SchoolId, string SchoolCode, int Grade, string Level, string Subject, string Mark,
    decimal? Value, bool Passing);

/// <summary>A confirmed year-end result: PROMOTED, REPEATING or GRADUATED, and the section's programme year it closed.</summary>
public sealed record ConfirmedOutcome(string SchoolYear, Guid SectionId, Guid SchoolId, string SchoolCode, int Grade, string Outcome);

/// <summary>A learner's final marks and confirmed results, for a credential that must stand on them (a diploma).</summary>
public sealed record LearnerAchievements(Guid LearnerId, IReadOnlyList<FinalMark> FinalMarks, IReadOnlyList<ConfirmedOutcome> Outcomes);

/// <summary>
/// What Learning offers, synchronously, to a module that issues credentials from results (Credentials' diplomas): a learner's
/// final marks and confirmed year-end outcomes as they stand. Implemented by the Learning module.
/// </summary>
public interface ILearningRecords
{
    Task<LearnerAchievements> AchievementsAsync(string jurisdiction, Guid learnerId, CancellationToken ct);

    /// <summary>The learners whose confirmed result in the section is GRADUATED (none before the section's results are confirmed).</summary>
    Task<IReadOnlyList<Guid>> GraduatesAsync(string jurisdiction, Guid sectionId, CancellationToken ct);
}
