using System.Globalization;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>
/// The report of staff imports, scoped as the learner import's: ministry admins, municipality officers and school
/// admins see an import they ran or with rows in their scope, and only the rows of schools they manage (a row without
/// a school only its importer and the ministry admin).
/// </summary>
public sealed class StaffImportReview(IDocumentStore store, ImportRows rows)
{
    private static readonly string[] Reviewers = [Roles.MinistryAdmin, Roles.MunicipalityOfficer, Roles.SchoolAdmin];

    public async Task<StaffImport?> ImportAsync(Caller caller, Guid importId, CancellationToken ct)
    {
        if (!Reviewers.Contains(caller.Role)) return null;
        await using var session = store.QuerySession(caller.Jurisdiction);
        var import = await session.LoadAsync<StaffImport>(importId, ct);
        return import is not null && import.VisibleTo(caller) ? import : null;
    }

    public Task<Page<StaffRowResult>> RowsAsync(Caller caller, StaffImport import, IReadOnlyCollection<string>? statuses, int offset,
        int pageSize, CancellationToken ct) => rows.PageAsync<StaffRowResult>(caller, import, statuses, offset, pageSize, ct);

    public static void AddQueries(ObjectGraphType query) =>
        query.Field<StaffImportGraphType>("staffImport")
            .Description(
                "A staff import and its report (rows in your scope), or null. Ministry admins, municipality officers and school admins only.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await Of(c).ImportAsync(c.RequireRole(Reviewers), c.GetArgument<Guid>("id"), c.CancellationToken));

    internal static StaffImportReview Of(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<StaffImportReview>();
}

/// <summary>The member of staff a row registered, joined, or would register.</summary>
public sealed class ImportedStaffMemberGraphType : ObjectGraphType<ReportedStaff>
{
    public ImportedStaffMemberGraphType()
    {
        Name = "ImportedStaffMember";
        Field<IdGraphType>("staffId").Description("The member of staff in Emis (see `staffMember(id)`), once imported or joined.")
            .Resolve(c => c.Source.StaffId);
        Field(x => x.EduId, nullable: true);
        Field(x => x.Username, nullable: true);
        Field(x => x.FirstName, nullable: true);
        Field(x => x.ParentName, nullable: true);
        Field(x => x.LastName, nullable: true);
        Field<DateOnlyGraphType>("birthDate").Resolve(c =>
            c.Source.BirthDate is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null);
        Field(x => x.Sex, nullable: true).Description("F or M.");
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Role, nullable: true);
        Field(x => x.ContractType, nullable: true);
        Field(x => x.Fte, nullable: true);
        Field(x => x.Level, nullable: true).Description("ISCED0–ISCED3.");
        Field(x => x.QualificationLevel, nullable: true).Description("The ISCED level of the qualification the file named.");
    }
}

public sealed class StaffImportDuplicateOfGraphType : ObjectGraphType<StaffDuplicateOf>
{
    public StaffImportDuplicateOfGraphType()
    {
        Name = "StaffImportDuplicateOf";
        Description = "The member of staff a row is (duplicate) or may be (review): an earlier row of the file, someone already in Emis, or both.";
        Field(x => x.Row, nullable: true);
        Field(x => x.EduId, nullable: true);
        Field<IdGraphType>("staffId").Resolve(c => c.Source.StaffId);
    }
}

/// <summary>One row of a staff import report.</summary>
public sealed class StaffImportRowGraphType : ObjectGraphType<StaffRowResult>
{
    public StaffImportRowGraphType()
    {
        Name = "StaffImportRow";
        Field(x => x.Row).Description("The row's line in the file (the header is line 1).");
        Field<NonNullGraphType<ImportRowStatusGraphType>>("status").Resolve(c => ImportStatuses.Of(c.Source.Status));
        Field(x => x.Staff, type: typeof(ImportedStaffMemberGraphType));
        Field(x => x.DuplicateOf, type: typeof(StaffImportDuplicateOfGraphType));
        Field(x => x.Corrections, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ImportCorrectionGraphType>>>));
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ImportRowProblemGraphType>>>))
            .Description("For a rejected row, why; for a row held for review, the doubts a person must settle.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportSchoolCandidateGraphType>>>>("candidates")
            .Description("For a row whose school is uncertain: the schools to pick from, closest first.")
            .Resolve(c => c.Source.Candidates ?? []);
    }
}

/// <summary>A staff import and its report; the rows are those in your scope.</summary>
public sealed class StaffImportGraphType : ObjectGraphType<StaffImport>
{
    public StaffImportGraphType()
    {
        Name = "StaffImport";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<StringGraphType>>("file").Resolve(c => c.Source.FileName);
        Field(x => x.SchoolYear);
        Field(x => x.Status).Description("RUNNING (being written, or interrupted: importing the same file again resumes it) or COMPLETED.");
        Field(x => x.Rows).Description("Rows in the file (all of them, whatever your scope).");
        Field(x => x.Summary, type: typeof(NonNullGraphType<ImportSummaryGraphType>)).Description("Counts over the whole file.");
        Field(x => x.Format, nullable: true);
        Field(x => x.IgnoredColumns, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>));
        Field(x => x.StartedAt);
        Field(x => x.CompletedAt, nullable: true);
        Field<NonNullGraphType<ConnectionGraphType<StaffImportRowGraphType, StaffRowResult>>>("results")
            .Description("The report's rows in your scope, in file order.")
            .Argument<ListGraphType<NonNullGraphType<ImportRowStatusGraphType>>>("status", "Only rows of these statuses.")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var statuses = c.GetArgument<List<ImportRowStatus>?>("status")?.Select(ImportStatuses.Stored).Distinct().ToList();
                return await StaffImportReview.Of(c).RowsAsync(c.Caller(), c.Source, statuses, Cursor.OffsetAfter(c.GetArgument<string?>("after")),
                    Cursor.PageSize(c.GetArgument<int?>("first")), c.CancellationToken);
            });
    }
}
