using Emis.Enrollment.Contracts;
using Emis.Learning.Figures;
using Emis.Learning.Marks;
using Emis.Learning.Results;
using Emis.Learning.Rules;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Learning;

public sealed class ScaleKindGraphType : EnumerationGraphType<ScaleKind>
{
    public ScaleKindGraphType() => Name = "ScaleKind";
}

public sealed class MarkDefinitionGraphType : ObjectGraphType<MarkDefinition>
{
    public MarkDefinitionGraphType()
    {
        Name = "MarkDefinition";
        Field(x => x.Code).Description("The mark as a teacher writes it (5, EXCEEDS).");
        Field(x => x.Label);
        Field(x => x.Value, nullable: true).Description("Its value on a numeric scale (for averages); null on a descriptive one.");
        Field(x => x.Passing);
    }
}

public sealed class MarkDefinitionInputGraphType : InputObjectGraphType<MarkDefinition>
{
    public MarkDefinitionInputGraphType()
    {
        Name = "MarkDefinitionInput";
        Field(x => x.Code);
        Field(x => x.Label);
        Field(x => x.Value, nullable: true);
        Field(x => x.Passing);
    }
}

public sealed class GradingScaleGraphType : ObjectGraphType<GradingScale>
{
    public GradingScaleGraphType()
    {
        Name = "GradingScale";
        Field(x => x.Level).Description("A level code of the education structure.");
        Field(x => x.Kind, type: typeof(NonNullGraphType<ScaleKindGraphType>));
        Field(x => x.Marks, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<MarkDefinitionGraphType>>>));
    }
}

public sealed class TermDefinitionGraphType : ObjectGraphType<TermDefinition>
{
    public TermDefinitionGraphType()
    {
        Name = "TermDefinition";
        Field(x => x.Code);
        Field(x => x.Name);
    }
}

public sealed class TermDefinitionInputGraphType : InputObjectGraphType<TermDefinition>
{
    public TermDefinitionInputGraphType()
    {
        Name = "TermDefinitionInput";
        Field(x => x.Code);
        Field(x => x.Name);
    }
}

public sealed class AssessmentRulesGraphType : ObjectGraphType<AssessmentRulesView>
{
    public AssessmentRulesGraphType()
    {
        Name = "AssessmentRules";
        Description = "The jurisdiction's grading scales per level, its terms (FINAL is the year-end mark) and its promotion rule.";
        Field(x => x.Scales, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<GradingScaleGraphType>>>));
        Field(x => x.Terms, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TermDefinitionGraphType>>>));
        Field(x => x.MakeUpSubjectsAllowed).Description("A learner failing at most this many subjects sits make-up exams instead of repeating.");
        Field(x => x.UpdatedAt);
        Field(x => x.Version);
    }
}

public sealed record AssessmentRulesPayload(AssessmentRulesView? Rules, IReadOnlyList<UserError> Errors) : IMutationPayload<AssessmentRulesPayload>
{
    public static AssessmentRulesPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class AssessmentRulesPayloadGraphType : ObjectGraphType<AssessmentRulesPayload>
{
    public AssessmentRulesPayloadGraphType()
    {
        Name = "AssessmentRulesPayload";
        Field(x => x.Rules, type: typeof(AssessmentRulesGraphType));
        this.ErrorsField();
    }
}

public sealed class SheetMarkGraphType : ObjectGraphType<SheetMark>
{
    public SheetMarkGraphType()
    {
        Name = "SheetMark";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Term).Description("A term code, or FINAL.");
        Field(x => x.Mark);
        Field(x => x.Value, nullable: true);
        Field(x => x.Passing);
        Field(x => x.Corrections).Description("How many times the mark was corrected (each an event with its reason).");
    }
}

