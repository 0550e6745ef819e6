namespace Emis.Enrollment.Learners.ImportLearners;

public sealed partial class LearnerImporter
{
    /// <summary>
    /// The advisory lock (<c>hashtext</c> of this key) that one import at a time holds per jurisdiction, and that a
    /// review decision takes too: EduIDs and account names are chosen in memory against what is issued. It must stay
    /// the key <see cref="ImportAsync"/> locks.
    /// </summary>
    public static string LockKey(string jurisdiction) => "emis-learner-import:" + jurisdiction;
}
