using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Staffing.Staff;
using Emis.Staffing.Staff.GettingStaff;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Staffing.Figures;

public sealed class StaffDimensionGraphType : EnumerationGraphType<StaffDimension>
{
    public StaffDimensionGraphType()
    {
        Name = "StaffDimension";
        Description = "What staff figures are grouped by. Pupil ratios are defined by MUNICIPALITY, SCHOOL and LEVEL only.";
    }
}

public sealed class StaffStatisticsFilterInput
{
    public string? Municipality { get; set; }
    public Guid? SchoolId { get; set; }
    public EducationLevel? Level { get; set; }
    public StaffSex? Sex { get; set; }
    public StaffRole? Role { get; set; }
    public ContractType? ContractType { get; set; }

    public StaffStatisticsFilter ToFilter() => new(Municipality, SchoolId, Level is { } l ? Constant.Of(l) : null,
        Sex is { } s ? Constant.Of(s) : null, Role is { } r ? Constant.Of(r) : null, ContractType is { } t ? Constant.Of(t) : null);
}

public sealed class StaffStatisticsFilterGraphType : InputObjectGraphType<StaffStatisticsFilterInput>
{
    public StaffStatisticsFilterGraphType()
    {
        Name = "StaffStatisticsFilter";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Level, type: typeof(EducationLevelGraphType));
        Field(x => x.Sex, type: typeof(StaffSexGraphType));
        Field(x => x.Role, type: typeof(StaffRoleGraphType));
        Field(x => x.ContractType, type: typeof(ContractTypeGraphType));
    }
}

public sealed class StaffStatisticsRowGraphType : ObjectGraphType<StaffStatisticsRow>
{
    public StaffStatisticsRowGraphType()
    {
        Name = "StaffStatisticsRow";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Level, nullable: true).Description("ISCED0 to ISCED3.");
        Field(x => x.Sex, nullable: true);
        Field(x => x.Role, nullable: true);
        Field(x => x.ContractType, nullable: true);
        Field("qualifiedStatus", x => x.Qualified, nullable: true)
            .Description("Grouped by QUALIFIED: YES, NO, UNKNOWN (no standard for the level) or NOT_APPLICABLE (not a teacher).");
        Field("trainedStatus", x => x.Trained, nullable: true)
            .Description("Grouped by TRAINED: YES, NO, UNKNOWN (no standard for the level) or NOT_APPLICABLE (not a teacher).");
        Field(x => x.AgeBand, nullable: true).Description("UNDER_30, FROM_30_TO_39, FROM_40_TO_49, FROM_50_TO_59 or FROM_60.");
        Field(x => x.Headcount).Description("Members of staff with a current contract in the group.");
        Field(x => x.Fte).Description("Sum of the contracts' full-time equivalents.");
        Field(x => x.Teachers).Description("Teachers (headcount).");
        Field(x => x.TeachersFte);
        Field("trained", x => x.TrainedTeachers).Description("Teachers meeting the training standard of their level.");
        Field("qualified", x => x.QualifiedTeachers).Description("Teachers meeting the qualification standard of their level.");
        Field(x => x.Learners, nullable: true).Description("Learners enrolled in the group; null when the grouping divides staff only.");
        Field<NonNullGraphType<FigureGraphType>>("ptr").Description("Pupil–teacher ratio: learners ÷ teachers.").Resolve(c => c.Source.Ptr);
        Field<NonNullGraphType<FigureGraphType>>("ptrFte").Description("Learners ÷ teachers' FTE.").Resolve(c => c.Source.PtrFte);
        Field<NonNullGraphType<FigureGraphType>>("pttr").Description("Pupil–trained-teacher ratio.").Resolve(c => c.Source.Pttr);
        Field<NonNullGraphType<FigureGraphType>>("pqtr").Description("Pupil–qualified-teacher ratio.").Resolve(c => c.Source.Pqtr);
        Field<NonNullGraphType<FigureGraphType>>("trainedPercent").Description("100 × trained ÷ teachers (SDG 4.c.1).")
            .Resolve(c => c.Source.TrainedPercent);
        Field<NonNullGraphType<FigureGraphType>>("qualifiedPercent").Description("100 × qualified ÷ teachers (SDG 4.c.3).")
            .Resolve(c => c.Source.QualifiedPercent);
    }
}

