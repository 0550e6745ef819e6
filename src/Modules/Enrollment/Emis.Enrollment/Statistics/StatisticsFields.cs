using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Platform.Text;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Statistics;

internal static class StatisticsFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<EnrollmentStatisticsGraphType>>("enrollmentStatistics")
            .Description("Learners enrolled in a school year, grouped and filtered, within your scope. With asOf, as they were at that instant; "
                + "with asOfSequence, as they were once the events up to that sequence number were recorded (reproducible).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StatisticsDimensionGraphType>>>>("groupBy")
            .Argument<StatisticsFilterGraphType>("filter")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .Argument<LongGraphType>("asOfSequence", "An event sequence number, such as the sequence of an earlier answer.")
            .Argument<StringGraphType>(
                "checkpoint", "A named checkpoint (nameCheckpoint), e.g. \"census day 2025-09-30\": the figures as of its sequence.")
            .ResolveAsync(async c =>
            {
                var (groupBy, filter, year) = Arguments(c, allowDay: false);
                var at = await AtAsync(c);
                return await Settled(() => Queries(c).EnrollmentAsync(c.Caller(), groupBy, filter, year, at, c.CancellationToken));
            });

        query.Field<NonNullGraphType<AttendanceStatisticsGraphType>>("attendanceStatistics")
            .Description(
                "Attendance marks and rates for a school year (optionally a period), grouped and filtered, within your scope. Group by DAY for " +
                "daily figures.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StatisticsDimensionGraphType>>>>("groupBy")
            .Argument<StatisticsFilterGraphType>("filter")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<DateOnlyGraphType>("from")
            .Argument<DateOnlyGraphType>("to")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .Argument<LongGraphType>("asOfSequence", "An event sequence number, such as the sequence of an earlier answer.")
            .Argument<StringGraphType>(
                "checkpoint", "A named checkpoint (nameCheckpoint), e.g. \"census day 2025-09-30\": the figures as of its sequence.")
            .ResolveAsync(async c =>
            {
                var (groupBy, filter, year) = Arguments(c, allowDay: true);
                var at = await AtAsync(c);
                return await Settled(() => Queries(c).AttendanceAsync(c.Caller(), groupBy, filter, year, c.GetArgument<DateOnly?>("from"),
                    c.GetArgument<DateOnly?>("to"), at, c.CancellationToken));
            });
    }

    public static void AddSubscriptions(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<EnrollmentStatisticsChangeGraphType>, EnrollmentStatisticsChange>("enrollmentStatisticsChanged")
            .Description("Enrolment figures, live: first every row, then the rows that change, within a second of the change.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StatisticsDimensionGraphType>>>>("groupBy")
            .Argument<StatisticsFilterGraphType>("filter")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .ResolveStream(c =>
            {
                var (groupBy, filter, year) = Arguments(c, allowDay: false);
                return c.RequestServices!.GetRequiredService<EnrollmentStatisticsFeed>().Watch(c.Caller(), groupBy, filter, year);
            });

    private static (IReadOnlyList<StatisticsDimension>, StatisticsFilter, string) Arguments(IResolveFieldContext c, bool allowDay)
    {
        var groupBy = c.GetArgument<List<StatisticsDimension>>("groupBy") ?? [];
        if (!allowDay && groupBy.Contains(StatisticsDimension.Day))
        {
            throw new ExecutionError("DAY applies to attendance only; enrolment figures describe a school year.") { Code = "INVALID_ARGUMENT" };
        }
        var year = c.GetArgument<string>("schoolYear");
        if (!SchoolYear.IsValid(year))
        {
            throw new ExecutionError("schoolYear: " + SchoolYear.FormatMessage) { Code = "INVALID_ARGUMENT" };
        }
        return (groupBy, c.GetArgument<StatisticsFilterInput?>("filter")?.ToFilter() ?? StatisticsFilter.None, year);
    }

    /// <summary>Live, as of an instant, as of a sequence number, or as of a named checkpoint (one of them at most).</summary>
    private static async Task<FiguresAt> AtAsync(IResolveFieldContext c)
    {
        var asOf = c.GetArgument<DateTimeOffset?>("asOf");
        var sequence = c.GetArgument<long?>("asOfSequence");
        var checkpoint = c.GetArgument<string?>("checkpoint");
        if (new object?[] { asOf, sequence, checkpoint }.Count(a => a is not null) > 1)
        {
            throw new ExecutionError("Give one of asOf, asOfSequence and checkpoint, not several.") { Code = "INVALID_ARGUMENT" };
        }
        if (checkpoint is not null)
        {
            var resolved = await c.RequestServices!.GetRequiredService<ICheckpointResolver>().ResolveAsync(
                c.Caller().Jurisdiction, checkpoint, c.CancellationToken);
            return resolved is { } named
                ? FiguresAt.AsOfSequence(named)
                : throw new ExecutionError($"checkpoint: there is no checkpoint named '{checkpoint}' in this jurisdiction.") { Code = "NOT_FOUND" };
        }
        if (sequence is null) return FiguresAt.AsOf(asOf);
        if (sequence < 0) throw new ExecutionError("asOfSequence: a sequence number is 0 or more.") { Code = "INVALID_ARGUMENT" };
        return FiguresAt.AsOfSequence(sequence.Value);
    }

    private static async Task<Statistics> Settled(Func<Task<Statistics>> figures)
    {
        try
        {
            return await figures();
        }
        catch (SequenceNotSettledException e)
        {
            throw new ExecutionError(e.Message) { Code = "SEQUENCE_NOT_SETTLED" };
        }
    }

    private static StatisticsQueries Queries(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<StatisticsQueries>();
}
