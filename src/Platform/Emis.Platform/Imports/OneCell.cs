using System.Text.RegularExpressions;

namespace Emis.Platform.Imports;

/// <summary>
/// How an importer's fields may appear in a row typed into one cell: how many words each takes and whether some words
/// read as the field. The helpers are the readings every import of people shares (names, dates, sex, contacts).
/// </summary>
public abstract class OneCellShape<TField> where TField : struct, Enum
{
    /// <summary>The field holding the school's name, and the one holding its code.</summary>
    public abstract TField School { get; }
    public abstract TField SchoolCode { get; }

    /// <summary>The field whose shorter reading wins a tie (a first name of one word rather than two).</summary>
    public abstract TField FirstName { get; }

    /// <summary>How few and how many words the field takes (0 when it may be absent from the cell).</summary>
    public abstract (int Min, int Max) Span(TField field, int remaining);

    /// <summary>Whether the words read as the field.</summary>
    public abstract bool Fits(TField field, string text, ReadOnlySpan<string> words);

    /// <summary>The person's given-name fields (first name, parent's name) and their surname field.</summary>
    public abstract IReadOnlyList<TField> GivenNames { get; }
    public abstract TField Surname { get; }

    /// <summary>
    /// How unlikely a reading is as names are usually written, given what the jurisdiction knows: a name of several words
    /// that was never seen whole costs a point per extra word, an empty optional name a point, and a "surname" known only as
    /// a given name three (a parent's name taken for the missing surname). The reading that costs least wins; a tie holds
    /// the row for review.
    /// </summary>
    public int Cost(IReadOnlyDictionary<TField, string> reading, NameVocabulary names)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(names);
        var cost = 0;
        foreach (var field in GivenNames.Append(Surname))
        {
            var isSurname = EqualityComparer<TField>.Default.Equals(field, Surname);
            if (!reading.TryGetValue(field, out var value))
            {
                cost++;
                continue;
            }
            var words = value.Split(' ').Length;
            var known = isSurname ? names.IsSurname(value) : names.IsGiven(value);
            if (words > 1 && !known) cost += words - 1;
            if (isSurname && !known && names.IsGiven(value)) cost += 3;
        }
        return cost;
    }

    /// <summary>
    /// Words that read as a name: letters and no digits, quotes or @, not a one-letter sex, and not a word the importer
    /// reserves for another field (<paramref name="reserved"/>: "Klasa" is a grade's word, not a name).
    /// </summary>
    protected static bool IsName(ReadOnlySpan<string> words, Func<string, bool>? reserved = null)
    {
        foreach (var w in words)
        {
            if (!w.Any(char.IsLetter) || w.Any(char.IsDigit) || w.Contains('"') || w.Contains('@')) return false;
            if (PersonCleaning.ParseSex(w) is not null && w.Length <= 1) return false;
            if (w.Length > 1 && reserved is not null && reserved(w)) return false;
        }
        return true;
    }

    protected static bool IsDate(string text) => PersonCleaning.ParseDate(text, out _) is not null;

    protected static bool IsSex(string text) => PersonCleaning.ParseSex(text) is not null;

    protected static bool IsEmail(string text) => text.Contains('@');

    protected static bool IsPhone(string text) =>
        text.All(c => char.IsAsciiDigit(c) || c is '+' or '/' or '-') && text.Count(char.IsAsciiDigit) >= 6;

    protected static bool IsSchoolCode(string text) => text.Any(char.IsDigit);
}

/// <summary>
/// Reads a row typed into one cell ("Delić 2019-08-12 JU OŠ "Prekounje" Ključ 42 Hana K Edin 1"): the values follow
/// the header's column order, separated by spaces, and a value may span several words. Every way of cutting the words
/// into the columns is tried; a cut counts only if each piece reads as its column (<see cref="OneCellShape{TField}"/>)
/// and the school is found among the importer's schools. When exactly one best reading remains it is returned (and the
/// split recorded as a correction), otherwise the row is held for review with the reason.
/// </summary>
public static partial class OneCell
{
    private const int MaxReadings = 5000;

    /// <summary>Whether the row is a whole row typed into its first cell (the other cells empty).</summary>
    public static bool IsOneCell(SheetRow row, int width, out bool incomplete)
    {
        var cells = row.Cells;
        var filled = cells.Count(c => c.Trim().Length > 0);
        var oneCell = filled == 1 && width > 2 && cells[0].Trim().Length > 0 && cells[0].Trim().Contains(' ', StringComparison.Ordinal);
        incomplete = !oneCell && filled == 1 && width > 2;
        return oneCell;
    }