public sealed class MarkSheetGraphType : ObjectGraphType<MarkSheetView>
{
    public MarkSheetGraphType()
    {
        Name = "MarkSheet";
        Description = "A section's marks in one subject: every term's and the final marks.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SectionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.SchoolYear);
        Field(x => x.Grade);
        Field("section", x => x.Letter);
        Field(x => x.Level);
        Field(x => x.Subject);
        Field(x => x.Marks, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<SheetMarkGraphType>>>));
        Field(x => x.UpdatedAt);
        Field(x => x.Version);
    }
}

public sealed record MarkSheetPayload(MarkSheetView? Sheet, IReadOnlyList<UserError> Errors) : IMutationPayload<MarkSheetPayload>
{
    public static MarkSheetPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class MarkSheetPayloadGraphType : ObjectGraphType<MarkSheetPayload>
{
    public MarkSheetPayloadGraphType()
    {
        Name = "MarkSheetPayload";
        Field(x => x.Sheet, type: typeof(MarkSheetGraphType));
        this.ErrorsField();
    }
}

public sealed class MarkEntryInputGraphType : InputObjectGraphType<MarkEntry>
{
    public MarkEntryInputGraphType()
    {
        Name = "MarkEntryInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Mark);
    }
}

public sealed class YearEndResultGraphType : EnumerationGraphType<YearEndResult>
{
    public YearEndResultGraphType() => Name = "YearEndResult";
}

public sealed class ProposedOutcomeGraphType : EnumerationGraphType<ProposedOutcome>
{
    public ProposedOutcomeGraphType() => Name = "ProposedOutcome";
}

public sealed class ResultEntryInputGraphType : InputObjectGraphType<ResultEntry>
{
    public ResultEntryInputGraphType()
    {
        Name = "ResultEntryInput";
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Outcome, type: typeof(NonNullGraphType<YearEndResultGraphType>));
    }
}

/// <summary>A learner's proposal with the result confirmed, if any.</summary>
public sealed record ProposalRow(Proposal Proposal, YearEndResult? Confirmed);

public sealed record SectionYearEnd(
    Guid SectionId, string SchoolYear, int Grade, string Section, bool LastGradeOfProgramme, int MakeUpSubjectsAllowed,
    IReadOnlyList<ProposalRow> Learners);

public sealed class ProposalRowGraphType : ObjectGraphType<ProposalRow>
{
    public ProposalRowGraphType()
    {
        Name = "YearEndProposal";
        Field<NonNullGraphType<IdGraphType>>("learnerId").Resolve(c => c.Source.Proposal.LearnerId);
        Field<NonNullGraphType<ProposedOutcomeGraphType>>("proposed").Resolve(c => c.Source.Proposal.Outcome);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("failingSubjects").Resolve(c => c.Source.Proposal.FailingSubjects);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("missingSubjects")
            .Description("Subjects without a final mark.").Resolve(c => c.Source.Proposal.MissingSubjects);
        Field<YearEndResultGraphType>("confirmed").Description("The confirmed result, once the school confirmed it.")
            .Resolve(c => c.Source.Confirmed);
    }
}

public sealed class SectionYearEndGraphType : ObjectGraphType<SectionYearEnd>
{
    public SectionYearEndGraphType()
    {
        Name = "SectionYearEnd";
        Field(x => x.SectionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Grade);
        Field(x => x.Section);
        Field(x => x.LastGradeOfProgramme);
        Field(x => x.MakeUpSubjectsAllowed);
        Field(x => x.Learners, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ProposalRowGraphType>>>));
    }
}

public sealed record YearEndPayload(SectionYearEnd? YearEnd, IReadOnlyList<UserError> Errors) : IMutationPayload<YearEndPayload>
{
    public static YearEndPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class YearEndPayloadGraphType : ObjectGraphType<YearEndPayload>
{
    public YearEndPayloadGraphType()
    {
        Name = "YearEndPayload";
        Field(x => x.YearEnd, type: typeof(SectionYearEndGraphType));
        this.ErrorsField();
    }
}

public sealed class RecordMarkGraphType : ObjectGraphType<RecordMark>
{
    public RecordMarkGraphType()
    {
        Name = "RecordMark";
        Field(x => x.SchoolYear);
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Grade);
        Field(x => x.Section);
        Field(x => x.Subject);
        Field(x => x.Term);
        Field(x => x.Mark);
        Field(x => x.Value, nullable: true);
        Field(x => x.Passing);
    }
}

