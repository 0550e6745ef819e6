using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Learning.Marks;
using Emis.Learning.Results;
using Emis.Learning.Rules;
using Emis.Platform.Commands;

namespace Emis.Learning.Tests;

/// <summary>Learning's decisions on their own: marks against the scale and the class list, proposals, confirmations.</summary>
public sealed class LearningDecisionTests
{
    private static readonly Guid SectionId = Guid.NewGuid();
    private static readonly RosterLearner Ana = new(Guid.NewGuid(), "FEMALE");
    private static readonly RosterLearner Edin = new(Guid.NewGuid(), "MALE");
    private static readonly RosterLearner Lejla = new(Guid.NewGuid(), "FEMALE");

    private static SectionSubjects Section(bool lastGrade = false, string? level = "PRIM", params string[] subjects) => new(
        SectionId, Guid.NewGuid(), "OS-1", "Bihać", "2025/2026", lastGrade ? 9 : 3, "A", "OS", level, 1, lastGrade, false,
        [.. (subjects.Length == 0 ? ["BOS", "MAT", "ENG"] : subjects).Select(s => new SubjectOffered(s, s, []))]);

    private static AssessmentRulesView Rules(int makeUp = 2) => new()
    {
        Scales =
        [
            new GradingScale("PRIM", ScaleKind.Numeric,
                [.. Enumerable.Range(1, 5).Select(i => new MarkDefinition($"{i}", $"mark {i}", i, i > 1))]),
        ],
        Terms = [new TermDefinition("T1", "First half")],
        MakeUpSubjectsAllowed = makeUp,
    };

    private static RecordMarks Marks(string subject, string term, params (RosterLearner Learner, string Mark)[] marks) =>
        new(SectionId, subject, term, [.. marks.Select(m => new MarkEntry(m.Learner.LearnerId, m.Mark))]);

    private static MarkSheetView Sheet(string subject, params (RosterLearner Learner, string Mark)[] finals) => new()
    {
        Id = MarkSheetView.IdFor(SectionId, subject),
        SectionId = SectionId,
        Subject = subject,
        Marks = [.. finals.Select(f => new SheetMark(f.Learner.LearnerId, "FINAL", f.Mark, decimal.Parse(f.Mark,
            System.Globalization.CultureInfo.InvariantCulture), f.Mark != "1", f.Learner.Sex, 0))],
    };

