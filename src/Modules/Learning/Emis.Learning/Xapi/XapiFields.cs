using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Learning.Xapi;

public sealed class CourseDimensionGraphType : EnumerationGraphType<CourseDimension>
{
    public CourseDimensionGraphType()
    {
        Name = "CourseDimension";
        Description = "What course figures are grouped by.";
    }
}

public sealed class CourseFiguresFilterGraphType : InputObjectGraphType<CourseFiguresFilter>
{
    public CourseFiguresFilterGraphType()
    {
        Name = "CourseFiguresFilter";
        Field(x => x.Municipality, nullable: true).Description("NONE: learners not in class when the statements arrived.");
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Grade, nullable: true);
        Field(x => x.Sex, nullable: true).Description("FEMALE or MALE.");
        Field(x => x.Course, nullable: true).Description("A course's id (its IRI).");
        Field(x => x.ContentCategory, nullable: true).Description("A content category's code; NONE: statements without one.");
    }
}

public sealed class CourseFiguresRowGraphType : ObjectGraphType<CourseFiguresRow>
{
    public CourseFiguresRowGraphType()
    {
        Name = "CourseFiguresRow";
        Description = "One group's course figures. Learners not in class when their statements arrived are in municipality, school and section NONE.";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Grade, nullable: true);
        Field(x => x.Section, nullable: true);
        Field(x => x.Sex, nullable: true);
        Field(x => x.Course, nullable: true).Description("The course's id (its IRI).");
        Field(x => x.CourseName, nullable: true);
        Field(x => x.ContentCategory, nullable: true).Description("A content category's code, or NONE.");
        Field(x => x.Statements).Description("Statements counted (voided ones are not).");
        Field(x => x.Learners).Description("Learners with a statement in the group.");
        Field(x => x.CompletionRate, type: typeof(NonNullGraphType<FigureGraphType>))
            .Description("100 × learners who completed or passed ÷ learners who started (launched, attempted, completed or passed).");
        Field(x => x.QuizAttempts).Description("Statements of attempts and answers (verbs attempted, answered).");
        Field(x => x.AttemptsPerLearner, type: typeof(NonNullGraphType<FigureGraphType>)).Description("Quiz attempts ÷ learners.");
        Field(x => x.PercentCorrect, type: typeof(NonNullGraphType<FigureGraphType>))
            .Description("100 × answers with result.success true ÷ answers with a result.success.");
        Field(x => x.AverageScaledScore, type: typeof(NonNullGraphType<FigureGraphType>))
            .Description("Sum of result.score.scaled ÷ statements with one (−1 to 1).");
    }
}

public sealed class CourseFiguresGraphType : ObjectGraphType<CourseFiguresAnswer>
{
    public CourseFiguresGraphType()
    {
        Name = "CourseFigures";
        Field(x => x.AsOf, nullable: true);
        Field(x => x.Sequence).Description("The event sequence number the figures were computed at: as asOfSequence, the same figures.");
        Field(x => x.Rows, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<CourseFiguresRowGraphType>>>));
    }
}

public sealed class CourseProgressRowGraphType : ObjectGraphType<CourseProgressRow>
{
    public CourseProgressRowGraphType()
    {
        Name = "CourseProgress";
        Field(x => x.Course).Description("The course's id (its IRI).");
        Field(x => x.CourseName, nullable: true);
        Field(x => x.Statements).Description("Statements about the course (voided ones are not counted).");
        Field(x => x.Started);
        Field(x => x.Completed).Description("A statement of completing or passing, or a result saying completion.");
        Field(x => x.Passed, nullable: true).Description("True after a passed statement, false after only failed ones, null without either.");
        Field(x => x.BestScaledScore, nullable: true).Description("The highest result.score.scaled (−1 to 1).");
        Field(x => x.LastActivityAt);
    }
}

public sealed class LearnerCourseProgressGraphType : ObjectGraphType<LearnerCourseProgress>
{
    public LearnerCourseProgressGraphType()
    {
        Name = "LearnerCourseProgress";
        Description = "A learner's courses from learning platforms' statements, within your scope.";
        Field(x => x.LearnerId, type: typeof(IdGraphType)).Description("Null when you see no personal data: see pseudonym.");
        Field(x => x.Pseudonym, nullable: true).Description("Stands for the learner when you see no personal data.");
        Field(x => x.Courses, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<CourseProgressRowGraphType>>>));
    }
}

/// <summary>The course progress fields: figures over statements, as of any sequence, and one learner's courses.</summary>
internal sealed class XapiGraphQL : IGraphQLModule
{
    public void AddQueryFields(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<CourseFiguresGraphType>>("courseFigures")
            .Description("Learners, completion rate, quiz attempts, percent correct and average scaled score from learning platforms' xAPI " +
                "statements, within your scope, grouped as asked. With asOf, asOfSequence or checkpoint, as they were then (adr/0029).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<CourseDimensionGraphType>>>>("groupBy")
            .Argument<CourseFiguresFilterGraphType>("filter")
            .TimeTravelArguments()
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                if (!CourseFiguresQueries.MaySee(caller))
                {
                    throw new ExecutionError("Course figures are for the sections you teach; you teach none now.") { Code = "FORBIDDEN" };
                }
                var (asOf, sequence) = await FigureArguments.ResolveAsync(c);
                return await c.RequestServices!.GetRequiredService<CourseFiguresQueries>().FiguresAsync(caller,
                    c.GetArgument<List<CourseDimension>>("groupBy") ?? [], c.GetArgument<CourseFiguresFilter?>("filter") ?? CourseFiguresFilter.None,
                    asOf, sequence, c.CancellationToken);
            });

        query.Field<NonNullGraphType<LearnerCourseProgressGraphType>>("learnerCourseProgress")
            .Description("A learner's courses from learning platforms — completion and best score — where you may see them (their teachers, " +
                "school, municipality, the ministry; pseudonymised without the personal-data grant).")
            .Argument<NonNullGraphType<IdGraphType>>("learnerId")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<CourseProgressQueries>()
                .ProgressAsync(c.Caller(), c.GetArgument<Guid>("learnerId"), c.CancellationToken));
    }

    public void AddMutationFields(ObjectGraphType mutation)
    {
        // Statements arrive over xAPI (POST /xapi/statements), not GraphQL.
    }

    public void AddSubscriptionFields(ObjectGraphType subscription)
    {
        // No live course figures: courseFigures answers as of any sequence.
    }
}
