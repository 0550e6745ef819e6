using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Statistics;

public sealed class StatisticsDimensionGraphType : EnumerationGraphType<StatisticsDimension>
{
    public StatisticsDimensionGraphType()
    {
        Name = "StatisticsDimension";
        Description = "What figures are grouped by. DAY applies to attendance only.";
    }
}

public sealed class StatisticsFilterInput
{
    public string? Municipality { get; set; }
    public Guid? SchoolId { get; set; }
    public int? Grade { get; set; }
    public string? Section { get; set; }
    public Sex? Sex { get; set; }
    public Disability? Disability { get; set; }
    public string? Community { get; set; }
    public Displacement? Displacement { get; set; }
    public string? Language { get; set; }

    public StatisticsFilter ToFilter() => new(Municipality, SchoolId, Grade, Section,
        Sex is { } s ? Dimension.Of(s) : null,
        Disability is { } d ? Dimension.Of(d) : null,
        Community,
        Displacement is { } p ? Dimension.Of(p) : null,
        Language);
}

public sealed class StatisticsFilterGraphType : InputObjectGraphType<StatisticsFilterInput>
{
    public StatisticsFilterGraphType()
    {
        Name = "StatisticsFilter";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Grade, nullable: true);
        Field(x => x.Section, nullable: true);
        Field(x => x.Sex, type: typeof(SexGraphType));
        Field(x => x.Disability, type: typeof(DisabilityGraphType));
        Field(x => x.Community, nullable: true);
        Field(x => x.Displacement, type: typeof(DisplacementGraphType));
        Field(x => x.Language, nullable: true).Description("Language of instruction, ISO 639 code.");
    }
}

/// <summary>The keys every statistics row shares: null for dimensions not grouped by.</summary>
internal static class RowKeys
{
    public static void Add<T>(ObjectGraphType<T> type, Func<T, StatisticsRow> row)
    {
        type.Field<StringGraphType>("municipality").Resolve(c => row(c.Source).Municipality);
        type.Field<IdGraphType>("schoolId").Resolve(c => row(c.Source).SchoolId);
        type.Field<StringGraphType>("schoolCode").Resolve(c => row(c.Source).SchoolCode);
        type.Field<IntGraphType>("grade").Resolve(c => row(c.Source).Grade);
        type.Field<StringGraphType>("section").Resolve(c => row(c.Source).Section);
        type.Field<StringGraphType>("sex").Description("FEMALE or MALE.").Resolve(c => row(c.Source).Sex);
        type.Field<StringGraphType>("disability").Description("A Disability value, or NOT_COLLECTED.").Resolve(c => row(c.Source).Disability);
        type.Field<StringGraphType>("community").Description("As recorded, or NOT_COLLECTED.").Resolve(c => row(c.Source).Community);
        type.Field<StringGraphType>("displacement").Description("A Displacement value, or NOT_COLLECTED.").Resolve(c => row(c.Source).Displacement);
        type.Field<StringGraphType>("language").Description("Language of instruction.").Resolve(c => row(c.Source).Language);
    }
}

public sealed class EnrollmentStatisticsRowGraphType : ObjectGraphType<StatisticsRow>
{
    public EnrollmentStatisticsRowGraphType()
    {
        Name = "EnrollmentStatisticsRow";
        RowKeys.Add(this, r => r);
        Field<NonNullGraphType<IntGraphType>>("count").Description("Learners enrolled (0 in a change: the cell emptied).").Resolve(c => (int)c.Source.Count);
    }
}