    [Fact]
    public void marks_off_the_scale_are_refused_naming_each_learner_and_field_and_the_marks_carry_value_pass_and_sex()
    {
        var refused = Assert.Throws<CommandRejectedException>(() => MarkCommandsHandler.Decide(
            Marks("MAT", "FINAL", (Ana, "5"), (Edin, "6"), (Lejla, "A")), Section(), Rules(), [Ana, Edin, Lejla], null));
        Assert.Equal(["marks[1].mark", "marks[2].mark"], refused.Errors.Select(e => e.Field));
        Assert.Contains(Edin.LearnerId.ToString(), refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("1, 2, 3, 4, 5", refused.Errors[0].Message, StringComparison.Ordinal);

        var recorded = MarkCommandsHandler.Decide(Marks("mat", "final", (Ana, "5"), (Edin, "1")), Section(), Rules(), [Ana, Edin, Lejla], null);
        Assert.Equal(("MAT", "FINAL", "PRIM"), (recorded.Subject, recorded.Term, recorded.Level));
        Assert.Equal([(5m, true, "FEMALE"), (1m, false, "MALE")], recorded.Marks.Select(m => (m.Value!.Value, m.Passing, m.Sex)));
    }

    [Fact]
    public void marks_need_a_scale_for_the_level_a_term_of_the_jurisdiction_and_a_subject_of_the_curriculum()
    {
        Assert.Equal("sectionId", Assert.Throws<CommandRejectedException>(() =>
            MarkCommandsHandler.Decide(Marks("MAT", "T1", (Ana, "5")), Section(level: "SEC"), Rules(), [Ana], null)).Errors[0].Field);
        Assert.Equal("sectionId", Assert.Throws<CommandRejectedException>(() =>
            MarkCommandsHandler.Decide(Marks("MAT", "T1", (Ana, "5")), Section(level: null), Rules(), [Ana], null)).Errors[0].Field);
        Assert.Equal("term", Assert.Throws<CommandRejectedException>(() =>
            MarkCommandsHandler.Decide(Marks("MAT", "T2", (Ana, "5")), Section(), Rules(), [Ana], null)).Errors[0].Field);
        Assert.Equal("subject", Assert.Throws<CommandRejectedException>(() =>
            MarkCommandsHandler.Decide(Marks("TZO", "T1", (Ana, "5")), Section(), Rules(), [Ana], null)).Errors[0].Field);
    }

    [Fact]
    public void the_proposal_follows_the_failing_final_marks_and_the_make_up_rule()
    {
        var section = Section(lastGrade: true, subjects: ["BOS", "MAT", "ENG"]);
        var sheets = new[]
        {
            Sheet("BOS", (Ana, "5"), (Edin, "1"), (Lejla, "1")),
            Sheet("MAT", (Ana, "4"), (Edin, "2"), (Lejla, "1")),
            Sheet("ENG", (Ana, "3"), (Edin, "2")),
        };
        var proposals = SectionResultsView.Propose(section, [Ana, Edin, Lejla], sheets, makeUpSubjectsAllowed: 2);
        Assert.Equal([ProposedOutcome.Graduated, ProposedOutcome.MakeUpExams, ProposedOutcome.Incomplete], proposals.Select(p => p.Outcome));
        Assert.Equal(["ENG"], proposals[2].MissingSubjects);
        Assert.Equal(["BOS", "MAT"], proposals[2].FailingSubjects);
        // With no make-up exams allowed, one failing subject repeats the year; not in the last grade, passing promotes.
        var strict = SectionResultsView.Propose(Section(), [Ana, Edin], sheets, makeUpSubjectsAllowed: 0);
        Assert.Equal([ProposedOutcome.Promoted, ProposedOutcome.Repeats], strict.Select(p => p.Outcome));
    }

    [Fact]
    public void a_confirmed_outcome_cannot_be_confirmed_twice_nor_stand_on_a_failing_mark()
    {
        var section = Section();
        var proposals = new[]
        {
            new Proposal(Ana.LearnerId, ProposedOutcome.Promoted, [], []),
            new Proposal(Edin.LearnerId, ProposedOutcome.MakeUpExams, ["MAT"], []),
        };
        var confirmed = new SectionResultsView { Results = [new ConfirmedResult(Ana.LearnerId, YearEndResult.Promoted, [])] };
        var refused = Assert.Throws<CommandRejectedException>(() => ConfirmYearEndResultsHandler.Decide(
            new ConfirmYearEndResults(SectionId, [new ResultEntry(Ana.LearnerId, YearEndResult.Promoted),
                new ResultEntry(Edin.LearnerId, YearEndResult.Promoted)], null), section, proposals, confirmed));
        Assert.Equal([("DUPLICATE", "results[0].learnerId"), ("RULE_VIOLATED", "results[1].outcome")],
            refused.Errors.Select(e => (e.Code, e.Field)));
        Assert.Contains("MAT", refused.Errors[1].Message, StringComparison.Ordinal);
        // Repeating after a failed make-up exam: with a reason, recorded with the subjects failed.
        var repeat = ConfirmYearEndResultsHandler.Decide(new ConfirmYearEndResults(SectionId,
            [new ResultEntry(Edin.LearnerId, YearEndResult.Repeating)], "Make-up exam failed"), section, proposals, confirmed);
        Assert.Equal(["MAT"], repeat.Results.Single().FailingSubjects);
        Assert.Equal("Make-up exam failed", repeat.Reason);
        // GRADUATED only from the programme's last grade.
        Assert.Equal("results[0].outcome", Assert.Throws<CommandRejectedException>(() => ConfirmYearEndResultsHandler.Decide(
            new ConfirmYearEndResults(SectionId, [new ResultEntry(Ana.LearnerId, YearEndResult.Graduated)], null), section, proposals, null))
            .Errors[0].Field);
    }

    [Fact]
    public void a_grading_scale_names_a_level_of_the_structure_and_a_numeric_scale_values_every_mark()
    {
        Assert.Equal("level", Assert.Throws<CommandRejectedException>(() => AssessmentRulesHandler.DecideScale(
            new SetGradingScale("UNI", ScaleKind.Numeric, [new MarkDefinition("5", "excellent", 5, true)]), Guid.NewGuid(), ["PRIM"]))
            .Errors[0].Field);
        var validator = new SetGradingScale.Validator();
        Assert.False(validator.Validate(new SetGradingScale("PRIM", ScaleKind.Numeric, [new MarkDefinition("5", "excellent", null, true)])).IsValid);
        Assert.False(validator.Validate(new SetGradingScale("PRIM", ScaleKind.Descriptive, [new MarkDefinition("A", "meets", null, false)])).IsValid);
        var set = AssessmentRulesHandler.DecideScale(new SetGradingScale(" prim ", ScaleKind.Descriptive,
            [new MarkDefinition(" exceeds ", "Exceeds", null, true), new MarkDefinition("meets", "Meets", null, true)]), Guid.NewGuid(), ["PRIM"]);
        Assert.Equal(("PRIM", "EXCEEDS"), (set.Level, set.Marks[0].Code));
    }
}
