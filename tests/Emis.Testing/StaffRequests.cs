using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Testing;

/// <summary>GraphQL documents and helpers for Staffing.</summary>
public static class StaffRequests
{
    public const string StaffFields = """
        id firstName parentName lastName birthDate sex teachingLanguages contacts { email phone } employed fte version pseudonymised
        qualifications { iscedLevel field institution year } certifications { name issuer issuedOn }
        trainings { kind course provider hours completedOn }
        contracts { id schoolId schoolCode municipality role level type fte startsOn endsOn fteReason endedOn endReason current
          leaves { kind from to } }
        assignments { id schoolId schoolCode schoolYear grade section subject weeklyHours homeroom current }
        history { change schoolCode detail actor version }
        """;

    public const string Payload = $"staffMember {{ {StaffFields} }} errors {{ code field message }}";

    public const string Register = $"mutation($input: RegisterStaffMemberInput!) {{ registerStaffMember(input: $input) {{ {Payload} }} }}";
    public const string Correct = $"mutation($input: CorrectStaffDetailsInput!) {{ correctStaffDetails(input: $input) {{ {Payload} }} }}";
    public const string StartContract = $"mutation($input: StartContractInput!) {{ startContract(input: $input) {{ {Payload} }} }}";
    public const string EndContract = $"mutation($input: EndContractInput!) {{ endContract(input: $input) {{ {Payload} }} }}";
    public const string Transfer = $"mutation($input: TransferStaffMemberInput!) {{ transferStaffMember(input: $input) {{ {Payload} }} }}";
    public const string Leave = $"mutation($input: RecordLeaveInput!) {{ recordLeave(input: $input) {{ {Payload} }} }}";
    public const string Assign = $"mutation($input: AssignTeachingInput!) {{ assignTeaching(input: $input) {{ {Payload} }} }}";
    public const string EndAssignment =
        $"mutation($input: EndTeachingAssignmentInput!) {{ endTeachingAssignment(input: $input) {{ {Payload} }} }}";
    public const string Qualification = $"mutation($input: RecordQualificationInput!) {{ recordQualification(input: $input) {{ {Payload} }} }}";
    public const string Certification = $"mutation($input: RecordCertificationInput!) {{ recordCertification(input: $input) {{ {Payload} }} }}";
    public const string Training = $"mutation($input: RecordTrainingInput!) {{ recordTraining(input: $input) {{ {Payload} }} }}";
    public const string Standards =
        "mutation($levels: [LevelStandardInput!]!) { setTeacherStandards(levels: $levels) { teacherStandards { levels { level firstGrade " +
        "lastGrade minimumQualification certificationRequired minimumInServiceHours } version } errors { code field message } } }";
    public const string StaffMember = $"query($id: ID!, $asOf: DateTimeOffset) {{ staffMember(id: $id, asOf: $asOf) {{ {StaffFields} }} }}";

    /// <summary>The standards most tests use: ISCED 1–3 need a bachelor's degree; trained by pre-service or 100 in-service hours.</summary>
    public static readonly object[] DefaultStandards =
    [
        new { level = "ISCED1", firstGrade = 1, lastGrade = 5, minimumQualification = 6, certificationRequired = false,
            minimumInServiceHours = 100m },
        new { level = "ISCED2", firstGrade = 6, lastGrade = 9, minimumQualification = 6, certificationRequired = true, minimumInServiceHours = 100m },
        new { level = "ISCED3", firstGrade = 10, lastGrade = 13, minimumQualification = 7, certificationRequired = true },
    ];

    public static object Contract(string schoolId, string role = "TEACHER", string level = "ISCED1", string type = "PERMANENT", decimal fte = 1m,
        string startsOn = "2020-09-01", string? endsOn = null, string? fteReason = null) =>
        new { schoolId, role, level, type, fte, startsOn, endsOn, fteReason };

    public static object NewStaff(object? contract, string first = "Merita", string last = "Gashi", string sex = "FEMALE",
        string birthDate = "1985-05-12", string? parent = "Agim") => new
        {
            input = new
            {
                firstName = first,
                parentName = parent,
                lastName = last,
                birthDate,
                sex,
                teachingLanguages = new[] { "sq" },
                contacts = new { email = "merita.gashi@example.org" },
                contract,
            },
        };

    /// <summary>Registers a member of staff; fails the test when refused. Returns them.</summary>
    public static async Task<JsonObject> StaffAsync(this EmisHostFixture host, Caller caller, object variables)
    {
        var payload = await host.MutateAsync(caller, Register, variables, "registerStaffMember");
        LearnerRequests.Ok(payload);
        return payload["staffMember"]!.AsObject();
    }

    /// <summary>Assigns teaching; fails the test when refused. Returns the assignment's id.</summary>
    public static async Task<string> AssignAsync(this EmisHostFixture host, Caller caller, string staffId, string schoolId, int grade, string section,
        string subject = "Mathematics", decimal weeklyHours = 4m, bool homeroom = false, string year = LearnerRequests.Year)
    {
        var payload = await host.MutateAsync(caller, Assign,
            new { input = new { staffId, schoolId, schoolYear = year, grade, section, subject, weeklyHours, homeroom } }, "assignTeaching");
        LearnerRequests.Ok(payload);
        return payload["staffMember"]!["assignments"]!.AsArray()
            .Last(a => a!["grade"]!.GetValue<int>() == grade && a["section"]!.GetValue<string>() == section.ToUpperInvariant()
                && a["current"]!.GetValue<bool>())!.Id();
    }

    /// <summary>
    /// A teacher of the school with the given sections: a member of staff employed there and assigned each section, and the
    /// caller their token names (their staff id as subject). Their sections come from the assignments, never from the token.
    /// </summary>
    public static async Task<Caller> TeacherOfAsync(this EmisHostFixture host, Jurisdiction j, string schoolCode, string schoolId,
        params (int Grade, string Section)[] sections)
    {
        var staff = await host.StaffAsync(j.Admin, NewStaff(Contract(schoolId)));
        foreach (var (grade, section) in sections) await host.AssignAsync(j.Admin, staff.Id(), schoolId, grade, section);
        return new Caller(staff.Id(), Roles.Teacher, j.Id, null, schoolCode);
    }
}
