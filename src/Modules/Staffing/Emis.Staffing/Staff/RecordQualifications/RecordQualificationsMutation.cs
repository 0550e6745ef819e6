using Emis.Staffing.Staff.GettingStaff;
using GraphQL.Types;

namespace Emis.Staffing.Staff.RecordQualifications;

public sealed class RecordQualificationInput
{
    public Guid StaffId { get; set; }
    public int IscedLevel { get; set; }
    public string Field { get; set; } = "";
    public string Institution { get; set; } = "";
    public int Year { get; set; }
}

public sealed class RecordQualificationInputGraphType : InputObjectGraphType<RecordQualificationInput>
{
    public RecordQualificationInputGraphType()
    {
        Name = "RecordQualificationInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.IscedLevel).Description("ISCED level of the degree: 5 short-cycle, 6 bachelor's, 7 master's, 8 doctorate.");
        Field(x => x.Field);
        Field(x => x.Institution);
        Field(x => x.Year);
    }
}

public sealed class RecordCertificationInput
{
    public Guid StaffId { get; set; }
    public string Name { get; set; } = "";
    public string Issuer { get; set; } = "";
    public DateOnly IssuedOn { get; set; }
}

public sealed class RecordCertificationInputGraphType : InputObjectGraphType<RecordCertificationInput>
{
    public RecordCertificationInputGraphType()
    {
        Name = "RecordCertificationInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.Issuer);
        Field(x => x.IssuedOn);
    }
}

public sealed class RecordTrainingInput
{
    public Guid StaffId { get; set; }
    public TrainingKind Kind { get; set; }
    public string Course { get; set; } = "";
    public string Provider { get; set; } = "";
    public decimal Hours { get; set; }
    public DateOnly CompletedOn { get; set; }
}

public sealed class RecordTrainingInputGraphType : InputObjectGraphType<RecordTrainingInput>
{
    public RecordTrainingInputGraphType()
    {
        Name = "RecordTrainingInput";
        Field(x => x.StaffId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Kind, type: typeof(NonNullGraphType<TrainingKindGraphType>));
        Field(x => x.Course);
        Field(x => x.Provider);
        Field(x => x.Hours);
        Field(x => x.CompletedOn);
    }
}

internal static class RecordQualificationsMutation
{
    public static void Add(ObjectGraphType mutation)
    {
        StaffMutation.Add<RecordQualificationInputGraphType, RecordQualificationInput>(mutation, "recordQualification",
            "Record an academic qualification of a member of staff.",
            (context, i) => StaffMutation.RunAsync(context,
                new RecordQualification(i.StaffId, Guid.CreateVersion7(), i.IscedLevel, i.Field, i.Institution, i.Year), i.StaffId));
        StaffMutation.Add<RecordCertificationInputGraphType, RecordCertificationInput>(mutation, "recordCertification",
            "Record a teaching certification of a member of staff.",
            (context, i) => StaffMutation.RunAsync(context,
                new RecordCertification(i.StaffId, Guid.CreateVersion7(), i.Name, i.Issuer, i.IssuedOn), i.StaffId));
        StaffMutation.Add<RecordTrainingInputGraphType, RecordTrainingInput>(mutation, "recordTraining",
            "Record organised pre-service or in-service teacher training a member of staff completed.",
            (context, i) => StaffMutation.RunAsync(context,
                new RecordTraining(i.StaffId, Guid.CreateVersion7(), i.Kind, i.Course, i.Provider, i.Hours, i.CompletedOn), i.StaffId));
    }
}
