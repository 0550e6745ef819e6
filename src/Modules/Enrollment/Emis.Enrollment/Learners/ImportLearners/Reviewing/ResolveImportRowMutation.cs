using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Learners.ImportLearners.Reviewing;

public sealed class ImportRowActionGraphType : EnumerationGraphType<ImportRowAction>
{
    public ImportRowActionGraphType()
    {
        Name = "ImportRowAction";
        Description =
            "PICK_SCHOOL, FIX and REJECT_DUPLICATE import the row as a new learner; CONFIRM_DUPLICATE joins it to the learner it duplicates; " +
            "REJECT drops it.";
    }
}

public sealed class ImportRowFieldsInput
{
    public string? FirstName { get; set; }
    public string? ParentName { get; set; }
    public string? LastName { get; set; }
    public string? BirthDate { get; set; }
    public string? Sex { get; set; }
    public string? Grade { get; set; }
    public string? Section { get; set; }

    public RowFixes ToFixes() => new(FirstName, ParentName, LastName, BirthDate, Sex, Grade, Section);
}

public sealed class ImportRowFieldsInputGraphType : InputObjectGraphType<ImportRowFieldsInput>
{
    public ImportRowFieldsInputGraphType()
    {
        Name = "ImportRowFieldsInput";
        Description =
            "Fixes, written as in a file and cleaned the same way (04.03.2016, Ž, V); omitted fields stay as they were. An empty parentName " +
            "removes it.";
        Field(x => x.FirstName, nullable: true);
        Field(x => x.ParentName, nullable: true);
        Field(x => x.LastName, nullable: true);
        Field(x => x.BirthDate, nullable: true);
        Field(x => x.Sex, nullable: true);
        Field(x => x.Grade, nullable: true);
        Field(x => x.Section, nullable: true);
    }
}

public sealed class ResolveImportRowInput
{
    public Guid ImportId { get; set; }
    public int Row { get; set; }
    public ImportRowAction Action { get; set; }
    public string? SchoolCode { get; set; }
    public ImportRowFieldsInput? Fields { get; set; }
    public string? Reason { get; set; }
}

public sealed class ResolveImportRowInputGraphType : InputObjectGraphType<ResolveImportRowInput>
{
    public ResolveImportRowInputGraphType()
    {
        Name = "ResolveImportRowInput";
        Field(x => x.ImportId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Row).Description("The row's line in the file, as the report gives it.");
        Field(x => x.Action, type: typeof(NonNullGraphType<ImportRowActionGraphType>));
        Field(x => x.SchoolCode, nullable: true).Description(
            "Required for PICK_SCHOOL; for FIX and REJECT_DUPLICATE, the school when the row has none.");
        Field(x => x.Fields, type: typeof(ImportRowFieldsInputGraphType)).Description(
            "Required for FIX; allowed with PICK_SCHOOL and REJECT_DUPLICATE.");
        Field(x => x.Reason, nullable: true).Description("Required for REJECT; recorded on the learner's events otherwise.");
    }
}

public sealed class ResolveImportRowPayloadGraphType : ObjectGraphType<RowResolved>
{
    public ResolveImportRowPayloadGraphType()
    {
        Name = "ResolveImportRowPayload";
        Field(x => x.Result, type: typeof(ImportRowResultGraphType)).Description("The row's new result; null when refused.");
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}

internal static class ResolveImportRowMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ResolveImportRowPayloadGraphType>>("resolveImportRow")
            .Description("Settles a row of a learner import held for review; a row that imports becomes a learner with an EduID and an account.")
            .Argument<NonNullGraphType<ResolveImportRowInputGraphType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<ResolveImportRowInput>("input");
                var command = new ResolveImportRow(input.ImportId, input.Row, input.Action, input.SchoolCode, input.Fields?.ToFixes(), input.Reason);
                var emis = context.EmisContext();
                var reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();
                return await context.RequestServices!.GetRequiredService<ImportReview>()
                    .ResolveAsync(emis.Caller, emis.CommandContext(reason), command, context.CancellationToken);
            });
}

internal static class ReopenImportRowMutation
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ResolveImportRowPayloadGraphType>>("reopenImportRow")
            .Description(
                "Undoes a duplicate join: a row marked DUPLICATE (by the import or by CONFIRM_DUPLICATE) goes back to REVIEW, where " +
                "REJECT_DUPLICATE imports it as a new learner. Same roles and scope as resolveImportRow.")
            .Argument<NonNullGraphType<IdGraphType>>("importId")
            .Argument<NonNullGraphType<IntGraphType>>("row")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async context =>
            {
                var emis = context.EmisContext();
                var reason = context.GetArgument<string>("reason");
                return await context.RequestServices!.GetRequiredService<ImportReview>().ReopenAsync(emis.Caller,
                    emis.CommandContext(string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), context.GetArgument<Guid>("importId"),
                    context.GetArgument<int>("row"), reason, context.CancellationToken);
            });
}
