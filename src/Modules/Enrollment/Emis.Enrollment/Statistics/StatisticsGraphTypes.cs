using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.GettingLearners;
using GraphQL.Types;

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
        Field<NonNullGraphType<IntGraphType>>("count").Description("Learners enrolled (0 in a change: the cell emptied).")
            .Resolve(c => (int)c.Source.Count);
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
