using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Emis.Platform.Imports;

/// <summary>
/// The ages a birth date must give, at a reference year, for the person an import is about ("at the start of the
/// school year; a learner is 3 to 30").
/// </summary>
/// <param name="Year">The year the age is counted at (the start of the school year).</param>
/// <param name="When">What the year is, as the message says it ("the start of the school year").</param>
/// <param name="Person">Who the import is about, as the message says it ("a learner").</param>
public sealed record AgeBounds(int Year, int Min, int Max, string When, string Person);

/// <summary>
/// Cleaning of the cells every import of people has, as teachers write them: names, dates, sex, e-mail addresses and
/// phone numbers. Each function records what it corrected and what is wrong on the row's draft, named by its field.
/// </summary>
public static partial class PersonCleaning
{
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
    public static string? Name(string? raw, string field, PersonDraft draft, bool required)
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
        var cleaned = Hyphen().Replace(kept.ToString(), "-").Trim(' ', '-', '\'');
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

    /// <summary>A field as a message names it ("lastName" is "last name").</summary>
    public static string Label(string field) => field switch
    {
        "lastName" => "last name",
        "firstName" => "first name",
        "parentName" => "parent's name",
        "birthDate" => "birth date",
        "startDate" => "start date",
        _ => field,
    };

    /// <summary>
    /// A birth date in any of the usual ways (see <see cref="ParseDate"/>). Impossible and future dates are errors, and
    /// so is an age outside <paramref name="ages"/>.
    /// </summary>
    public static DateOnly? BirthDate(string? raw, PersonDraft draft, DateOnly today, AgeBounds ages)
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
        var age = ages.Year - date.Year;
        if (age < ages.Min || age > ages.Max)
        {
            draft.Errors.Add(new RowProblem("birthDate", "IMPLAUSIBLE_DATE",
                $"{text} gives an age of {age} at {ages.When}; {ages.Person} is {ages.Min} to {ages.Max}."));
            return null;
        }
        var iso = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (text != iso) draft.Corrections.Add(new Correction("birthDate", text, iso));
        return date;
    }

    /// <summary>Any other date of a row (a start date): written in any of the usual ways, recorded as ISO.</summary>
    public static DateOnly? Date(string? raw, string field, PersonDraft draft, bool required)
    {
        var text = Spaces(raw);
        if (text is null)
        {
            if (required) draft.Errors.Add(new RowProblem(field, "REQUIRED", $"The {Label(field)} is missing."));
            return null;
        }
        if (ParseDate(text, out var problem) is not { } date)
        {
            draft.Errors.Add(new RowProblem(field, "INVALID_DATE", problem ?? $"{text} is not a date."));
            return null;
        }
        var iso = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (text != iso) draft.Corrections.Add(new Correction(field, text, iso));
        return date;
    }

    /// <summary>
    /// A date as the region writes it: 04.03.2012, 4.3.2012, 04.03.2012., 04/03/2012, 04-03-2012 (day first),
    /// 2012-03-04, or an Excel date number.
    /// </summary>
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
    public static PersonSex? SexOf(string? raw, PersonDraft draft)
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
        var written = Letter(sex);
        if (text != written) draft.Corrections.Add(new Correction("sex", text, written!));
        return sex;
    }

    public static PersonSex? ParseSex(string text)
    {
        var key = ColumnCatalogue.Key(text);
        return key switch
        {
            "f" or "female" or "femer" or "femra" or "fem" or "z" or "zensko" or "zenski" or "zena" or "zensk" or "k" or "kadin" or "kiz" or "kz"
                or "w" or "girl" or "vajze" or "vajza" or "djevojcica" or "devojcica" or "ж" or "женско" => PersonSex.Female,
            "m" or "male" or "mashkull" or "mashkulli" or "mash" or "musko" or "muski" or "e" or "erkek" or "boy" or "djale" or "djali"
                or "djecak" or "decak" or "м" or "мушко" => PersonSex.Male,
            _ => null,
        };
    }

    /// <summary>The sex as a report writes it: F or M.</summary>
    public static string? Letter(PersonSex? sex) => sex switch { PersonSex.Female => "F", PersonSex.Male => "M", _ => null };

    /// <summary>An e-mail address: spaces dropped, lower case; anything without its shape is an error on the field.</summary>
    public static string? Email(string? raw, string field, PersonDraft draft)
    {
        var text = Spaces(raw);
        if (text is null) return null;
        var email = text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        if (!EmailShape().IsMatch(email))
        {
            draft.Errors.Add(new RowProblem(field, "INVALID", "The value in this column is not an email address."));
            return null;
        }
        return email;
    }

    /// <summary>A phone number: its digits and a leading plus; fewer than 6 digits is an error on the field.</summary>
    public static string? Phone(string? raw, string field, PersonDraft draft)
    {
        var text = Spaces(raw);
        if (text is null) return null;
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

    [GeneratedRegex(@"\s*-\s*")]
    private static partial Regex Hyphen();

    [GeneratedRegex(@"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4}|\d{2})$")]
    private static partial Regex DayFirstDate();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
