using Emis.Enrollment.Learners.ImportLearners;
using Emis.Platform.ReadModels;
using Marten;

namespace Emis.Enrollment.Learners.GettingLearners;

/// <summary>
/// The learners' profiles rebuilt from their streams with <see cref="LearnerProfileProjection"/>'s own
/// methods (Marten's aggregator for the document).
/// </summary>
internal static class LearnerProfileReadModel
{
    public static IReadModel Create(IDocumentStore store) => new DocumentReadModel<LearnerProfile>(
        store,
        "learner-profiles",
        "learners' profiles and histories (LearnerProfile documents)",
        [typeof(LearnerRegistered), typeof(LearnerEnrolled), typeof(LearnerTransferred), typeof(LearnerWithdrawn), typeof(YearEndOutcomeRecorded),
            typeof(LearnerEnrollmentReverted), typeof(LearnerRegistrationReverted)],
        p => p.Id,
        p => p.Version,
        LearnerImporter.ProfileColumns,
        ["first_name", "last_name"]);
}