public sealed class RecordResultGraphType : ObjectGraphType<RecordResult>
{
    public RecordResultGraphType()
    {
        Name = "RecordResult";
        Field(x => x.SchoolYear);
        Field(x => x.SectionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Outcome, type: typeof(NonNullGraphType<YearEndResultGraphType>));
        Field(x => x.FailingSubjects);
    }
}

public sealed class LearnerRecordGraphType : ObjectGraphType<LearnerRecord>
{
    public LearnerRecordGraphType()
    {
        Name = "LearnerRecord";
        Description = "A learner's marks and confirmed results within your scope.";
        Field(x => x.LearnerId, type: typeof(IdGraphType)).Description("Null when you see no personal data: see pseudonym.");
        Field(x => x.Pseudonym, nullable: true).Description("Stands for the learner when you see no personal data.");
        Field(x => x.Marks, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<RecordMarkGraphType>>>));
        Field(x => x.Results, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<RecordResultGraphType>>>));
    }
}

public sealed class MarkDimensionGraphType : EnumerationGraphType<MarkDimension>
{
    public MarkDimensionGraphType()
    {
        Name = "MarkDimension";
        Description = "What mark figures are grouped by.";
    }
}

public sealed class MarkFiguresFilterGraphType : InputObjectGraphType<MarkFiguresFilter>
{
    public MarkFiguresFilterGraphType()
    {
        Name = "MarkFiguresFilter";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Level, nullable: true);
        Field(x => x.Grade, nullable: true);
        Field(x => x.Subject, nullable: true);
        Field(x => x.Sex, nullable: true).Description("FEMALE or MALE.");
    }
}

public sealed class MarkFiguresRowGraphType : ObjectGraphType<MarkFiguresRow>
{
    public MarkFiguresRowGraphType()
    {
        Name = "MarkFiguresRow";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Level, nullable: true);
        Field(x => x.Grade, nullable: true);
        Field(x => x.SectionId, type: typeof(IdGraphType));
        Field(x => x.Section, nullable: true);
        Field(x => x.Sex, nullable: true);
        Field(x => x.Subject, nullable: true);
        Field(x => x.Marks).Description("Marks given in the group.");
        Field(x => x.AverageMark, type: typeof(NonNullGraphType<FigureGraphType>)).Description("Sum of numeric marks ÷ their number.");
        Field(x => x.PassRate, type: typeof(NonNullGraphType<FigureGraphType>)).Description("100 × passing marks ÷ marks.");
        Field(x => x.Learners, nullable: true).Description("Learners with a mark in the group (null by subject).");
        Field(x => x.FailingOne, type: typeof(NonNullGraphType<FigureGraphType>))
            .Description("100 × learners failing exactly one subject ÷ learners.");
        Field(x => x.FailingTwo, type: typeof(NonNullGraphType<FigureGraphType>))
            .Description("100 × learners failing exactly two subjects ÷ learners.");
        Field(x => x.FailingThreeOrMore, type: typeof(NonNullGraphType<FigureGraphType>))
            .Description("100 × learners failing three subjects or more ÷ learners.");
    }
}

public sealed class MarkFiguresGraphType : ObjectGraphType<MarkFiguresAnswer>
{
    public MarkFiguresGraphType()
    {
        Name = "MarkFigures";
        Field(x => x.SchoolYear);
        Field(x => x.Term);
        Field(x => x.AsOf, nullable: true);
        Field(x => x.Sequence).Description("The event sequence number the figures were computed at: as asOfSequence, the same figures.");
        Field(x => x.Rows, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<MarkFiguresRowGraphType>>>));
    }
}
