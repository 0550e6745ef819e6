using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>A change the import made to what the file said, recorded on the row.</summary>
public sealed record Correction(string Field, string From, string To, double? Confidence = null);

/// <summary>Why a row was rejected or held for review.</summary>
public sealed record RowProblem(string Field, string Code, string Message);

/// <summary>One row after cleaning: what it will register, what was corrected, and what is wrong or doubtful.</summary>
public sealed class LearnerDraft
{
    public required int Row { get; init; }
    public string? FirstName { get; set; }
    public string? ParentName { get; set; }
    public string? LastName { get; set; }
    public DateOnly? BirthDate { get; set; }
    public Sex? Sex { get; set; }
    public string? SchoolText { get; set; }
    public string? SchoolCodeText { get; set; }
    public int? Grade { get; set; }
    public string? Section { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? GuardianEmail { get; set; }
    public string? GuardianPhone { get; set; }

    /// <summary>The school it was matched to (null until matched).</summary>
    public Guid? SchoolId { get; set; }
    public string? SchoolCode { get; set; }

    public List<Correction> Corrections { get; } = [];

    /// <summary>Problems that reject the row.</summary>
    public List<RowProblem> Errors { get; } = [];

    /// <summary>Doubts that hold the row for a person to decide.</summary>
    public List<RowProblem> Doubts { get; } = [];

    public override string ToString() => $"LearnerDraft {{ Row = {Row} }}";
}

/// <summary>Turns a row's cells into a <see cref="LearnerDraft"/>: names, dates, sex and grade as teachers write them.</summary>
public static partial class RowCleaning
{
    public static LearnerDraft Clean(SheetRow row, TemplateColumns columns, int schoolYearStart, DateOnly today, SchoolMatcher schools)
    {
        var draft = new LearnerDraft { Row = row.Line };
        var cells = row.Cells;
        string? Cell(Field f) => columns[f] is { } i && i < cells.Length ? cells[i] : null;

        // A whole row typed into the first cell: the other cells are empty and the first holds the values, separated by
        // spaces in the header's order.
        var filled = cells.Count(c => c.Trim().Length > 0);
        if (filled == 1 && columns.Width > 2 && cells[0].Trim().Length > 0 && cells[0].Trim().Contains(' ', StringComparison.Ordinal))
        {
            OneCell.Read(cells[0], columns, draft, schoolYearStart, today, schools);
            return draft;
        }
        if (filled == 1 && columns.Width > 2)
        {
            draft.Errors.Add(new RowProblem("row", "INCOMPLETE_ROW", "The row has a value in one column only."));
            return draft;
        }

        draft.LastName = Name(Cell(Field.LastName), "lastName", draft, required: true);
        draft.FirstName = Name(Cell(Field.FirstName), "firstName", draft, required: true);
        draft.ParentName = Name(Cell(Field.ParentName), "parentName", draft, required: false);
        draft.BirthDate = BirthDate(Cell(Field.BirthDate), draft, schoolYearStart, today);
        draft.Sex = SexOf(Cell(Field.Sex), draft);
        draft.Grade = GradeOf(Cell(Field.Grade), draft);
        draft.SchoolText = Spaces(Cell(Field.School));
        draft.SchoolCodeText = Spaces(Cell(Field.SchoolCode));
        if (string.IsNullOrEmpty(draft.SchoolText) && string.IsNullOrEmpty(draft.SchoolCodeText))
        {
            draft.Errors.Add(new RowProblem("school", "REQUIRED", "The school is missing."));
        }
        draft.Section = Spaces(Cell(Field.Section)) is { Length: > 0 } section ? section.ToUpperInvariant() : null;
        draft.Email = Contact(Cell(Field.Email), "email", draft);
        draft.Phone = Contact(Cell(Field.Phone), "phone", draft);
        draft.GuardianEmail = Contact(Cell(Field.GuardianEmail), "guardianEmail", draft);
        draft.GuardianPhone = Contact(Cell(Field.GuardianPhone), "guardianPhone", draft);
        return draft;
    }

    /// <summary>Trims and collapses runs of white space; null for an empty cell.</summary>
    public static string? Spaces(string? text)
    {
        if (text is null) return null;
        var collapsed = WhiteSpace().Replace(text.Replace('\u00A0', ' '), " ").Trim();
        return collapsed.Length == 0 ? null : collapsed;
    }

