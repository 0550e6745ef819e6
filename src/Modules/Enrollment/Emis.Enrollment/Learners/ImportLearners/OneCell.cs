using System.Text.RegularExpressions;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>
/// Reads a row typed into one cell ("Delić 2019-08-12 JU OŠ "Prekounje" Ključ 42 Hana K Edin 1"): the values follow
/// the header's column order, separated by spaces, and a value may span several words. Every way of cutting the words
/// into the columns is tried; a cut counts only if each piece reads as its column (a name has letters and no digits,
/// a date parses, a sex is recognised, a grade is a grade) and the school is found in the registry. When exactly one
/// best reading remains the row is parsed, otherwise it is held for review with the reason.
/// </summary>
public static partial class OneCell
{
    private const int MaxReadings = 5000;

    public static void Read(string cell, TemplateColumns columns, LearnerDraft draft, int schoolYearStart, DateOnly today, SchoolMatcher schools)
    {
        var raw = cell.Trim();
        var tokens = Words().Split(raw).Where(t => t.Length > 0).ToArray();
        var order = columns.Order;
        var readings = new List<Dictionary<Field, string>>();
        Cut(tokens, 0, order, 0, [], readings);

        var scored = readings
            .Select(r => (Reading: r, Match: schools.Match(r.GetValueOrDefault(Field.School), r.GetValueOrDefault(Field.SchoolCode))))
            .Where(x => x.Match.School is not null)
            .OrderByDescending(x => x.Match.Confidence)
            .ThenBy(x => x.Reading.GetValueOrDefault(Field.FirstName)?.Split(' ').Length ?? 0)
            .ToList();

        if (scored.Count == 0)
        {
            draft.Doubts.Add(new RowProblem("row", "ONE_CELL_UNREADABLE",
                "The whole row is typed into one cell and it cannot be split into the template's columns with a known school; please split it."));
            return;
        }
        var best = scored[0];
        var rivals = scored.Skip(1).Where(
            x => x.Match.Confidence >= best.Match.Confidence - 0.02 && !Same(x.Reading, best.Reading, x.Match, best.Match)).ToList();
        if (rivals.Count > 0)
        {
            draft.Doubts.Add(new RowProblem("row", "ONE_CELL_AMBIGUOUS",
                "The whole row is typed into one cell and it can be split into the columns in more than one way; please split it."));
            return;
        }

        var reading = best.Reading;
        draft.Corrections.Add(
            new Correction("row", raw, "split into " + string.Join(" | ", order.Where(reading.ContainsKey).Select(f => reading[f]))));
        draft.LastName = RowCleaning.Name(reading.GetValueOrDefault(Field.LastName), "lastName", draft, required: true);
        draft.FirstName = RowCleaning.Name(reading.GetValueOrDefault(Field.FirstName), "firstName", draft, required: true);
        draft.ParentName = RowCleaning.Name(reading.GetValueOrDefault(Field.ParentName), "parentName", draft, required: false);
        draft.BirthDate = RowCleaning.BirthDate(reading.GetValueOrDefault(Field.BirthDate), draft, schoolYearStart, today);
        draft.Sex = RowCleaning.SexOf(reading.GetValueOrDefault(Field.Sex), draft);
        draft.Grade = RowCleaning.GradeOf(reading.GetValueOrDefault(Field.Grade), draft);
        draft.SchoolText = reading.GetValueOrDefault(Field.School);
        draft.SchoolCodeText = reading.GetValueOrDefault(Field.SchoolCode);
        draft.Section = reading.GetValueOrDefault(Field.Section)?.ToUpperInvariant();
        if (reading.GetValueOrDefault(Field.Email) is { } email) draft.Email = email.ToLowerInvariant();
        if (reading.GetValueOrDefault(Field.Phone) is { } phone) draft.Phone = phone;
    }

    private static bool Same(Dictionary<Field, string> a, Dictionary<Field, string> b, SchoolMatch ma, SchoolMatch mb) =>
        ma.School?.Id == mb.School?.Id
        && a.Where(kv => kv.Key is not (Field.School or Field.SchoolCode)).OrderBy(kv => kv.Key).SequenceEqual(
            b.Where(kv => kv.Key is not (Field.School or Field.SchoolCode)).OrderBy(kv => kv.Key));

    private static void Cut(string[] tokens, int at, IReadOnlyList<Field> order, int field, Dictionary<Field, string> current,
        List<Dictionary<Field, string>> readings)
    {
        if (readings.Count >= MaxReadings) return;
        if (field == order.Count)
        {
            if (at == tokens.Length) readings.Add(new Dictionary<Field, string>(current));
            return;
        }
        var f = order[field];
        var remaining = tokens.Length - at;
        var (min, max) = Span(f, remaining);
        for (var n = min; n <= max && n <= remaining; n++)
        {
            if (n == 0)
            {
                Cut(tokens, at, order, field + 1, current, readings);
                continue;
            }
            var text = string.Join(' ', tokens, at, n);
            if (!Fits(f, text, tokens.AsSpan(at, n))) continue;
            current[f] = text;
            Cut(tokens, at + n, order, field + 1, current, readings);
            current.Remove(f);
        }
    }

    private static (int Min, int Max) Span(Field field, int remaining) => field switch
    {
        Field.LastName or Field.FirstName => (1, 3),
        Field.ParentName => (0, 3),
        Field.BirthDate or Field.Sex => (1, 1),
        Field.Grade => (1, 2),
        Field.School => (1, Math.Max(1, remaining)),
        _ => (0, 1),
    };

    private static bool Fits(Field field, string text, ReadOnlySpan<string> words)
    {
        switch (field)
        {
            case Field.LastName or Field.FirstName or Field.ParentName:
                foreach (var w in words)
                {
                    if (!w.Any(char.IsLetter) || w.Any(char.IsDigit) || w.Contains('"') || w.Contains('@')) return false;
                    if (RowCleaning.ParseSex(w) is not null && w.Length <= 1) return false;
                    if (w.Length > 1 && RowCleaning.IsGradeWord(w)) return false;
                }
                return true;
            case Field.BirthDate:
                return RowCleaning.ParseDate(text, out _) is not null;
            case Field.Sex:
                return RowCleaning.ParseSex(text) is not null;
            case Field.Grade:
                return RowCleaning.ParseGrade(text) is not null;
            case Field.Email or Field.GuardianEmail:
                return text.Contains('@');
            case Field.Phone or Field.GuardianPhone:
                return text.All(c => char.IsAsciiDigit(c) || c is '+' or '/' or '-') && text.Count(char.IsAsciiDigit) >= 6;
            case Field.Section:
                return text.Length <= 2 && text.All(char.IsLetterOrDigit) && !text.All(char.IsDigit);
            case Field.SchoolCode:
                return text.Any(char.IsDigit);
            default:
                return true;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Words();
}
