using Emis.Platform.GraphQL;
using Emis.Staffing.Standards;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Staffing.Staff.GettingStaff;

public sealed class StaffSexGraphType : EnumerationGraphType<StaffSex>
{
    public StaffSexGraphType() => Name = "StaffSex";
}

public sealed class EducationLevelGraphType : EnumerationGraphType<EducationLevel>
{
    public EducationLevelGraphType()
    {
        Name = "EducationLevel";
        Description = "ISCED 2011 levels: ISCED0 pre-primary, ISCED1 primary, ISCED2 lower secondary, ISCED3 upper secondary.";
    }

    /// <summary>ISCED1, as UIS writes the levels (not ISCED_1).</summary>
    protected override string ChangeEnumCase(string val) => val.ToUpperInvariant();
}

public sealed class StaffRoleGraphType : EnumerationGraphType<StaffRole>
{
    public StaffRoleGraphType() => Name = "StaffRole";
}

public sealed class ContractTypeGraphType : EnumerationGraphType<ContractType>
{
    public ContractTypeGraphType() => Name = "ContractType";
}

public sealed class ContractEndGraphType : EnumerationGraphType<ContractEnd>
{
    public ContractEndGraphType() => Name = "ContractEnd";
}

public sealed class LeaveKindGraphType : EnumerationGraphType<LeaveKind>
{
    public LeaveKindGraphType() => Name = "LeaveKind";
}

public sealed class TrainingKindGraphType : EnumerationGraphType<TrainingKind>
{
    public TrainingKindGraphType() => Name = "TrainingKind";
}

public sealed class StaffContactsGraphType : ObjectGraphType<StaffContacts>
{
    public StaffContactsGraphType()
    {
        Name = "StaffContacts";
        Field(x => x.Email, nullable: true);
        Field(x => x.Phone, nullable: true);
    }
}

public sealed class QualificationGraphType : ObjectGraphType<QualificationEntry>
{
    public QualificationGraphType()
    {
        Name = "Qualification";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.IscedLevel).Description("ISCED level of the degree: 6 bachelor's, 7 master's, 8 doctorate.");
        Field(x => x.Field);
        Field(x => x.Institution);
        Field(x => x.Year);
    }
}

public sealed class CertificationGraphType : ObjectGraphType<CertificationEntry>
{
    public CertificationGraphType()
    {
        Name = "Certification";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.Issuer);
        Field(x => x.IssuedOn);
    }
}

public sealed class TrainingGraphType : ObjectGraphType<TrainingEntry>
{
    public TrainingGraphType()
    {
        Name = "Training";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Kind, type: typeof(NonNullGraphType<TrainingKindGraphType>));
        Field(x => x.Course);
        Field(x => x.Provider);
        Field(x => x.Hours);
        Field(x => x.CompletedOn);
    }
}

public sealed class LeaveGraphType : ObjectGraphType<LeaveEntry>
{
    public LeaveGraphType()
    {
        Name = "Leave";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Kind, type: typeof(NonNullGraphType<LeaveKindGraphType>));
        Field(x => x.From);
        Field(x => x.To);
    }
}

public sealed class ContractGraphType : ObjectGraphType<ContractEntry>
{
    public ContractGraphType()
    {
        Name = "Contract";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Municipality);
        Field(x => x.Role, type: typeof(NonNullGraphType<StaffRoleGraphType>));
        Field(x => x.Level, type: typeof(NonNullGraphType<EducationLevelGraphType>));
        Field(x => x.Type, type: typeof(NonNullGraphType<ContractTypeGraphType>));
        Field(x => x.Fte).Description("Full-time equivalent (1 full time, 0.5 half time).");
        Field(x => x.StartsOn);
        Field(x => x.EndsOn, nullable: true);
        Field(x => x.FteReason, nullable: true).Description("Why the member of staff works more than full time across schools.");
        Field(x => x.EndedOn, nullable: true);
        Field(x => x.EndReason, type: typeof(ContractEndGraphType));
        Field(x => x.Current);
        Field(x => x.Leaves, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<LeaveGraphType>>>));
    }
}

public sealed class TeachingAssignmentGraphType : ObjectGraphType<AssignmentEntry>
{
    public TeachingAssignmentGraphType()
    {
        Name = "TeachingAssignment";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.SchoolYear);
        Field(x => x.Grade);
        Field(x => x.Section);
        Field(x => x.Subject);
        Field(x => x.WeeklyHours);
        Field(x => x.Homeroom).Description("Whether the teacher is the section's homeroom (class) teacher.");
        Field(x => x.Current);
    }
}

