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
}
