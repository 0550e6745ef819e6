using System.Globalization;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.ImportLearners.Reviewing;

public enum LearnerImportStatus
{
    Running,
    Completed,
    Reverting,
    Reverted,
}

public sealed class LearnerImportStatusGraphType : EnumerationGraphType<LearnerImportStatus>
{
    public LearnerImportStatusGraphType()
    {
        Name = "LearnerImportStatus";
        Description = "RUNNING: being written, or interrupted (importing the same file again resumes it). REVERTING, REVERTED: the " +
            "ministry reverted it (revertLearnerImport); importing the same file again changes nothing.";
    }
}

/// <summary>The learner a row registered, joined, or would register, as the file and the review left it.</summary>
public sealed class ImportedLearnerGraphType : ObjectGraphType<ReportedLearner>
{
    public ImportedLearnerGraphType()
    {
        Name = "ImportedLearner";
        Field<IdGraphType>("learnerId").Description("The learner in Emis (see `learner(id)`), once imported or joined.")
            .Resolve(c => c.Source.LearnerId);
        Field(x => x.EduId, nullable: true);
        Field(x => x.Username, nullable: true);
        Field(x => x.FirstName, nullable: true);
        Field(x => x.ParentName, nullable: true);
        Field(x => x.LastName, nullable: true);
        Field<DateOnlyGraphType>("birthDate").Resolve(c =>
            c.Source.BirthDate is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null);
        Field<SexGraphType>("sex").Resolve(c => c.Source.Sex switch { "F" => Sex.Female, "M" => Sex.Male, _ => (Sex?)null });
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Grade, nullable: true);
    }
}

public sealed class ImportDuplicateOfGraphType : ObjectGraphType<DuplicateOf>
{
    public ImportDuplicateOfGraphType()
    {
        Name = "ImportDuplicateOf";
        Description = "The learner a row is (duplicate) or may be (review): an earlier row of the file, a learner already in Emis, or both.";
        Field(x => x.Row, nullable: true).Description("The row of the same file, when it is one.");
        Field(x => x.EduId, nullable: true);
        Field<IdGraphType>("learnerId").Resolve(c => c.Source.LearnerId);
    }
}

/// <summary>One row of an import report.</summary>
public sealed class ImportRowResultGraphType : ObjectGraphType<RowResult>
{
    public ImportRowResultGraphType()
    {
        Name = "ImportRowResult";
        Field(x => x.Row).Description("The row's line in the file (the header is line 1).");
        Field<NonNullGraphType<ImportRowStatusGraphType>>("status").Resolve(c => ImportStatuses.Of(c.Source.Status));
        Field(x => x.Learner, type: typeof(ImportedLearnerGraphType));
        Field(x => x.DuplicateOf, type: typeof(ImportDuplicateOfGraphType));
        Field(x => x.Corrections, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ImportCorrectionGraphType>>>));
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ImportRowProblemGraphType>>>))
            .Description("For a rejected row, why; for a row held for review, the doubts a person must settle.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportSchoolCandidateGraphType>>>>("candidates")
            .Description("For a row whose school is uncertain: the schools to pick from, closest first.")
            .Resolve(c => c.Source.Candidates ?? []);
    }
}

/// <summary>A learner import and its report; the rows are those in your scope.</summary>
public sealed class LearnerImportGraphType : ObjectGraphType<LearnerImport>
{
    public LearnerImportGraphType()
    {
        Name = "LearnerImport";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<StringGraphType>>("file").Resolve(c => c.Source.FileName);
        Field(x => x.SchoolYear);
        Field<NonNullGraphType<LearnerImportStatusGraphType>>("status")
            .Resolve(c => c.Source.Status switch
            {
                ImportStatus.Completed => LearnerImportStatus.Completed,
                ImportStatus.Reverting => LearnerImportStatus.Reverting,
                ImportStatus.Reverted => LearnerImportStatus.Reverted,
                _ => LearnerImportStatus.Running,
            });
        Field(x => x.Revert, type: typeof(Reverting.ImportRevertGraphType)).Description("Set once the ministry reverted the import.");
        Field(x => x.Rows).Description("Rows in the file (all of them, whatever your scope).");
        Field<NonNullGraphType<IntGraphType>>("rowsWritten").Description("Rows written so far (all of them once COMPLETED): the import's progress.")
            .Resolve(c => c.Source.RowsWritten);
        Field(x => x.Summary, type: typeof(NonNullGraphType<ImportSummaryGraphType>)).Description("Counts over the whole file, as they are now.");
        Field(x => x.Format, nullable: true).Description("How the file was read (format, encoding, separator).");
        Field(x => x.IgnoredColumns, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>));
        Field(x => x.StartedAt);
        Field(x => x.CompletedAt, nullable: true);
        Field<NonNullGraphType<ConnectionGraphType<ImportRowResultGraphType, RowResult>>>("results")
            .Description("The report's rows in your scope, in file order.")
            .Argument<ListGraphType<NonNullGraphType<ImportRowStatusGraphType>>>("status", "Only rows of these statuses.")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var statuses = c.GetArgument<List<ImportRowStatus>?>("status")?.Select(ImportStatuses.Stored).Distinct().ToList();
                return await ImportReviewFields.Review(c).RowsAsync(
                    c.Caller(), c.Source, statuses, Cursor.OffsetAfter(c.GetArgument<string?>("after")),
                    Cursor.PageSize(c.GetArgument<int?>("first")), c.CancellationToken);
            });
    }
}
