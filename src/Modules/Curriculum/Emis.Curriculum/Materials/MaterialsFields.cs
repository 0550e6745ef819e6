using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Curriculum.Materials;

public class MaterialInput
{
    public string Title { get; set; } = "";
    public string Subject { get; set; } = "";
    public List<int> Grades { get; set; } = [];
    public string Language { get; set; } = "";
    public MaterialFormat Format { get; set; }
    public List<AccessibilityFeature>? Accessibility { get; set; }
    public string Licence { get; set; } = "";
    public string? Link { get; set; }
    public string? ContentHash { get; set; }
}

public sealed class ReviseMaterialInput : MaterialInput
{
    public Guid MaterialId { get; set; }
}

public sealed class CatalogueMaterialInputGraphType : InputObjectGraphType<MaterialInput>
{
    public CatalogueMaterialInputGraphType()
    {
        Name = "CatalogueMaterialInput";
        MaterialsFields.DescriptionFields(this);
    }
}

public sealed class ReviseMaterialInputGraphType : InputObjectGraphType<ReviseMaterialInput>
{
    public ReviseMaterialInputGraphType()
    {
        Name = "ReviseMaterialInput";
        Field(x => x.MaterialId, type: typeof(NonNullGraphType<IdGraphType>));
        MaterialsFields.DescriptionFields(this);
    }
}

public sealed class MaterialApprovalInput
{
    public Guid MaterialId { get; set; }
    public string SchoolYear { get; set; } = "";
    public string? Reason { get; set; }
}

public sealed class ApproveMaterialInputGraphType : InputObjectGraphType<MaterialApprovalInput>
{
    public ApproveMaterialInputGraphType()
    {
        Name = "ApproveMaterialInput";
        Field(x => x.MaterialId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear).Description("The school year whose approved list it joins (2025/2026).");
    }
}

public sealed class WithdrawMaterialApprovalInputGraphType : InputObjectGraphType<MaterialApprovalInput>
{
    public WithdrawMaterialApprovalInputGraphType()
    {
        Name = "WithdrawMaterialApprovalInput";
        Field(x => x.MaterialId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Reason, type: typeof(NonNullGraphType<StringGraphType>));
    }
}

public sealed class RecordHoldingsInput
{
    public Guid SchoolId { get; set; }
    public string SchoolYear { get; set; } = "";
    public Guid MaterialId { get; set; }
    public int Good { get; set; }
    public int Worn { get; set; }
    public int Unusable { get; set; }
}

public sealed class RecordHoldingsInputGraphType : InputObjectGraphType<RecordHoldingsInput>
{
    public RecordHoldingsInputGraphType()
    {
        Name = "RecordMaterialHoldingsInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.MaterialId, type: typeof(NonNullGraphType<IdGraphType>)).Description("A print title of the catalogue.");
        Field(x => x.Good).Description("Copies in good condition.");
        Field(x => x.Worn).Description("Worn copies, still usable.");
        Field(x => x.Unusable).Description("Copies no longer usable.");
    }
}

internal static class MaterialsFields
{
    private static readonly string[] Everyone =
        [Roles.MinistryAdmin, Roles.MinistryAnalyst, Roles.MunicipalityOfficer, Roles.SchoolAdmin, Roles.Teacher, Roles.Partner];