public sealed class StaffHistoryEntryGraphType : ObjectGraphType<StaffHistoryEntry>
{
    public StaffHistoryEntryGraphType()
    {
        Name = "StaffHistoryEntry";
        Field(x => x.At);
        Field(x => x.Change).Description(
            "registered, corrected, qualification_recorded, certification_recorded, training_recorded, contract_started, contract_ended, " +
            "leave_recorded, assigned or assignment_ended.");
        Field(x => x.SchoolCode, nullable: true);
        Field<StringGraphType>("detail").Resolve(c => c.Source.Detail);
        Field<StringGraphType>("actor").Description("The account that made the change; null when personal data is withheld from you.")
            .Resolve(c => c.Caller().SeesPersonalData ? c.Source.Actor : null);
        Field(x => x.Version);
    }
}

public sealed class TeacherStatusGraphType : ObjectGraphType<TeacherStatus>
{
    public TeacherStatusGraphType()
    {
        Name = "TeacherStatus";
        Description = "Whether a teacher met the jurisdiction's standards of a level they teach at (UIS definitions, SDG 4.c.1 and 4.c.3).";
        Field(x => x.Level, type: typeof(NonNullGraphType<EducationLevelGraphType>));
        Field(x => x.Qualified, nullable: true).Description("Null when the jurisdiction has set no standard for the level.");
        Field(x => x.Trained, nullable: true).Description("Null when the jurisdiction has set no standard for the level.");
        Field(x => x.Reason, nullable: true);
    }
}

/// <summary>A member of staff. Names, birth date and contacts are null for callers who may not see personal data.</summary>
public sealed class StaffMemberGraphType : ObjectGraphType<StaffProfile>
{
    public StaffMemberGraphType(IEnumerable<IEntityFields> entityFields)
    {
        Name = "StaffMember";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Personal<StringGraphType>("firstName", x => x.FirstName);
        Personal<StringGraphType>("parentName", x => x.ParentName);
        Personal<StringGraphType>("lastName", x => x.LastName);
        Personal<DateOnlyGraphType>("birthDate", x => x.BirthDate);
        Personal<StaffContactsGraphType>("contacts", x => x.Contacts);
        Field(x => x.Sex, type: typeof(NonNullGraphType<StaffSexGraphType>));
        Field(x => x.TeachingLanguages).Description("Languages the member of staff teaches in (ISO 639 codes).");
        Field(x => x.Employed).Description("Whether they have a current contract.");
        Field(x => x.Fte).Description("Full-time equivalents across the current contracts.");
        Field(x => x.Qualifications, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<QualificationGraphType>>>));
        Field(x => x.Certifications, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<CertificationGraphType>>>));
        Field(x => x.Trainings, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TrainingGraphType>>>));
        Field(x => x.Contracts, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ContractGraphType>>>));
        Field(x => x.Assignments, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<TeachingAssignmentGraphType>>>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TeacherStatusGraphType>>>>("status")
            .Description("Qualified and trained at each level taught on the day (default today), by the standards in force then.")
            .Argument<DateOnlyGraphType>("on")
            .ResolveAsync(async c =>
            {
                var day = c.GetArgument<DateOnly?>("on") ?? DateOnly.FromDateTime(DateTime.UtcNow);
                var store = c.RequestServices!.GetRequiredService<IDocumentStore>();
                await using var session = store.QuerySession(c.Caller().Jurisdiction);
                var standards = await session.LoadAsync<TeacherStandardsView>(TeacherStandardsView.IdFor(c.Caller().Jurisdiction),
                    c.CancellationToken);
                var endOfDay = new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
                return TeacherStatuses.Of(c.Source, standards?.At(endOfDay) ?? [], day);
            });
        Field(x => x.History, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StaffHistoryEntryGraphType>>>));
        Field(x => x.RegisteredAt);
        Field(x => x.UpdatedAt);
        Field(x => x.Version).Description("The member of staff's version; send it back as expectedVersion to guard against lost updates.");
        Field<NonNullGraphType<BooleanGraphType>>("pseudonymised").Description("True when personal data is withheld from you.")
            .Resolve(c => !c.Caller().SeesPersonalData);
        entityFields.AddTo(this, x => x.Id);
    }

    private void Personal<TGraphType>(string name, Func<StaffProfile, object?> value) where TGraphType : IGraphType =>
        Field<TGraphType>(name).Resolve(c => c.Caller().SeesPersonalData ? value(c.Source) : null);
}

