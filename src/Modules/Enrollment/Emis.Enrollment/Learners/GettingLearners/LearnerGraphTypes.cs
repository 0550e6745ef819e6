using Emis.Enrollment.Attendance;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Enrollment.Learners.GettingLearners;

public sealed class SexGraphType : EnumerationGraphType<Sex>
{
    public SexGraphType() => Name = "Sex";
}

public sealed class DisabilityGraphType : EnumerationGraphType<Disability>
{
    public DisabilityGraphType() => Name = "Disability";
}

public sealed class DisplacementGraphType : EnumerationGraphType<Displacement>
{
    public DisplacementGraphType() => Name = "Displacement";
}

public sealed class WithdrawalReasonGraphType : EnumerationGraphType<WithdrawalReason>
{
    public WithdrawalReasonGraphType() => Name = "WithdrawalReason";
}

public sealed class YearEndOutcomeGraphType : EnumerationGraphType<YearEndOutcome>
{
    public YearEndOutcomeGraphType() => Name = "YearEndOutcome";
}

public sealed class LearnerStatusGraphType : EnumerationGraphType<LearnerStatus>
{
    public LearnerStatusGraphType() => Name = "LearnerStatus";
}

public sealed class AttendanceStatusGraphType : EnumerationGraphType<AttendanceStatus>
{
    public AttendanceStatusGraphType() => Name = "AttendanceStatus";
}

public sealed class LearnerContactsGraphType : ObjectGraphType<LearnerContacts>
{
    public LearnerContactsGraphType()
    {
        Name = "LearnerContacts";
        Description = "A learner under 13 has no contacts of their own: only the parent's or guardian's.";
        Field(x => x.Email, nullable: true);
        Field(x => x.Phone, nullable: true);
        Field(x => x.GuardianName, nullable: true);
        Field(x => x.GuardianEmail, nullable: true);
        Field(x => x.GuardianPhone, nullable: true);
    }
}

public sealed class LearnerHistoryEntryGraphType : ObjectGraphType<LearnerHistoryEntry>
{
    public LearnerHistoryEntryGraphType()
    {
        Name = "LearnerHistoryEntry";
        Field(x => x.At);
        Field(x => x.Change).Description("registered, enrolled, transferred, withdrawn or outcome_recorded.");
        Field(x => x.SchoolYear, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Grade, nullable: true);
        Field(x => x.Section, nullable: true);
        // A withdrawal note is free text that may describe the child; who recorded it points to a person too.
        Field<StringGraphType>("detail").Description("Null when personal data is withheld from you.")
            .Resolve(c => c.Caller().SeesPersonalData ? c.Source.Detail : null);
        Field<StringGraphType>("actor").Description("The account that made the change; null when personal data is withheld from you.")
            .Resolve(c => c.Caller().SeesPersonalData ? c.Source.Actor : null);
        Field(x => x.Version);
    }
}

/// <summary>
/// A learner. Names, birth date, contacts and the sensitive attributes (disability, community, displacement) are
/// null for callers who may not see personal data (analysts and partners without the grant).
/// </summary>
public sealed class LearnerGraphType : ObjectGraphType<LearnerProfile>
{
    public LearnerGraphType(IEnumerable<IEntityFields> entityFields)
    {
        Name = "Learner";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Personal<StringGraphType>("firstName", x => x.FirstName);
        Personal<StringGraphType>("parentName", x => x.ParentName);
        Personal<StringGraphType>("lastName", x => x.LastName);
        Personal<DateOnlyGraphType>("birthDate", x => x.BirthDate);
        Field(x => x.Sex, type: typeof(NonNullGraphType<SexGraphType>));
        Field(x => x.MotherTongue);
        Field(x => x.LanguageOfInstruction);
        Personal<DisabilityGraphType>("disability", x => x.Disability);
        Personal<StringGraphType>("community", x => x.Community);
        Personal<DisplacementGraphType>("displacement", x => x.Displacement);
        Personal<LearnerContactsGraphType>("contacts", x => x.Contacts);
        Field(x => x.Status, type: typeof(NonNullGraphType<LearnerStatusGraphType>));
        Field<EnrollmentGraphType>("enrollment").Description("Where the learner is (or last was) enrolled; null if never.")
            .Resolve(c => c.Source.SchoolId is null ? null : c.Source);
        Field(x => x.History, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<LearnerHistoryEntryGraphType>>>));
        Field(x => x.RegisteredAt);
        Field(x => x.UpdatedAt);
        Field(x => x.Version).Description("The learner's version; send it back as expectedVersion to guard against lost updates.");
        Field<NonNullGraphType<BooleanGraphType>>("pseudonymised").Description("True when personal data is withheld from you.")
            .Resolve(c => !c.Caller().SeesPersonalData);
        entityFields.AddTo(this, x => x.Id);
    }

    private void Personal<TGraphType>(string name, Func<LearnerProfile, object?> value) where TGraphType : IGraphType =>
        Field<TGraphType>(name).Resolve(c => c.Caller().SeesPersonalData ? value(c.Source) : null);
}

/// <summary>The learner's current (or last) placement.</summary>
public sealed class EnrollmentGraphType : ObjectGraphType<LearnerProfile>
{
    public EnrollmentGraphType()
    {
        Name = "Enrollment";
        Field<NonNullGraphType<StringGraphType>>("schoolYear").Resolve(c => c.Source.SchoolYear);
        Field<NonNullGraphType<IdGraphType>>("schoolId").Resolve(c => c.Source.SchoolId);
        Field<NonNullGraphType<StringGraphType>>("schoolCode").Resolve(c => c.Source.SchoolCode);
        Field<NonNullGraphType<StringGraphType>>("municipality").Resolve(c => c.Source.Municipality);
        Field<NonNullGraphType<IntGraphType>>("grade").Resolve(c => c.Source.Grade);
        Field<NonNullGraphType<StringGraphType>>("section").Resolve(c => c.Source.Section);
        Field<NonNullGraphType<BooleanGraphType>>("active").Description("False once the learner was withdrawn.")
            .Resolve(c => c.Source.InClass);
        Field<YearEndOutcomeGraphType>("outcome").Resolve(c => c.Source.Outcome);
    }
}

public sealed class LearnerFilterInput
{
    public Guid? SchoolId { get; set; }
    public string? SchoolYear { get; set; }
    public int? Grade { get; set; }
    public string? Section { get; set; }
    public LearnerStatus? Status { get; set; }
    public Sex? Sex { get; set; }
    public string? NameContains { get; set; }

    public LearnerFilter ToFilter() => new(SchoolId, SchoolYear, Grade, Section, Status, Sex, NameContains);
}

public sealed class LearnerFilterGraphType : InputObjectGraphType<LearnerFilterInput>
{
    public LearnerFilterGraphType()
    {
        Name = "LearnerFilter";
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolYear, nullable: true);
        Field(x => x.Grade, nullable: true);
        Field(x => x.Section, nullable: true);
        Field(x => x.Status, type: typeof(LearnerStatusGraphType));
        Field(x => x.Sex, type: typeof(SexGraphType));
        Field(x => x.NameContains, nullable: true).Description("Part of the first, parent's or last name; accents and case are ignored.");
    }
}
