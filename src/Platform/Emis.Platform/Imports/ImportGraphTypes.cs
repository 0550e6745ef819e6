using GraphQL.Types;

namespace Emis.Platform.Imports;

// The GraphQL types every import of people's report shares (learners, staff): one schema type each.

/// <summary>The statuses of a row of an import report, as GraphQL enumerates them.</summary>
public enum ImportRowStatus
{
    Imported,
    Duplicate,
    Review,
    Rejected,
}

/// <summary>Row statuses as stored and as GraphQL enumerates them.</summary>
public static class ImportStatuses
{
    public static ImportRowStatus Of(string status) => status switch
    {
        RowStatus.Imported => ImportRowStatus.Imported,
        RowStatus.Duplicate => ImportRowStatus.Duplicate,
        RowStatus.Review => ImportRowStatus.Review,
        _ => ImportRowStatus.Rejected,
    };

    public static string Stored(ImportRowStatus status) => status switch
    {
        ImportRowStatus.Imported => RowStatus.Imported,
        ImportRowStatus.Duplicate => RowStatus.Duplicate,
        ImportRowStatus.Review => RowStatus.Review,
        _ => RowStatus.Rejected,
    };
}

public sealed class ImportRowStatusGraphType : EnumerationGraphType<ImportRowStatus>
{
    public ImportRowStatusGraphType() => Name = "ImportRowStatus";
}

public sealed class ImportSummaryGraphType : ObjectGraphType<ImportSummary>
{
    public ImportSummaryGraphType()
    {
        Name = "ImportSummary";
        Field(x => x.Imported);
        Field(x => x.Duplicate);
        Field(x => x.Review).Description("Rows still held for review.");
        Field(x => x.Rejected);
    }
}

public sealed class ImportCorrectionGraphType : ObjectGraphType<Correction>
{
    public ImportCorrectionGraphType()
    {
        Name = "ImportCorrection";
        Description = "A change the import (or a reviewer) made to what the file said.";
        Field(x => x.Field);
        Field(x => x.From);
        Field(x => x.To);
        Field(x => x.Confidence, nullable: true).Description("For a fuzzy school match: how close the written name was (0–1).");
    }
}

public sealed class ImportRowProblemGraphType : ObjectGraphType<RowProblem>
{
    public ImportRowProblemGraphType()
    {
        Name = "ImportRowProblem";
        Description = "Why a row was rejected or held for review.";
        Field(x => x.Field);
        Field(x => x.Code);
        Field(x => x.Message);
    }
}

public sealed class ImportSchoolCandidateGraphType : ObjectGraphType<SchoolCandidate>
{
    public ImportSchoolCandidateGraphType()
    {
        Name = "ImportSchoolCandidate";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Confidence);
    }
}
