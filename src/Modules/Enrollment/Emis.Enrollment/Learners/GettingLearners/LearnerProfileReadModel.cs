using Emis.Enrollment.Learners.ImportLearners;
using Emis.Platform.ReadModels;
using JasperFx.Events;
using Marten;

namespace Emis.Enrollment.Learners.GettingLearners;

/// <summary>The learners' profiles rebuilt from their streams with <see cref="LearnerProfileProjection"/>'s own methods.</summary>
internal static class LearnerProfileReadModel
{
    public static IReadModel Create(IDocumentStore store) => new DocumentReadModel<LearnerProfile>(
        store,
        "learner-profiles",
        "learners' profiles and histories (LearnerProfile documents)",
        [typeof(LearnerRegistered), typeof(LearnerEnrolled), typeof(LearnerTransferred), typeof(LearnerWithdrawn), typeof(YearEndOutcomeRecorded)],
        Fold,
        p => p.Id,
        p => p.Version,
        LearnerImporter.ProfileColumns,
        ["first_name", "last_name"]);

    private static LearnerProfile? Fold(LearnerProfile? profile, IEvent e)
    {
        switch (e)
        {
            case IEvent<LearnerRegistered> registered:
                return LearnerProfileProjection.Create(registered);
            case IEvent<LearnerEnrolled> x when profile is not null:
                LearnerProfileProjection.Apply(x, profile);
                break;
            case IEvent<LearnerTransferred> x when profile is not null:
                LearnerProfileProjection.Apply(x, profile);
                break;
            case IEvent<LearnerWithdrawn> x when profile is not null:
                LearnerProfileProjection.Apply(x, profile);
                break;
            case IEvent<YearEndOutcomeRecorded> x when profile is not null:
                LearnerProfileProjection.Apply(x, profile);
                break;
        }
        return profile;
    }
}
