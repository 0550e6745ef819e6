using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Curriculum.Materials;

public sealed class MaterialFormatGraphType : EnumerationGraphType<MaterialFormat>
{
    public MaterialFormatGraphType() => Name = "MaterialFormat";
}

public sealed class AccessibilityFeatureGraphType : EnumerationGraphType<AccessibilityFeature>
{
    public AccessibilityFeatureGraphType() => Name = "AccessibilityFeature";
}

public sealed class LearningMaterialGraphType : ObjectGraphType<MaterialView>
{
    public LearningMaterialGraphType(IEnumerable<IEntityFields> entityFields)
    {
        Name = "LearningMaterial";
        Description = "A textbook or digital resource of the ministry's catalogue, and the school years it is approved for.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Title);
        Field(x => x.Subject).Description("The subject's code.");
        Field(x => x.Grades);
        Field(x => x.Language).Description("ISO 639 code.");
        Field(x => x.Format, type: typeof(NonNullGraphType<MaterialFormatGraphType>));
        Field(x => x.Accessibility, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AccessibilityFeatureGraphType>>>));
        Field(x => x.Licence);
        Field(x => x.Link, nullable: true);
        Field(x => x.ContentHash, nullable: true);
        Field(x => x.ApprovedYears).Description("The school years whose approved list holds it.");
        Field(x => x.CataloguedAt);
        Field(x => x.UpdatedAt);
        Field(x => x.Version);
        entityFields.AddTo(this, x => x.Id);
    }
}

public sealed class MaterialHoldingGraphType : ObjectGraphType<HoldingView>
{
    public MaterialHoldingGraphType(IEnumerable<IEntityFields> entityFields)
    {
        Name = "MaterialHolding";
        Description = "A school's copies of a print title in a school year, by condition.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Municipality);
        Field(x => x.SchoolYear);
        Field(x => x.MaterialId, type: typeof(NonNullGraphType<IdGraphType>));
        Field<LearningMaterialGraphType>("material").ResolveAsync(async c => await c.RequestServices!.GetRequiredService<MaterialsQueries>()
            .MaterialAsync(c.Caller().Jurisdiction, c.Source.MaterialId, c.CancellationToken));
        Field(x => x.Good);
        Field(x => x.Worn);
        Field(x => x.Unusable);
        Field(x => x.Usable).Description("Good and worn copies.");
        Field(x => x.Total);
        Field(x => x.RecordedAt).Description("When the school first counted the title this year.");
        Field(x => x.UpdatedAt);
        Field(x => x.Version);
        entityFields.AddTo(this, x => x.Id);
    }
}

public sealed class TextbookRowGraphType : ObjectGraphType<TextbookRow>
{
    public TextbookRowGraphType()
    {
        Name = "TextbooksPerLearnerRow";
        Field(x => x.Subject).Description("The subject's code.");
        Field(x => x.SubjectName);
        Field(x => x.Grade);
        Field(x => x.Learners).Description("Learners enrolled in the grade at the schools in scope.");
        Field(x => x.UsableCopies).Description("Good and worn copies of the year's approved print titles for the subject and grade.");
        Field(x => x.UnusableCopies);
        Field(x => x.Titles).Description("Approved print titles with usable copies.");
        Field(x => x.PerLearner, nullable: true).Description("Usable copies per learner (null without learners).");
        Field(x => x.Shortfall).Description("Learners without a usable copy.");
    }
}

public sealed class LanguageMaterialsGraphType : ObjectGraphType<LanguageMaterials>
{
    public LanguageMaterialsGraphType()
    {
        Name = "LanguageMaterials";
        Field(x => x.Language);
        Field<NonNullGraphType<IntGraphType>>("approvedCount").Resolve(c => c.Source.Approved.Count);
        Field(x => x.Approved, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<LearningMaterialGraphType>>>));
    }
}

public sealed class SubjectCoverageGraphType : ObjectGraphType<SubjectCoverage>
{
    public SubjectCoverageGraphType()
    {
        Name = "SubjectLanguageCoverage";
        Field(x => x.Subject);
        Field(x => x.SubjectName);
        Field(x => x.Languages, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<LanguageMaterialsGraphType>>>));
    }
}