public sealed class StaffStatisticsGraphType : ObjectGraphType<StaffStatistics>
{
    public StaffStatisticsGraphType()
    {
        Name = "StaffStatistics";
        Field(x => x.SchoolYear);
        Field(x => x.AsOf, nullable: true);
        Field(x => x.Sequence).Description("The event sequence number the figures were computed at: as asOfSequence, the same figures.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StaffStatisticsRowGraphType>>>>("rows").Resolve(c => c.Source.Rows);
    }
}

internal static class StaffFiguresFields
{
    public static void AddSubscriptions(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<StaffStatisticsGraphType>, StaffStatistics>("staffStatisticsChanged")
            .Description("Staff figures, live: first the figures, then the recomputed figures whenever staff or enrolment changes them.")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StaffDimensionGraphType>>>>("groupBy")
            .Argument<StaffStatisticsFilterGraphType>("filter")
            .ResolveStream(c =>
            {
                var caller = c.Caller();
                if (!StaffFiguresQueries.MaySee(caller))
                {
                    throw new ExecutionError("Staff figures are for the ministry, municipalities and school admins.") { Code = "FORBIDDEN" };
                }
                return c.RequestServices!.GetRequiredService<StaffStatisticsFeed>().Watch(caller, c.GetArgument<string>("schoolYear"),
                    c.GetArgument<List<StaffDimension>>("groupBy") ?? [],
                    c.GetArgument<StaffStatisticsFilterInput?>("filter")?.ToFilter() ?? StaffStatisticsFilter.None);
            });

    public static void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<StaffStatisticsGraphType>>("staffStatistics")
            .Description("Staff headcount, FTE, trained and qualified teachers and pupil–teacher ratios, within your scope (teachers: FORBIDDEN). "
                + "With asOf, asOfSequence or checkpoint, as they were then (adr/0020).")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StaffDimensionGraphType>>>>("groupBy")
            .Argument<StaffStatisticsFilterGraphType>("filter")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .Argument<LongGraphType>("asOfSequence", "An event sequence number, such as the sequence of an earlier answer.")
            .Argument<StringGraphType>("checkpoint", "A named checkpoint (nameCheckpoint): the figures as of its sequence.")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                if (!StaffFiguresQueries.MaySee(caller))
                {
                    throw new ExecutionError("Staff figures are for the ministry, municipalities and school admins.") { Code = "FORBIDDEN" };
                }
                var year = c.GetArgument<string>("schoolYear");
                var asOf = c.GetArgument<DateTimeOffset?>("asOf");
                var sequence = c.GetArgument<long?>("asOfSequence");
                var checkpoint = c.GetArgument<string?>("checkpoint");
                if (new object?[] { asOf, sequence, checkpoint }.Count(a => a is not null) > 1)
                {
                    throw new ExecutionError("Give one of asOf, asOfSequence and checkpoint, not several.") { Code = "INVALID_ARGUMENT" };
                }
                if (sequence < 0) throw new ExecutionError("asOfSequence: a sequence number is 0 or more.") { Code = "INVALID_ARGUMENT" };
                if (checkpoint is not null)
                {
                    sequence = await c.RequestServices!.GetRequiredService<ICheckpointResolver>().ResolveAsync(caller.Jurisdiction, checkpoint,
                        c.CancellationToken)
                        ?? throw new ExecutionError($"checkpoint: there is no checkpoint named '{checkpoint}' in this jurisdiction.")
                        { Code = "NOT_FOUND" };
                }
                try
                {
                    return await c.RequestServices!.GetRequiredService<StaffFiguresQueries>().StatisticsAsync(caller, year,
                        c.GetArgument<List<StaffDimension>>("groupBy") ?? [], c.GetArgument<StaffStatisticsFilterInput?>("filter")?.ToFilter()
                        ?? StaffStatisticsFilter.None, asOf, sequence, c.CancellationToken);
                }
                catch (StaffSequenceNotSettledException e)
                {
                    throw new ExecutionError(e.Message) { Code = "SEQUENCE_NOT_SETTLED" };
                }
            });
}