public sealed class StaffFilterInput
{
    public Guid? SchoolId { get; set; }
    public string? Municipality { get; set; }
    public StaffRole? Role { get; set; }
    public StaffSex? Sex { get; set; }
    public bool? Employed { get; set; }
    public string? NameContains { get; set; }

    public StaffFilter ToFilter() => new(SchoolId, Municipality, Role, Sex, Employed, NameContains);
}

public sealed class StaffFilterGraphType : InputObjectGraphType<StaffFilterInput>
{
    public StaffFilterGraphType()
    {
        Name = "StaffFilter";
        Field(x => x.SchoolId, type: typeof(IdGraphType)).Description("Staff with a current contract at the school.");
        Field(x => x.Municipality, nullable: true);
        Field(x => x.Role, type: typeof(StaffRoleGraphType)).Description("Staff with a current contract in the role.");
        Field(x => x.Sex, type: typeof(StaffSexGraphType));
        Field(x => x.Employed, nullable: true);
        Field(x => x.NameContains, nullable: true).Description("Part of the first, parent's or last name; accents and case are ignored.");
    }
}

internal static class StaffQueryFields
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<StaffMemberGraphType>("staffMember")
            .Description("A member of staff in your scope, or null. With asOf, as they were at that instant, computed from the events.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<DateTimeOffsetGraphType>("asOf")
            .ResolveAsync(async c => await Queries(c).StaffAsync(
                c.Caller(), c.GetArgument<Guid>("id"), c.GetArgument<DateTimeOffset?>("asOf"), c.CancellationToken));

        query.Field<NonNullGraphType<ConnectionGraphType<StaffMemberGraphType, StaffProfile>>>("staff")
            .Description("Staff in your scope, ordered by last and first name.")
            .Argument<StaffFilterGraphType>("filter")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var filter = c.GetArgument<StaffFilterInput?>("filter")?.ToFilter() ?? new StaffFilter();
                if (filter.NameContains is { Length: > 0 } && !c.Caller().SeesPersonalData)
                {
                    throw new ExecutionError("Searching by name needs the right to see personal data.") { Code = "FORBIDDEN" };
                }
                return await Queries(c).StaffListAsync(c.Caller(), filter, Cursor.OffsetAfter(c.GetArgument<string?>("after")),
                    Cursor.PageSize(c.GetArgument<int?>("first")), c.CancellationToken);
            });

        query.Field<TeacherStandardsGraphType>("teacherStandards")
            .Description("What makes a teacher qualified and trained at each level in your jurisdiction; null until the ministry sets it.")
            .ResolveAsync(async c =>
            {
                var store = c.RequestServices!.GetRequiredService<IDocumentStore>();
                await using var session = store.QuerySession(c.Caller().Jurisdiction);
                return await session.LoadAsync<TeacherStandardsView>(TeacherStandardsView.IdFor(c.Caller().Jurisdiction), c.CancellationToken);
            });
    }

    private static StaffQueries Queries(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<StaffQueries>();
}

public sealed class LevelStandardGraphType : ObjectGraphType<LevelStandard>
{
    public LevelStandardGraphType()
    {
        Name = "LevelStandard";
        Field(x => x.Level, type: typeof(NonNullGraphType<EducationLevelGraphType>));
        Field(x => x.FirstGrade);
        Field(x => x.LastGrade);
        Field(x => x.MinimumQualification).Description("The least ISCED level of academic qualification that makes a teacher qualified.");
        Field(x => x.CertificationRequired).Description("Whether a qualified teacher also needs a teaching certification.");
        Field(x => x.MinimumInServiceHours, nullable: true)
            .Description("Hours of organised in-service training that make a teacher trained without pre-service training; null: only pre-service.");
    }
}

public sealed class TeacherStandardsGraphType : ObjectGraphType<TeacherStandardsView>
{
    public TeacherStandardsGraphType()
    {
        Name = "TeacherStandards";
        Field(x => x.Levels, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<LevelStandardGraphType>>>));
        Field(x => x.Version);
    }
}
