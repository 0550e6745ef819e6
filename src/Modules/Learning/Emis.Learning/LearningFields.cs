using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Learning.Figures;
using Emis.Learning.Marks;
using Emis.Learning.Results;
using Emis.Learning.Rules;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Learning;

internal static class LearningFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<AssessmentRulesGraphType>("assessmentRules")
            .Description("The jurisdiction's grading scales, terms and promotion rule (null before the ministry sets any).")
            .ResolveAsync(async c => await RulesAsync(c));

        query.Field<MarkSheetGraphType>("markSheet")
            .Description("A section's marks in a subject (its teachers, the school, the municipality, the ministry admin); null before any mark.")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .Argument<NonNullGraphType<StringGraphType>>("subject")
            .ResolveAsync(async c =>
            {
                var section = await VisibleSectionAsync(c, c.GetArgument<Guid>("sectionId"));
                if (section is null) return null;
                return await SheetAsync(c, section.SectionId, c.GetArgument<string>("subject"));
            });

        query.Field<SectionYearEndGraphType>("yearEndResults")
            .Description("Each learner of a section: the outcome Emis proposes from their final marks and the promotion rule, and the one confirmed.")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .ResolveAsync(async c =>
            {
                var section = await VisibleSectionAsync(c, c.GetArgument<Guid>("sectionId"));
                return section is null ? null : await YearEndAsync(c, section);
            });

        query.Field<NonNullGraphType<LearnerRecordGraphType>>("learnerRecord")
            .Description("A learner's marks and confirmed results where you may see them (pseudonymised without the personal-data grant).")
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                if (caller.Role == Roles.Partner && !caller.SeesPersonalData)
                {
                    throw new ExecutionError("A learner's record is not for partners without the personal-data grant.") { Code = "FORBIDDEN" };
                }
                return await c.RequestServices!.GetRequiredService<LearnerRecords>().RecordAsync(caller, c.GetArgument<Guid>("learnerId"),
                    c.CancellationToken);
            });

        query.Field<NonNullGraphType<MarkFiguresGraphType>>("markFigures")
            .Description("Average mark, pass rate and learners failing one, two, three or more subjects, within your scope, grouped as asked. "
                + "With asOf, asOfSequence or checkpoint, as they were then (adr/0028).")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<StringGraphType>("term", "A term code, or FINAL (the default).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<MarkDimensionGraphType>>>>("groupBy")
            .Argument<MarkFiguresFilterGraphType>("filter")
            .TimeTravelArguments()
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                if (!MarkFiguresQueries.MaySee(caller)) throw Forbidden();
                var (year, term, filter) = await FigureQuestionAsync(c);
                var (asOf, sequence) = await FigureArguments.ResolveAsync(c);
                return await c.RequestServices!.GetRequiredService<MarkFiguresQueries>().FiguresAsync(caller, year, term,
                    c.GetArgument<List<MarkDimension>>("groupBy") ?? [], filter, asOf, sequence, c.CancellationToken);
            });
    }

    public static void AddSubscriptions(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<MarkFiguresGraphType>, MarkFiguresAnswer>("markFiguresChanged")
            .Description("Mark figures, live: first the figures, then the recomputed figures whenever marks or results change them.")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<StringGraphType>("term", "A term code, or FINAL (the default).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<MarkDimensionGraphType>>>>("groupBy")
            .Argument<MarkFiguresFilterGraphType>("filter")
            .ResolveStreamAsync(async c =>
            {
                var caller = c.Caller();
                if (!MarkFiguresQueries.MaySee(caller)) throw Forbidden();
                var (year, term, filter) = await FigureQuestionAsync(c);
                return c.RequestServices!.GetRequiredService<MarkFiguresFeed>().Watch(caller, year, term,
                    c.GetArgument<List<MarkDimension>>("groupBy") ?? [], filter);
            });

    private static ExecutionError Forbidden() =>
        new("Mark figures are for school admins, municipalities and the ministry; a teacher reads their sections' marks (markSheet).")
        {
            Code = "FORBIDDEN",
        };

    /// <summary>The school year, the term and the filter of a figures question, or an error naming the argument that is wrong.</summary>
    private static async Task<(string Year, string Term, MarkFiguresFilter Filter)> FigureQuestionAsync(IResolveFieldContext c)
    {
        var year = c.GetArgument<string>("schoolYear");
        if (!Learning.IsSchoolYear(year))
        {
            throw new ExecutionError($"schoolYear: '{year}' is not a school year; it is written like 2025/2026.") { Code = "INVALID_ARGUMENT" };
        }
        var asked = c.GetArgument<string?>("term") ?? AssessmentRulesView.Final;
        var term = (await RulesAsync(c) ?? new AssessmentRulesView()).TermOf(asked)
            ?? throw new ExecutionError($"term: '{asked}' is not a term of the jurisdiction, nor FINAL.") { Code = "INVALID_ARGUMENT" };
        var filter = c.GetArgument<MarkFiguresFilter?>("filter") ?? MarkFiguresFilter.None;
        var sex = filter.Sex?.Trim().ToUpperInvariant();
        if (sex is not null and not ("FEMALE" or "MALE"))
        {
            throw new ExecutionError($"filter.sex: '{filter.Sex}' is not FEMALE or MALE.") { Code = "INVALID_ARGUMENT" };
        }
        return (year, term, filter with { Sex = sex, Level = filter.Level?.Trim().ToUpperInvariant() });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<AssessmentRulesPayloadGraphType>>("setGradingScale")
            .Description("Set a level's grading scale: its marks, their values and which pass (ministry only; marks given before keep theirs).")
            .Argument<NonNullGraphType<StringGraphType>>("level")
            .Argument<NonNullGraphType<ScaleKindGraphType>>("kind")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<MarkDefinitionInputGraphType>>>>("marks")
            .ResolveAsync(async c =>
            {
                var command = new SetGradingScale(c.GetArgument<string>("level"), c.GetArgument<ScaleKind>("kind"),
                    c.GetArgument<List<MarkDefinition>>("marks"));
                return await MutationRunner.RunAsync(c, command, async () => new AssessmentRulesPayload(await RulesAsync(c), []));
            });

        mutation.Field<NonNullGraphType<AssessmentRulesPayloadGraphType>>("setAssessmentCalendar")
            .Description("Set the school year's terms and how many failing subjects make-up exams are allowed for (ministry only).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<TermDefinitionInputGraphType>>>>("terms")
            .Argument<NonNullGraphType<IntGraphType>>("makeUpSubjectsAllowed")
            .ResolveAsync(async c =>
            {
                var command = new SetAssessmentCalendar(c.GetArgument<List<TermDefinition>>("terms"), c.GetArgument<int>("makeUpSubjectsAllowed"));
                return await MutationRunner.RunAsync(c, command, async () => new AssessmentRulesPayload(await RulesAsync(c), []));
            });

        mutation.Field<NonNullGraphType<MarkSheetPayloadGraphType>>("recordMarks")
            .Description("Record a section's marks in a subject for a term, or its final marks (term FINAL), a class list at once: "
                + "the subject's teacher or the school admin.")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .Argument<NonNullGraphType<StringGraphType>>("subject")
            .Argument<NonNullGraphType<StringGraphType>>("term")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<MarkEntryInputGraphType>>>>("marks")
            .ResolveAsync(async c =>
            {
                var command = new RecordMarks(c.GetArgument<Guid>("sectionId"), c.GetArgument<string>("subject"), c.GetArgument<string>("term"),
                    c.GetArgument<List<MarkEntry>>("marks"));
                return await MutationRunner.RunAsync(c, command,
                    async () => new MarkSheetPayload(await SheetAsync(c, command.SectionId, command.Subject), []));
            });

        mutation.Field<NonNullGraphType<MarkSheetPayloadGraphType>>("correctMark")
            .Description("Change one learner's mark, with the reason (a make-up exam, a mistake): the subject's teacher or the school admin.")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .Argument<NonNullGraphType<StringGraphType>>("subject")
            .Argument<NonNullGraphType<StringGraphType>>("term")
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .Argument<NonNullGraphType<StringGraphType>>("mark")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                var command = new CorrectMark(c.GetArgument<Guid>("sectionId"), c.GetArgument<string>("subject"), c.GetArgument<string>("term"),
                    c.GetArgument<Guid>("learnerId"), c.GetArgument<string>("mark"), c.GetArgument<string>("reason"));
                return await MutationRunner.RunAsync(c, command,
                    async () => new MarkSheetPayload(await SheetAsync(c, command.SectionId, command.Subject), []), command.Reason);
            });

        mutation.Field<NonNullGraphType<YearEndPayloadGraphType>>("confirmYearEndResults")
            .Description("Confirm learners' year-end outcomes (the school admin): recorded in Enrollment, each standing on its final marks.")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<ResultEntryInputGraphType>>>>("results")
            .Argument<StringGraphType>("reason", "Why an outcome differs from the proposal (a failed make-up exam).")
            .ResolveAsync(async c =>
            {
                var command = new ConfirmYearEndResults(c.GetArgument<Guid>("sectionId"), c.GetArgument<List<ResultEntry>>("results"),
                    c.GetArgument<string?>("reason"));
                return await MutationRunner.RunAsync(c, command, async () =>
                {
                    var section = await c.RequestServices!.GetRequiredService<ISectionCatalogue>()
                        .SectionAsync(c.Caller().Jurisdiction, command.SectionId, c.CancellationToken);
                    return new YearEndPayload(section is null ? null : await YearEndAsync(c, section), []);
                });
            });
    }

    private static async Task<AssessmentRulesView?> RulesAsync(IResolveFieldContext context)
    {
        var caller = context.Caller();
        await using var session = context.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<AssessmentRulesView>(AssessmentRulesView.IdFor(caller.Jurisdiction), context.CancellationToken);
    }

    private static async Task<MarkSheetView?> SheetAsync(IResolveFieldContext context, Guid sectionId, string subject)
    {
        var caller = context.Caller();
        await using var session = context.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<MarkSheetView>(MarkSheetView.IdFor(sectionId, subject), context.CancellationToken);
    }

    /// <summary>The section when the caller may see its marks; null when there is none or it lies outside their scope (nothing said).</summary>
    private static async Task<SectionSubjects?> VisibleSectionAsync(IResolveFieldContext context, Guid sectionId)
    {
        var caller = context.Caller();
        var section = await context.RequestServices!.GetRequiredService<ISectionCatalogue>().SectionAsync(caller.Jurisdiction, sectionId,
            context.CancellationToken);
        return section is not null && LearningAccess.MaySeeSection(caller, section) ? section : null;
    }

    private static async Task<SectionYearEnd> YearEndAsync(IResolveFieldContext context, SectionSubjects section)
    {
        var caller = context.Caller();
        var services = context.RequestServices!;
        var ct = context.CancellationToken;
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession(caller.Jurisdiction);
        var rules = await session.LoadAsync<AssessmentRulesView>(AssessmentRulesView.IdFor(caller.Jurisdiction), ct);
        var sheets = await session.Query<MarkSheetView>().Where(s => s.SectionId == section.SectionId).ToListAsync(ct);
        var confirmed = await session.LoadAsync<SectionResultsView>(SectionResultsView.IdFor(section.SectionId), ct);
        var roster = await services.GetRequiredService<IYearEndOutcomes>()
            .RosterAsync(caller.Jurisdiction, section.SchoolId, section.SchoolYear, section.Grade, section.Letter, ct);
        var allowed = rules?.MakeUpSubjectsAllowed ?? 0;
        var proposals = SectionResultsView.Propose(section, roster, [.. sheets], allowed);
        return new SectionYearEnd(section.SectionId, section.SchoolYear, section.Grade, section.Letter, section.LastGradeOfProgramme, allowed,
            [.. proposals.Select(p => new ProposalRow(p, confirmed?.ResultOf(p.LearnerId)?.Outcome))]);
    }
}
