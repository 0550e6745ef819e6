using Emis.Platform.Imports;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>A learner import as a document: the platform's import record and the school year it enrols into.</summary>
public sealed class LearnerImport : ImportDocument
{
    public string SchoolYear { get; set; } = "";
}
