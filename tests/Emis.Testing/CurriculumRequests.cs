namespace Emis.Testing;

/// <summary>GraphQL documents and helpers for Curriculum.</summary>
public static class CurriculumRequests
{
    public const string SetStructure = """
        mutation($levels: [CurriculumLevelInput!]!, $programmes: [ProgrammeInput!]!, $subjects: [SubjectInput!]!, $max: Int!) {
          setEducationStructure(levels: $levels, programmes: $programmes, subjects: $subjects, maxWeeklyHours: $max) {
            structure { programmes { code firstGrade lastGrade } subjects { code name } maxWeeklyHours version } errors { code field message }
          }
        }
        """;

    public const string Adopt = """
        mutation($programme: String!, $grades: [Int!]!, $from: String!, $subjects: [SubjectHoursInput!]!) {
          adoptCurriculumVersion(programme: $programme, grades: $grades, fromSchoolYear: $from, subjects: $subjects) {
            curriculumVersions { versionId grades fromSchoolYear totalWeeklyHours } errors { code field message }
          }
        }
        """;

    /// <summary>A small Una-Sana–style structure: primary OS (1–9) and gymnasium GIM (10–13), four subjects, at most 30 hours a week.</summary>
    public static object StructureVariables(object[]? subjects = null) => new
    {
        levels = new[]
        {
            new { code = "PRIM", name = "Osnovno obrazovanje", isced = 1 }, new { code = "SEC", name = "Srednje obrazovanje", isced = 3 },
        },
        programmes = new[]
        {
            new { code = "OS", name = "Devetogodišnja osnovna škola", level = "PRIM", firstGrade = 1, lastGrade = 9, kind = "FORMAL" },
            new { code = "GIM", name = "Opća gimnazija", level = "SEC", firstGrade = 10, lastGrade = 13, kind = "FORMAL" },
        },
        subjects = subjects ??
        [
            new { code = "BOS", name = "Bosanski jezik i književnost", englishName = "Bosnian language and literature" },
            new { code = "MAT", name = "Matematika", englishName = "Mathematics" },
            new { code = "ENG", name = "Engleski jezik", englishName = "English" },
            new { code = "TZO", name = "Tjelesni i zdravstveni odgoj", englishName = "Physical and health education" },
        ],
        max = 30,
    };

    public const string CatalogueMaterial = """
        mutation($input: CatalogueMaterialInput!) {
          catalogueMaterial(input: $input) {
            material { id title subject grades language format accessibility licence link contentHash approvedYears version }
            errors { code field message }
          }
        }
        """;

    public const string ApproveMaterial = """
        mutation($input: ApproveMaterialInput!) {
          approveMaterial(input: $input) { material { id approvedYears version } errors { code field message } }
        }
        """;

    public const string RecordHoldings = """
        mutation($input: RecordMaterialHoldingsInput!) {
          recordMaterialHoldings(input: $input) {
            holding { id schoolCode schoolYear good worn unusable usable version material { title } } errors { code field message }
          }
        }
        """;

    /// <summary>A material's input: print by default (no link needed), otherwise a link to the file.</summary>
    public static object Material(string title, string subject = "MAT", int[]? grades = null, string language = "bs", string format = "PRINT",
        string? link = null, string? contentHash = null, string[]? accessibility = null) => new
        {
            input = new
            {
                title,
                subject,
                grades = grades ?? [5],
                language,
                format,
                accessibility = accessibility ?? [],
                licence = "CC BY 4.0",
                link,
                contentHash,
            },
        };
}