    /// <summary>The values of the fields, or null when the cell holds no single best reading (a doubt on the draft says why).</summary>
    public static IReadOnlyDictionary<TField, string>? Read<TField, TSchool>(string cell, SheetColumns<TField> columns, OneCellShape<TField> shape,
        SchoolMatcher<TSchool> schools, PersonDraft draft, NameVocabulary? names = null)
        where TField : struct, Enum
        where TSchool : class, IImportSchool
    {
        var raw = cell.Trim();
        var tokens = Words().Split(raw).Where(t => t.Length > 0).ToArray();
        var order = columns.Order;
        var readings = new List<Dictionary<TField, string>>();
        Cut(tokens, 0, order, 0, [], readings, shape);

        names ??= NameVocabulary.Empty;
        // The words of each candidate school's name, once per row (a cell has up to thousands of readings, a few schools).
        var schoolWords = new Dictionary<Guid, HashSet<string>>();
        HashSet<string> SchoolWords(TSchool school)
        {
            if (!schoolWords.TryGetValue(school.Id, out var words))
            {
                schoolWords[school.Id] = words = SchoolMatcher.Key(school.Name).Split(' ').ToHashSet(StringComparer.Ordinal);
            }
            return words;
        }
        var scored = readings
            .Select(r => (Reading: r, Match: schools.Match(r.GetValueOrDefault(shape.School), r.GetValueOrDefault(shape.SchoolCode)),
                Cost: shape.Cost(r, names)))
            .Where(x => x.Match.School is not null && !NameTakenFromSchool(x.Reading, SchoolWords(x.Match.School), shape))
            .OrderByDescending(x => x.Match.Confidence)
            .ThenBy(x => x.Cost)
            .ThenBy(x => x.Reading.GetValueOrDefault(shape.FirstName)?.Split(' ').Length ?? 0)
            .ToList();

        if (scored.Count == 0)
        {
            draft.Doubts.Add(new RowProblem("row", "ONE_CELL_UNREADABLE",
                "The whole row is typed into one cell and it cannot be split into the template's columns with a known school; please split it."));
            return null;
        }
        var best = scored[0];
        var rivals = scored.Skip(1).Where(x => x.Match.Confidence >= best.Match.Confidence - 0.02 && x.Cost <= best.Cost
            && !Same(x.Reading, best.Reading, x.Match, best.Match, shape)).ToList();
        if (rivals.Count > 0)
        {
            draft.Doubts.Add(new RowProblem("row", "ONE_CELL_AMBIGUOUS",
                "The whole row is typed into one cell and it can be split into the columns in more than one way; please split it."));
            return null;
        }

        if (best.Reading.GetValueOrDefault(shape.Surname) is { } surname && !names.IsSurname(surname) && names.IsGiven(surname)
            && columns.Order.Contains(shape.GivenNames[^1]) && !best.Reading.ContainsKey(shape.GivenNames[^1]))
        {
            draft.Doubts.Add(new RowProblem("lastName", "ONE_CELL_NO_SURNAME",
                $"The whole row is typed into one cell and '{surname}' is read as the surname, but it is a given name and no parent's name is "
                + "left: the surname seems to be missing. Please check the row."));
            return null;
        }
        var reading = best.Reading;
        draft.Corrections.Add(
            new Correction("row", raw, "split into " + string.Join(" | ", order.Where(reading.ContainsKey).Select(f => reading[f]))));
        return reading;
    }

    // A name made of a word of the school's own name ("JU" of "JU OŠ …" read as the surname, the school then matched without
    // it): the cell lacks that name, and the reading is not one.
    private static bool NameTakenFromSchool<TField>(Dictionary<TField, string> reading, HashSet<string> words, OneCellShape<TField> shape)
        where TField : struct, Enum
    {
        return shape.GivenNames.Append(shape.Surname)
            .Any(f => reading.TryGetValue(f, out var name) && SchoolMatcher.Key(name).Split(' ').All(words.Contains));
    }

    private static bool Same<TField, TSchool>(Dictionary<TField, string> a, Dictionary<TField, string> b, SchoolMatch<TSchool> ma,
        SchoolMatch<TSchool> mb, OneCellShape<TField> shape)
        where TField : struct, Enum
        where TSchool : class, IImportSchool
    {
        bool NotSchool(KeyValuePair<TField, string> kv) =>
            !EqualityComparer<TField>.Default.Equals(kv.Key, shape.School) && !EqualityComparer<TField>.Default.Equals(kv.Key, shape.SchoolCode);
        return ma.School?.Id == mb.School?.Id
            && a.Where(NotSchool).OrderBy(kv => kv.Key).SequenceEqual(b.Where(NotSchool).OrderBy(kv => kv.Key));
    }

    private static void Cut<TField>(string[] tokens, int at, IReadOnlyList<TField> order, int field, Dictionary<TField, string> current,
        List<Dictionary<TField, string>> readings, OneCellShape<TField> shape)
        where TField : struct, Enum
    {
        if (readings.Count >= MaxReadings) return;
        if (field == order.Count)
        {
            if (at == tokens.Length) readings.Add(new Dictionary<TField, string>(current));
            return;
        }
        var f = order[field];
        var remaining = tokens.Length - at;
        var (min, max) = shape.Span(f, remaining);
        for (var n = min; n <= max && n <= remaining; n++)
        {
            if (n == 0)
            {
                Cut(tokens, at, order, field + 1, current, readings, shape);
                continue;
            }
            var text = string.Join(' ', tokens, at, n);
            if (!shape.Fits(f, text, tokens.AsSpan(at, n))) continue;
            current[f] = text;
            Cut(tokens, at + n, order, field + 1, current, readings, shape);
            current.Remove(f);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Words();
}