public sealed class AttendanceStatisticsRowGraphType : ObjectGraphType<StatisticsRow>
{
    public AttendanceStatisticsRowGraphType()
    {
        Name = "AttendanceStatisticsRow";
        RowKeys.Add(this, r => r);
        Field<DateOnlyGraphType>("day").Resolve(c => c.Source.Day);
        Field<NonNullGraphType<IntGraphType>>("marks").Description("Marks recorded.").Resolve(c => (int)c.Source.Count);
        Field<NonNullGraphType<IntGraphType>>("present").Resolve(c => (int)c.Source.Present);
        Field<NonNullGraphType<IntGraphType>>("absent").Resolve(c => (int)c.Source.Absent);
        Field<NonNullGraphType<IntGraphType>>("excused").Resolve(c => (int)c.Source.Excused);
        Field<NonNullGraphType<IntGraphType>>("remote").Resolve(c => (int)c.Source.Remote);
        Field<NonNullGraphType<FloatGraphType>>("rate").Description("(present + remote) / marks.").Resolve(c => c.Source.Rate);
    }
}

public sealed class EnrollmentStatisticsGraphType : ObjectGraphType<Statistics>
{
    public EnrollmentStatisticsGraphType()
    {
        Name = "EnrollmentStatistics";
        Field(x => x.SchoolYear);
        Field(x => x.AsOf, nullable: true).Description("The instant the figures describe; null for live figures.");
        Field<NonNullGraphType<LongGraphType>>("sequence")
            .Description("The event sequence number the figures were computed at: asked again with asOfSequence set to it, they come back identical.")
            .Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IntGraphType>>("total").Resolve(c => (int)c.Source.Total);
        Field(x => x.Rows, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<EnrollmentStatisticsRowGraphType>>>));
    }
}

public sealed class AttendanceStatisticsGraphType : ObjectGraphType<Statistics>
{
    public AttendanceStatisticsGraphType()
    {
        Name = "AttendanceStatistics";
        Field(x => x.SchoolYear);
        Field(x => x.AsOf, nullable: true);
        Field<NonNullGraphType<LongGraphType>>("sequence")
            .Description("The event sequence number the figures were computed at: asked again with asOfSequence set to it, they come back identical.")
            .Resolve(c => c.Source.Sequence);
        Field(x => x.Rows, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AttendanceStatisticsRowGraphType>>>));
    }
}

public sealed class EnrollmentStatisticsChangeGraphType : ObjectGraphType<EnrollmentStatisticsChange>
{
    public EnrollmentStatisticsChangeGraphType()
    {
        Name = "EnrollmentStatisticsChange";
        Field(x => x.SchoolYear);
        Field(x => x.Snapshot).Description("True for the first push (every row); later pushes carry only the rows that changed.");
        Field(x => x.At);
        Field(x => x.Rows, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<EnrollmentStatisticsRowGraphType>>>));
    }
}

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
            .Argument<StringGraphType>("checkpoint", "A named checkpoint (nameCheckpoint), e.g. \"census day 2025-09-30\": the figures as of its sequence.")
            .ResolveAsync(async c =>
            {
                var (groupBy, filter, year) = Arguments(c, allowDay: false);
                var at = await AtAsync(c);
                return await Settled(() => Queries(c).EnrollmentAsync(c.Caller(), groupBy, filter, year, at, c.CancellationToken));
            });

        query.Field<NonNullGraphType<AttendanceStatisticsGraphType>>("attendanceStatistics")
            .Description("Attendance marks and rates for a school year (optionally a period), grouped and filtered, within your scope. Group by DAY for daily figures.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StatisticsDimensionGraphType>>>>("groupBy")
            .Argument<StatisticsFilterGraphType>("filter")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<DateOnlyGraphType>("from")
            .Argument<DateOnlyGraphType>("to")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .Argument<LongGraphType>("asOfSequence", "An event sequence number, such as the sequence of an earlier answer.")
            .Argument<StringGraphType>("checkpoint", "A named checkpoint (nameCheckpoint), e.g. \"census day 2025-09-30\": the figures as of its sequence.")
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
        if (!Schools.SchoolYear.IsValid(year)) throw new ExecutionError("schoolYear: " + Schools.SchoolYear.FormatMessage) { Code = "INVALID_ARGUMENT" };
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
            var resolved = await c.RequestServices!.GetRequiredService<ICheckpointResolver>().ResolveAsync(c.Caller().Jurisdiction, checkpoint, c.CancellationToken);
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