    /// <summary>
    /// A person's name: stray symbols and digits dropped, spaces cleaned, a name written all in capitals or all in small
    /// letters capitalised ("ALDINA" is "Aldina"); letters are never changed otherwise.
    /// </summary>
    public static string? Name(string? raw, string field, LearnerDraft draft, bool required)
    {
        var text = Spaces(raw);
        if (text is null)
        {
            if (required) draft.Errors.Add(new RowProblem(field, "REQUIRED", $"The {Label(field)} is missing."));
            return null;
        }
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                kept.Append(c);
            }
            else if (c is ' ' or '-') kept.Append(c);
            else if (c is '\'' or '’' or 'ʼ') kept.Append('\'');
        }
        var cleaned = Regex.Replace(kept.ToString(), @"\s*-\s*", "-").Trim(' ', '-', '\'');
        cleaned = WhiteSpace().Replace(cleaned, " ");
        if (cleaned.Length == 0)
        {
            draft.Errors.Add(new RowProblem(field, required ? "REQUIRED" : "INVALID", $"The {Label(field)} has no letters."));
            return null;
        }
        var letters = cleaned.Where(char.IsLetter).ToList();
        if (letters.Count > 1 && (letters.All(char.IsUpper) || letters.All(char.IsLower))) cleaned = Capitalise(cleaned);
        if (cleaned.Normalize(NormalizationForm.FormC) is var composed && composed != cleaned) cleaned = composed;
        if (cleaned != raw) draft.Corrections.Add(new Correction(field, raw!, cleaned));
        return cleaned;
    }

    private static string Capitalise(string name)
    {
        var builder = new StringBuilder(name.Length);
        var start = true;
        foreach (var c in name)
        {
            builder.Append(start ? char.ToUpper(c, CultureInfo.InvariantCulture) : char.ToLower(c, CultureInfo.InvariantCulture));
            start = c is ' ' or '-' or '\'';
        }
        return builder.ToString();
    }

    private static string Label(string field) => field switch
    {
        "lastName" => "last name",
        "firstName" => "first name",
        "parentName" => "parent's name",
        "birthDate" => "birth date",
        _ => field,
    };

    /// <summary>
    /// A birth date in any of the usual ways: 04.03.2012, 4.3.2012, 04.03.2012., 04/03/2012, 04-03-2012 (day first, as
    /// the region writes it), 2012-03-04, or an Excel date number. Impossible and future dates are errors; an age
    /// that does not fit school is a doubt.
    /// </summary>
    public static DateOnly? BirthDate(string? raw, LearnerDraft draft, int schoolYearStart, DateOnly today)
    {
        var text = Spaces(raw);
        if (text is null)
        {
            draft.Errors.Add(new RowProblem("birthDate", "REQUIRED", "The birth date is missing."));
            return null;
        }
        var parsed = ParseDate(text, out var problem);
        if (parsed is null)
        {
            draft.Errors.Add(new RowProblem("birthDate", "INVALID_DATE", problem ?? $"{text} is not a date."));
            return null;
        }
        var date = parsed.Value;
        if (date > today)
        {
            draft.Errors.Add(new RowProblem("birthDate", "INVALID_DATE", $"{text} is in the future."));
            return null;
        }
        var age = schoolYearStart - date.Year;
        if (age is < 3 or > 30)
        {
            draft.Errors.Add(new RowProblem("birthDate", "IMPLAUSIBLE_DATE",
                $"{text} gives an age of {age} at the start of the school year; a learner is 3 to 30."));
            return null;
        }
        var iso = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (text != iso) draft.Corrections.Add(new Correction("birthDate", text, iso));
        return date;
    }

    public static DateOnly? ParseDate(string text, out string? problem)
    {
        problem = null;
        var t = text.Trim().TrimEnd('.').Trim();
        // Excel stores dates as days since 1899-12-30.
        // (A time of day may follow as a fraction; a dotted date like 4.3.2012 has two dots and is not a number.)
        if (double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial is > 1000 and < 80000)
        {
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        }
        var iso = IsoDate().Match(t);
        if (iso.Success) return Make(
            int.Parse(iso.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(iso.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(iso.Groups[3].Value, CultureInfo.InvariantCulture), text, out problem);
        var dmy = DayFirstDate().Match(t);
        if (dmy.Success)
        {
            var a = int.Parse(dmy.Groups[1].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(dmy.Groups[2].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(dmy.Groups[3].Value, CultureInfo.InvariantCulture);
            if (dmy.Groups[3].Value.Length == 2) year += year <= DateTime.UtcNow.Year % 100 ? 2000 : 1900;
            // Day first, as the region writes dates; a month above 12 can only be a month-first date.
            return b > 12 && a <= 12 ? Make(year, a, b, text, out problem) : Make(year, b, a, text, out problem);
        }
        problem = $"{text} is not a date (write it as 04.03.2012 or 2012-03-04).";
        return null;
    }

    private static DateOnly? Make(int year, int month, int day, string text, out string? problem)
    {
        problem = null;
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(
            year is >= 1 and <= 9999 ? year : 2000, month is >= 1 and <= 12 ? month : 1))
        {
            problem = $"{text} is not a date.";
            return null;
        }
        return new DateOnly(year, month, day);
    }

    /// <summary>Sex as written in the region's languages: F, Femër, Žensko, Kadın, K, Ž, female; M, Mashkull, Muško, Erkek, E, male.</summary>
    public static Sex? SexOf(string? raw, LearnerDraft draft)
    {
        var text = Spaces(raw);
        if (text is null)
        {
            draft.Errors.Add(new RowProblem("sex", "REQUIRED", "The sex is missing."));
            return null;
        }
        var sex = ParseSex(text);
        if (sex is null)
        {
            draft.Errors.Add(new RowProblem("sex", "INVALID", $"'{text}' is not a sex (F or M, in any of the region's languages)."));
            return null;
        }
        var written = sex == Sex.Female ? "F" : "M";
        if (text != written) draft.Corrections.Add(new Correction("sex", text, written));
        return sex;
    }

    public static Sex? ParseSex(string text)
    {
        var key = TemplateColumns.Key(text);
        return key switch
        {
            "f" or "female" or "femer" or "femra" or "fem" or "z" or "zensko" or "zenski" or "zena" or "zensk" or "k" or "kadin" or "kiz" or "kz"
                or "w" or "girl" or "vajze" or "vajza" or "djevojcica" or "devojcica" or "ж" or "женско" => Sex.Female,
            "m" or "male" or "mashkull" or "mashkulli" or "mash" or "musko" or "muski" or "e" or "erkek" or "boy" or "djale" or "djali"
                or "djecak" or "decak" or "м" or "мушко" => Sex.Male,
            _ => null,
        };
    }

    /// <summary>A grade written as 5, 5., Klasa 5, 5 razred, V, 5. sınıf: the number 1–13.</summary>
    public static int? GradeOf(string? raw, LearnerDraft draft)
    {
        var text = Spaces(raw);
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
            var word = TemplateColumns.Key(token);
            if (GradeWords.Contains(word)) continue;
            int? value = int.TryParse(token.TrimEnd('.'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Roman(token.TrimEnd('.'));
            if (value is null) return null;
            if (found is not null) return null;
            found = value;
        }
        return found is >= 1 and <= 13 ? found : null;
    }

    /// <summary>Whether a word is one of the words a grade is written with ("Klasa", "razred", "sınıf").</summary>
    public static bool IsGradeWord(string word) => GradeWords.Contains(TemplateColumns.Key(word));

    private static readonly HashSet<string> GradeWords =
        ["klasa", "klasi", "razred", "razreda", "grade", "class", "year", "sinif", "sinifi", "e", "viti", "разред"];

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

    private static string? Contact(string? raw, string field, LearnerDraft draft)
    {
        var text = Spaces(raw);
        if (text is null) return null;
        if (field.Contains("mail", StringComparison.OrdinalIgnoreCase))
        {
            var email = text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
            if (!EmailShape().IsMatch(email))
            {
                draft.Errors.Add(new RowProblem(field, "INVALID", "The value in this column is not an email address."));
                return null;
            }
            return email;
        }
        var phone = new string([.. text.Where(c => char.IsAsciiDigit(c) || c == '+')]);
        if (phone.Length < 6)
        {
            draft.Errors.Add(new RowProblem(field, "INVALID", "The value in this column is not a phone number."));
            return null;
        }
        return phone;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4}|\d{2})$")]
    private static partial Regex DayFirstDate();

    [GeneratedRegex(@"[\s]+|(?<=\d)(?=[^\d.\s])|(?<=[^\d\s])(?=\d)")]
    private static partial Regex GradeTokens();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
