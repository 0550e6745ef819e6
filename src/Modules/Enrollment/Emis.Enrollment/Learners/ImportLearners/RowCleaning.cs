using System.Globalization;
using System.Text.RegularExpressions;
using Emis.Enrollment.Schools;
using Emis.Platform.Imports;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>One learner row after cleaning: a person's fields, and the learner's own (grade, section, guardian's contacts).</summary>
public sealed class LearnerDraft : PersonDraft
{
    public int? Grade { get; set; }
    public string? Section { get; set; }
    public string? GuardianEmail { get; set; }
    public string? GuardianPhone { get; set; }

    /// <summary>The sex as the learner's events record it.</summary>
    public Sex? LearnerSex => Sex switch { PersonSex.Female => Learners.Sex.Female, PersonSex.Male => Learners.Sex.Male, _ => null };
}

/// <summary>
/// Turns a row's cells into a <see cref="LearnerDraft"/>: names, dates, sex and contacts cleaned as for any person
/// (<see cref="PersonCleaning"/>), and the learner's grade as teachers write it.
/// </summary>
public static partial class RowCleaning
{
    /// <summary>The ages a learner may be at the start of the school year.</summary>
    public static AgeBounds Ages(int schoolYearStart) => new(schoolYearStart, 3, 30, "the start of the school year", "a learner");

    public static LearnerDraft Clean(SheetRow row, SheetColumns<Field> columns, int schoolYearStart, DateOnly today,
        SchoolMatcher<EnrollmentSchool> schools, NameVocabulary? names = null)
    {
        var draft = new LearnerDraft { Row = row.Line };
        string? Cell(Field f) => columns.Cell(row, f);

        // A whole row typed into the first cell: the other cells are empty and the first holds the values, separated by
        // spaces in the header's order.
        if (OneCell.IsOneCell(row, columns.Width, out var incomplete))
        {
            if (OneCell.Read(row.Cells[0], columns, LearnerOneCellShape.Instance, schools, draft, names) is { } reading)
            {
                FromOneCell(reading, draft, schoolYearStart, today);
            }
            return draft;
        }
        if (incomplete)
        {
            draft.Errors.Add(new RowProblem("row", "INCOMPLETE_ROW", "The row has a value in one column only."));
            return draft;
        }

        draft.LastName = PersonCleaning.Name(Cell(Field.LastName), "lastName", draft, required: true);
        draft.FirstName = PersonCleaning.Name(Cell(Field.FirstName), "firstName", draft, required: true);
        draft.ParentName = PersonCleaning.Name(Cell(Field.ParentName), "parentName", draft, required: false);
        draft.BirthDate = PersonCleaning.BirthDate(Cell(Field.BirthDate), draft, today, Ages(schoolYearStart));
        draft.Sex = PersonCleaning.SexOf(Cell(Field.Sex), draft);
        draft.Grade = GradeOf(Cell(Field.Grade), draft);
        draft.SchoolText = PersonCleaning.Spaces(Cell(Field.School));
        draft.SchoolCodeText = PersonCleaning.Spaces(Cell(Field.SchoolCode));
        if (string.IsNullOrEmpty(draft.SchoolText) && string.IsNullOrEmpty(draft.SchoolCodeText))
        {
            draft.Errors.Add(new RowProblem("school", "REQUIRED", "The school is missing."));
        }
        draft.Section = PersonCleaning.Spaces(Cell(Field.Section)) is { Length: > 0 } section ? section.ToUpperInvariant() : null;
        draft.Email = PersonCleaning.Email(Cell(Field.Email), "email", draft);
        draft.Phone = PersonCleaning.Phone(Cell(Field.Phone), "phone", draft);
        draft.GuardianEmail = PersonCleaning.Email(Cell(Field.GuardianEmail), "guardianEmail", draft);
        draft.GuardianPhone = PersonCleaning.Phone(Cell(Field.GuardianPhone), "guardianPhone", draft);
        return draft;
    }

    /// <summary>The draft of a row typed into one cell, from the one reading of its words.</summary>
    private static void FromOneCell(IReadOnlyDictionary<Field, string> reading, LearnerDraft draft, int schoolYearStart, DateOnly today)
    {
        draft.LastName = PersonCleaning.Name(reading.GetValueOrDefault(Field.LastName), "lastName", draft, required: true);
        draft.FirstName = PersonCleaning.Name(reading.GetValueOrDefault(Field.FirstName), "firstName", draft, required: true);
        draft.ParentName = PersonCleaning.Name(reading.GetValueOrDefault(Field.ParentName), "parentName", draft, required: false);
        draft.BirthDate = PersonCleaning.BirthDate(reading.GetValueOrDefault(Field.BirthDate), draft, today, Ages(schoolYearStart));
        draft.Sex = PersonCleaning.SexOf(reading.GetValueOrDefault(Field.Sex), draft);
        draft.Grade = GradeOf(reading.GetValueOrDefault(Field.Grade), draft);
        draft.SchoolText = reading.GetValueOrDefault(Field.School);
        draft.SchoolCodeText = reading.GetValueOrDefault(Field.SchoolCode);
        draft.Section = reading.GetValueOrDefault(Field.Section)?.ToUpperInvariant();
        if (reading.GetValueOrDefault(Field.Email) is { } email) draft.Email = email.ToLowerInvariant();
        if (reading.GetValueOrDefault(Field.Phone) is { } phone) draft.Phone = phone;
    }

    /// <summary>A grade written as 5, 5., Klasa 5, 5 razred, V, 5. sınıf: the number 1–13.</summary>
    public static int? GradeOf(string? raw, LearnerDraft draft)
    {
        var text = PersonCleaning.Spaces(raw);
        if (text is null)
        {
            draft.Errors.Add(new RowProblem("grade", "REQUIRED", "The grade is missing."));
            return null;
        }
        var grade = ParseGrade(text);
        if (grade is null)
        {
            draft.Errors.Add(new RowProblem("grade", "INVALID", $"'{text}' is not a grade from 1 to 13."));
            return null;
        }
        var written = grade.Value.ToString(CultureInfo.InvariantCulture);
        if (text != written) draft.Corrections.Add(new Correction("grade", text, written));
        return grade;
    }

    public static int? ParseGrade(string text)
    {
        int? found = null;
        foreach (var token in GradeTokens().Split(text.Trim()))
        {
            if (token.Length == 0) continue;
            var word = ColumnCatalogue.Key(token);
            // Punctuation ("2-të", "5 / V") and the words and endings grades are written with.
            if (word.Length == 0 || GradeWords.Contains(word)) continue;
            int? value = int.TryParse(token.TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Roman(token.TrimEnd('.'));
            if (value is null) return null;
            if (found is not null) return null;
            found = value;
        }
        return found is >= 1 and <= 13 ? found : null;
    }

    /// <summary>Whether a word is one of the words a grade is written with ("Klasa", "razred", "sınıf").</summary>
    public static bool IsGradeWord(string word) => GradeWords.Contains(ColumnCatalogue.Key(word));

    private static readonly HashSet<string> GradeWords =
    [
        "klasa", "klasi", "klases", "kl", "razred", "razreda", "raz", "grade", "gr", "class", "year", "sinif", "sinifi", "e", "viti", "разред",
        // Ordinal endings: Albanian "5-të", "5-ta", English "5th".
        "te", "ta", "ti", "st", "nd", "rd", "th",
    ];

    private static int? Roman(string token) => token.ToUpperInvariant() switch
    {
        "I" => 1,
        "II" => 2,
        "III" => 3,
        "IV" => 4,
        "V" => 5,
        "VI" => 6,
        "VII" => 7,
        "VIII" => 8,
        "IX" => 9,
        "X" => 10,
        "XI" => 11,
        "XII" => 12,
        "XIII" => 13,
        _ => null,
    };

    [GeneratedRegex(@"[\s]+|(?<=\d)(?=[^\d.\s])|(?<=[^\d\s])(?=\d)")]
    private static partial Regex GradeTokens();
}
