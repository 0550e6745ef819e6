using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Testing;

/// <summary>GraphQL documents and set-up shared by Learning's integration tests.</summary>
public static class LearningRequests
{
    public const string Scale = """
        mutation($level: String!, $kind: ScaleKind!, $marks: [MarkDefinitionInput!]!) {
          setGradingScale(level: $level, kind: $kind, marks: $marks) {
            rules { scales { level kind marks { code passing } } } errors { code field message }
          }
        }
        """;

    public const string Calendar = """
        mutation($terms: [TermDefinitionInput!]!, $makeUp: Int!) {
          setAssessmentCalendar(terms: $terms, makeUpSubjectsAllowed: $makeUp) {
            rules { terms { code } makeUpSubjectsAllowed } errors { code field message }
          }
        }
        """;

    private const string SheetFields = "sectionId subject level marks { learnerId term mark value passing corrections } version";

    public const string Record = $$"""
        mutation($section: ID!, $subject: String!, $term: String!, $marks: [MarkEntryInput!]!) {
          recordMarks(sectionId: $section, subject: $subject, term: $term, marks: $marks) { sheet { {{SheetFields}} } errors { code field message } }
        }
        """;

    public const string Correct = $$"""
        mutation($section: ID!, $subject: String!, $term: String!, $learner: ID!, $mark: String!, $reason: String!) {
          correctMark(sectionId: $section, subject: $subject, term: $term, learnerId: $learner, mark: $mark, reason: $reason) {
            sheet { {{SheetFields}} } errors { code field message }
          }
        }
        """;

    public const string Sheet =
        $$"""query($section: ID!, $subject: String!) { markSheet(sectionId: $section, subject: $subject) { {{SheetFields}} } }""";

    private const string YearEndFields =
        "sectionId lastGradeOfProgramme makeUpSubjectsAllowed learners { learnerId proposed failingSubjects missingSubjects confirmed }";

    public const string YearEnd = $$"""query($section: ID!) { yearEndResults(sectionId: $section) { {{YearEndFields}} } }""";

    public const string Confirm = $$"""
        mutation($section: ID!, $results: [ResultEntryInput!]!, $reason: String) {
          confirmYearEndResults(sectionId: $section, results: $results, reason: $reason) {
            yearEnd { {{YearEndFields}} } errors { code field message }
          }
        }
        """;

    public const string Record_ = """
        query($learner: ID!) {
          learnerRecord(learnerId: $learner) {
            learnerId pseudonym marks { schoolCode subject term mark passing } results { schoolYear outcome failingSubjects }
          }
        }
        """;

    public const string FiguresQuery = """
        query($year: String!, $groupBy: [MarkDimension!]!, $filter: MarkFiguresFilter, $seq: Long, $term: String) {
          markFigures(schoolYear: $year, groupBy: $groupBy, filter: $filter, asOfSequence: $seq, term: $term) {
            sequence term
            rows { municipality schoolCode level grade section sex subject marks learners
                   averageMark { value numerator denominator reason } passRate { value numerator denominator reason }
                   failingOne { value numerator denominator reason } failingTwo { value numerator } failingThreeOrMore { value numerator } }
          }
        }
        """;

    public const string Open = """
        mutation($input: OpenSectionInput!) { openSection(input: $input) { section { id } errors { code field message } } }
        """;

    /// <summary>The 1–5 scale of Bosnia and Herzegovina, 1 failing.</summary>
    public static readonly object[] FivePoint =
    [
        new { code = "1", label = "nedovoljan", value = 1m, passing = false },
        new { code = "2", label = "dovoljan", value = 2m, passing = true },
        new { code = "3", label = "dobar", value = 3m, passing = true },
        new { code = "4", label = "vrlo dobar", value = 4m, passing = true },
        new { code = "5", label = "odličan", value = 5m, passing = true },
    ];

    /// <summary>A jurisdiction with the structure, OS grades 1–9 teaching BOS and MAT, the 1–5 scale for PRIM and two terms.</summary>
    public static async Task SetUpAsync(EmisHostFixture host, Jurisdiction j, int makeUp = 2)
    {
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.SetStructure, CurriculumRequests.StructureVariables(),
            "setEducationStructure"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.Adopt, new
        {
            programme = "OS",
            grades = new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 },
            from = "2020/2021",
            subjects = new[] { new { subject = "BOS", weeklyHours = 5m }, new { subject = "MAT", weeklyHours = 4m } },
        }, "adoptCurriculumVersion"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Scale, new { level = "PRIM", kind = "NUMERIC", marks = FivePoint }, "setGradingScale"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, Calendar, new
        {
            terms = new[] { new { code = "T1", name = "Prvo polugodište" }, new { code = "T2", name = "Drugo polugodište" } },
            makeUp,
        }, "setAssessmentCalendar"));
    }

    public static async Task<string> OpenAsync(EmisHostFixture host, Caller caller, string school, int grade, string letter)
    {
        var payload = await host.MutateAsync(caller, Open, new
        {
            input = new { schoolId = school, schoolYear = LearnerRequests.Year, programme = "OS", grade, letter, language = "bs", shift = "MORNING" },
        }, "openSection");
        LearnerRequests.Ok(payload);
        return payload["section"]!.Id();
    }

    public static async Task<string[]> LearnersAsync(EmisHostFixture host, Caller caller, string school, int grade, string letter,
        params string[] sexes)
    {
        var ids = new List<string>();
        var i = 0;
        foreach (var sex in sexes)
        {
            var learner = await host.LearnerAsync(caller, LearnerRequests.NewLearner(school, grade, letter, first: Names[i % Names.Length],
                last: Surnames[(i + grade) % Surnames.Length], sex: sex, birthDate: $"{2025 - 6 - grade}-0{1 + (i % 9)}-1{i % 10}"));
            i++;
            ids.Add(learner.Id());
        }
        return [.. ids];
    }

    private static readonly string[] Names = ["Amra", "Belmin", "Dina", "Edin", "Fatima", "Haris", "Lejla", "Mirza", "Selma", "Tarik"];

    private static readonly string[] Surnames = ["Hodžić", "Begić", "Mujić", "Kovačević", "Delić", "Hadžić", "Imamović"];

    public static object MarkList(IReadOnlyList<string> learners, params string[] marks) =>
        learners.Zip(marks, (learner, mark) => new { learnerId = learner, mark }).ToArray();

    public static async Task<JsonObject> RecordAsync(EmisHostFixture host, Caller caller, string section, string subject, string term,
        object marks) =>
        await host.MutateAsync(caller, Record, new { section, subject, term, marks }, "recordMarks");

    public static string[] Codes(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