    public static void DescriptionFields<T>(InputObjectGraphType<T> input) where T : MaterialInput
    {
        input.Field(x => x.Title);
        input.Field(x => x.Subject).Description("The subject's code in the education structure.");
        input.Field(x => x.Grades).Description("The grades it is for (0 to 13).");
        input.Field(x => x.Language).Description("ISO 639 code of its language (bs, hr, sr, sq, tr).");
        input.Field(x => x.Format, type: typeof(NonNullGraphType<MaterialFormatGraphType>));
        input.Field(x => x.Accessibility, type: typeof(ListGraphType<NonNullGraphType<AccessibilityFeatureGraphType>>));
        input.Field(x => x.Licence).Description("CC BY 4.0, the publisher's copyright, …");
        input.Field(x => x.Link, nullable: true).Description("An absolute http(s) URL; a digital material gives a link or a content hash.");
        input.Field(x => x.ContentHash, nullable: true).Description("sha256: followed by 64 hex digits: the exact file.");
    }

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearningMaterialGraphType>>>>("materials")
            .Description("The catalogue of textbooks and digital resources, by title, filtered as asked; with asOf, as it was at that instant.")
            .Argument<StringGraphType>("subject")
            .Argument<IntGraphType>("grade")
            .Argument<StringGraphType>("language")
            .Argument<MaterialFormatGraphType>("format")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async c => Filter(c, await Queries(c).CatalogueAsync(c.RequireRole(Everyone).Jurisdiction,
                c.GetArgument<DateTimeOffset?>("asOf"), c.CancellationToken)));

        query.Field<LearningMaterialGraphType>("material")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
                await Queries(c).MaterialAsync(c.RequireRole(Everyone).Jurisdiction, c.GetArgument<Guid>("id"), c.CancellationToken));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearningMaterialGraphType>>>>("approvedMaterials")
            .Description("The ministry's approved list of a school year, filtered as asked; with asOf, the list as it stood at that instant.")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<StringGraphType>("subject")
            .Argument<IntGraphType>("grade")
            .Argument<StringGraphType>("language")
            .Argument<MaterialFormatGraphType>("format")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async c =>
            {
                var year = c.GetArgument<string>("schoolYear");
                var catalogue = await Queries(c).CatalogueAsync(c.RequireRole(Everyone).Jurisdiction, c.GetArgument<DateTimeOffset?>("asOf"),
                    c.CancellationToken);
                return Filter(c, catalogue.Where(m => m.ApprovedFor(year)));
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MaterialHoldingGraphType>>>>("materialHoldings")
            .Description("A school's copies of print titles in a school year, by condition (a school in your scope; none otherwise).")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .ResolveAsync(async c => await Queries(c).HoldingsAsync(c.RequireRole(Everyone), c.GetArgument<Guid>("schoolId"),
                c.GetArgument<string>("schoolYear"), c.CancellationToken));

        query.Field<NonNullGraphType<MaterialsFiguresGraphType>>("materialsFigures")
            .Description(
                "Learning-materials figures of a school year in your scope, at the live event sequence number: textbooks per learner by " +
                "subject and grade, and the coverage of a grade's subjects by approved materials in each language of instruction.")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(MaterialsQueries.FigureRoles);
                var year = c.GetArgument<string>("schoolYear");
                if (!CurriculumRules.IsSchoolYear(year)) throw new ExecutionError("The school year is written like 2025/2026.") { Code = "INVALID" };
                return await Queries(c).FiguresAsync(caller, year, c.CancellationToken);
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LearningMaterialPayloadGraphType>>("catalogueMaterial")
            .Description("Catalogue a textbook or digital resource (ministry only).")
            .Argument<NonNullGraphType<CatalogueMaterialInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var i = c.GetArgument<MaterialInput>("input");
                var command = new CatalogueMaterial(Guid.CreateVersion7(), i.Title, i.Subject, i.Grades, i.Language, i.Format, i.Accessibility ?? [],
                    i.Licence, i.Link, i.ContentHash);
                return await MutationRunner.RunAsync(c, command, async () => await PayloadAsync(c, command.MaterialId));
            });

        mutation.Field<NonNullGraphType<LearningMaterialPayloadGraphType>>("reviseMaterial")
            .Description("Correct a material's description, all of it at once (ministry only).")
            .Argument<NonNullGraphType<ReviseMaterialInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var i = c.GetArgument<ReviseMaterialInput>("input");
                var command = new ReviseMaterial(i.MaterialId, i.Title, i.Subject, i.Grades, i.Language, i.Format, i.Accessibility ?? [], i.Licence,
                    i.Link, i.ContentHash);
                return await MutationRunner.RunAsync(c, command, async () => await PayloadAsync(c, command.MaterialId));
            });

        mutation.Field<NonNullGraphType<LearningMaterialPayloadGraphType>>("approveMaterial")
            .Description("Put a material on a school year's approved list (ministry only).")
            .Argument<NonNullGraphType<ApproveMaterialInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var i = c.GetArgument<MaterialApprovalInput>("input");
                var command = new ApproveMaterial(i.MaterialId, i.SchoolYear);
                return await MutationRunner.RunAsync(c, command, async () => await PayloadAsync(c, command.MaterialId));
            });

        mutation.Field<NonNullGraphType<LearningMaterialPayloadGraphType>>("withdrawMaterialApproval")
            .Description("Take a material off a school year's approved list, saying why (ministry only).")
            .Argument<NonNullGraphType<WithdrawMaterialApprovalInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var i = c.GetArgument<MaterialApprovalInput>("input");
                var command = new WithdrawMaterialApproval(i.MaterialId, i.SchoolYear, i.Reason ?? "");
                return await MutationRunner.RunAsync(c, command, async () => await PayloadAsync(c, command.MaterialId), command.Reason);
            });

        mutation.Field<NonNullGraphType<MaterialHoldingsPayloadGraphType>>("recordMaterialHoldings")
            .Description(
                "Record a school's copies of a print title in a school year, by condition, as counted now (it sets the counts). The school's " +
                "admin, its municipality's officer, or the ministry admin.")
            .Argument<NonNullGraphType<RecordHoldingsInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var i = c.GetArgument<RecordHoldingsInput>("input");
                var command = new RecordHoldings(i.SchoolId, i.SchoolYear, i.MaterialId, i.Good, i.Worn, i.Unusable);
                var id = MaterialHoldings.IdOf(i.SchoolId, i.SchoolYear, i.MaterialId);
                return await MutationRunner.RunAsync(c, command,
                    async () => new MaterialHoldingsPayload(await Queries(c).HoldingAsync(c.Caller(), id, c.CancellationToken), []));
            });
    }

    private static MaterialsQueries Queries(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<MaterialsQueries>();

    private static async Task<LearningMaterialPayload> PayloadAsync(IResolveFieldContext c, Guid id) =>
        new(await Queries(c).MaterialAsync(c.Caller().Jurisdiction, id, c.CancellationToken), []);

    private static List<MaterialView> Filter(IResolveFieldContext c, IEnumerable<MaterialView> materials)
    {
        var subject = c.GetArgument<string?>("subject") is { } s ? CurriculumRules.Code(s) : null;
        var grade = c.GetArgument<int?>("grade");
        var language = c.GetArgument<string?>("language")?.Trim().ToLowerInvariant();
        var format = c.GetArgument<MaterialFormat?>("format");
        return [.. materials.Where(m =>
            m.Teaches(subject, grade) && (language is null || m.Language == language) && (format is null || m.Format == format))];
    }

    /// <summary>The languages a coverage question names, tidied; an unreadable one is the caller's error.</summary>
    internal static IReadOnlyList<string> Languages(IEnumerable<string> languages)
    {
        var tidy = languages.Select(l => l.Trim().ToLowerInvariant()).Distinct().ToList();
        if (tidy.Count == 0 || !tidy.All(CurriculumRules.IsLanguage))
        {
            throw new ExecutionError("Give ISO 639 language codes of 2 or 3 letters (bs, tr).") { Code = ErrorCodes.Invalid };
        }
        return tidy;
    }
}
