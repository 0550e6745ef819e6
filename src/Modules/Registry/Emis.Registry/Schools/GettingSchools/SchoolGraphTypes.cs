using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Registry.Schools.GettingSchools;

public sealed class SchoolLevelGraphType : EnumerationGraphType<SchoolLevel>
{
    public SchoolLevelGraphType() => Name = "SchoolLevel";
}

public sealed class SchoolStatusGraphType : EnumerationGraphType<SchoolStatus>
{
    public SchoolStatusGraphType() => Name = "SchoolStatus";
}

public sealed class StatusPeriodGraphType : ObjectGraphType<StatusPeriod>
{
    public StatusPeriodGraphType()
    {
        Name = "StatusPeriod";
        Field(x => x.Status, type: typeof(NonNullGraphType<SchoolStatusGraphType>));
        Field(x => x.Since);
        Field(x => x.Reason, nullable: true);
        Field(x => x.Actor, nullable: true).Description("Who made the change (an account id, never personal data of a child).");
    }
}

public sealed class SchoolGraphType : ObjectGraphType<SchoolView>
{
    public SchoolGraphType(IEnumerable<IEntityFields> entityFields)
    {
        Name = "School";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Municipality);
        Field(x => x.Level, type: typeof(NonNullGraphType<SchoolLevelGraphType>));
        Field(x => x.Status, type: typeof(NonNullGraphType<SchoolStatusGraphType>));
        Field(x => x.Languages, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>))
            .Description("Languages of instruction, ISO 639 codes.");
        Field(x => x.StatusHistory, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StatusPeriodGraphType>>>));
        Field(x => x.RegisteredAt);
        Field(x => x.UpdatedAt);
        Field(x => x.Version).Description("The school's version; send it back as expectedVersion to guard against lost updates.");
        entityFields.AddTo(this, x => x.Id);
    }
}

public sealed class MunicipalityGraphType : ObjectGraphType<MunicipalitySummary>
{
    public MunicipalityGraphType()
    {
        Name = "Municipality";
        Field(x => x.Name);
        Field(x => x.SchoolCount).Description("Schools in the municipality within the caller's scope.");
        Field(x => x.OpenSchoolCount);
    }
}

public sealed class SchoolFilterGraphType : InputObjectGraphType<SchoolFilterInput>
{
    public SchoolFilterGraphType()
    {
        Name = "SchoolFilter";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.Status, type: typeof(SchoolStatusGraphType));
        Field(x => x.Level, type: typeof(SchoolLevelGraphType));
        Field(x => x.NameContains, nullable: true).Description("Case-insensitive part of the name.");
    }
}

public sealed class SchoolFilterInput
{
    public string? Municipality { get; set; }
    public SchoolStatus? Status { get; set; }
    public SchoolLevel? Level { get; set; }
    public string? NameContains { get; set; }

    public SchoolFilter ToFilter() => new(Municipality, Status, Level, NameContains);
}