public sealed class CoverageGapGraphType : ObjectGraphType<CoverageGap>
{
    public CoverageGapGraphType()
    {
        Name = "MaterialGap";
        Description = "A subject of a grade without an approved material in a language.";
        Field(x => x.Subject);
        Field(x => x.SubjectName);
        Field(x => x.Grade);
        Field(x => x.Language);
    }
}

public sealed class LanguageCoverageGraphType : ObjectGraphType<LanguageCoverage>
{
    public LanguageCoverageGraphType()
    {
        Name = "LanguageCoverage";
        Field(x => x.SchoolYear);
        Field(x => x.Grade);
        Field(x => x.Languages);
        Field(x => x.Programmes).Description("The programmes teaching the grade whose curriculum version in force was read.");
        Field(x => x.Subjects, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<SubjectCoverageGraphType>>>));
        Field(x => x.Gaps, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<CoverageGapGraphType>>>));
    }
}

public sealed class MaterialsFiguresGraphType : ObjectGraphType<MaterialsFigures>
{
    public MaterialsFiguresGraphType()
    {
        Name = "MaterialsFigures";
        Field(x => x.SchoolYear);
        Field(x => x.Sequence).Description("The event sequence number the learner counts were taken at.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TextbookRowGraphType>>>>("textbooksPerLearner")
            .Description(
                "Usable print copies of the year's approved textbooks held by the schools in scope against their learners, by subject and " +
                "grade. A title for several grades counts in each.")
            .Argument<IntGraphType>("grade")
            .Argument<StringGraphType>("subject")
            .Argument<IdGraphType>("schoolId")
            .ResolveAsync(async c => await Queries(c).TextbooksPerLearnerAsync(c.Source, c.GetArgument<int?>("grade"),
                c.GetArgument<string?>("subject") is { } s ? CurriculumRules.Code(s) : null, c.GetArgument<Guid?>("schoolId"), c.CancellationToken));
        Field<NonNullGraphType<LanguageCoverageGraphType>>("languageCoverage")
            .Description(
                "For each subject the curricula in force prescribe for the grade, the year's approved materials in each language given, and " +
                "the gaps (subject, grade, language) where there is none.")
            .Argument<NonNullGraphType<IntGraphType>>("grade")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("languages")
            .ResolveAsync(async c =>
            {
                var grade = c.GetArgument<int>("grade");
                if (grade is < 0 or > 13) throw new ExecutionError("Grades run from 0 to 13.") { Code = ErrorCodes.Invalid };
                return await Queries(c).CoverageAsync(c.Source.Caller.Jurisdiction, c.Source.SchoolYear, grade,
                    MaterialsFields.Languages(c.GetArgument<List<string>>("languages")), c.CancellationToken);
            });
    }

    private static MaterialsQueries Queries(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<MaterialsQueries>();
}

public sealed record LearningMaterialPayload(MaterialView? Material, IReadOnlyList<UserError> Errors) : IMutationPayload<LearningMaterialPayload>
{
    public static LearningMaterialPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class LearningMaterialPayloadGraphType : ObjectGraphType<LearningMaterialPayload>
{
    public LearningMaterialPayloadGraphType()
    {
        Name = "LearningMaterialPayload";
        Field(x => x.Material, type: typeof(LearningMaterialGraphType));
        this.ErrorsField();
    }
}

public sealed record MaterialHoldingsPayload(HoldingView? Holding, IReadOnlyList<UserError> Errors) : IMutationPayload<MaterialHoldingsPayload>
{
    public static MaterialHoldingsPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class MaterialHoldingsPayloadGraphType : ObjectGraphType<MaterialHoldingsPayload>
{
    public MaterialHoldingsPayloadGraphType()
    {
        Name = "MaterialHoldingsPayload";
        Field(x => x.Holding, type: typeof(MaterialHoldingGraphType));
        this.ErrorsField();
    }
}
