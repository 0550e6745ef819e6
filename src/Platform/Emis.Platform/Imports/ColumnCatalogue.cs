using System.Text.RegularExpressions;
using Emis.Platform.Text;

namespace Emis.Platform.Imports;

/// <summary>How header cells are compared, whatever the importer's fields.</summary>
public static partial class ColumnCatalogue
{
    /// <summary>A header cell reduced for comparison: folded as names are for search, letters and digits only.</summary>
    public static string Key(string header) => new([.. NameFolding.ForComparison(header.Trim()).Where(char.IsLetterOrDigit)]);

    /// <summary>
    /// The header cell without what teachers add to a column's name: a note or hint in brackets ("Klasa (1-12)",
    /// "FTE (0-1)", "Datum [dd.mm.yyyy]"), a number in front ("1. Emri", "2) Mbiemri") and marks after it ("Emri *").
    /// </summary>
    public static string WithoutHints(string header)
    {
        var text = Notes().Replace(header, " ");
        text = Numbering().Replace(text, "");
        return text.Trim().TrimEnd('*', ':', '.').Trim();
    }

    [GeneratedRegex(@"\([^)]*\)?|\[[^\]]*\]?")]
    private static partial Regex Notes();

    [GeneratedRegex(@"^\s*\d{1,2}\s*[.):\-]\s*")]
    private static partial Regex Numbering();
}

/// <summary>
/// The fields an importer's template has, the names teachers give their columns in each of the region's languages
/// (English, Albanian, Bosnian/Croatian/Serbian in Latin and Cyrillic, Turkish) and which fields a file must have.
/// Each importer declares its own catalogue (its field enum and synonyms); the matching of a header is the same for all.
/// </summary>
/// <typeparam name="TField">The importer's fields.</typeparam>
public sealed class ColumnCatalogue<TField> where TField : struct, Enum
{
    private readonly (TField Field, string Name)[] _synonyms;
    private readonly Dictionary<string, TField> _byKey;
    private readonly Func<TField, string> _describe;

    /// <param name="synonyms">Every name of every field; the first field to claim a name keeps it.</param>
    /// <param name="describe">A field as a message names it ("last name").</param>
    /// <param name="required">What a file must have: each entry is met by any one of its fields and is named by its first.</param>
    public ColumnCatalogue(IEnumerable<(TField Field, string Name)> synonyms, Func<TField, string> describe, IEnumerable<TField[]> required)
    {
        _synonyms = [.. synonyms];
        _describe = describe;
        Required = [.. required];
        _byKey = _synonyms.GroupBy(s => ColumnCatalogue.Key(s.Name)).ToDictionary(g => g.Key, g => g.First().Field, StringComparer.Ordinal);
    }

    /// <summary>What a file must have: each entry is met by any one of its fields.</summary>
    public IReadOnlyList<TField[]> Required { get; }

    public string Describe(TField field) => _describe(field);

    /// <summary>The first few names of a field, for the message about a missing column.</summary>
    public IEnumerable<string> Examples(TField field) => _synonyms.Where(s => EqualityComparer<TField>.Default.Equals(s.Field, field))
        .Select(s => s.Name).Take(4);

    /// <summary>The field a header cell names: its exact name first, then the name without hints, numbering or notes.</summary>
    public TField? Find(string header)
    {
        var key = ColumnCatalogue.Key(header);
        if (key.Length == 0) return null;
        if (_byKey.TryGetValue(key, out var field)) return field;
        var plain = ColumnCatalogue.Key(ColumnCatalogue.WithoutHints(header));
        return plain.Length > 0 && plain != key && _byKey.TryGetValue(plain, out field) ? field : null;
    }

    /// <summary>
    /// The header's columns, or the reason the file cannot be imported (one message for the whole file). A required field
    /// no header names is looked for in the content (<paramref name="rows"/>): when exactly one unnamed or unrecognised
    /// column's values read as the field (<paramref name="reads"/>: nine in ten of its first 200 values), it is taken, and
    /// said so in <see cref="SheetColumns{TField}.Inferred"/>.
    /// </summary>
    public SheetColumns<TField> Map(string[] header, string fileName, IReadOnlyList<SheetRow>? rows = null, Func<TField, string, bool>? reads = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        var columns = new Dictionary<TField, int>();
        var ignored = new List<string>();
        var free = new List<int>();
        for (var i = 0; i < header.Length; i++)
        {
            if (ColumnCatalogue.Key(header[i]).Length == 0)
            {
                free.Add(i);
                continue;
            }
            if (Find(header[i]) is { } field && !columns.ContainsKey(field)) columns[field] = i;
            else
            {
                ignored.Add(header[i].Trim());
                free.Add(i);
            }
        }
        var inferred = new List<string>();
        if (rows is { Count: > 0 } && reads is not null)
        {
            var sample = rows.Take(200).ToList();
            foreach (var anyOf in Required.Where(anyOf => !anyOf.Any(columns.ContainsKey)).ToList())
            {
                var field = anyOf[0];
                var fitting = free.Where(i => Reads(sample, i, v => reads(field, v))).ToList();
                if (fitting.Count != 1) continue;
                var column = fitting[0];
                columns[field] = column;
                free.Remove(column);
                var name = header[column].Trim();
                ignored.Remove(name);
                inferred.Add($"column {column + 1} ({(name.Length > 0 ? $"'{name}'" : "no header")}) read as {Describe(field)} from its values");
            }
        }
        var missing = Required.Where(anyOf => !anyOf.Any(columns.ContainsKey)).Select(anyOf => anyOf[0]).ToList();
        if (missing.Count > 0)
        {
            throw new UnreadableFileException("MISSING_COLUMNS",
                $"{fileName} has no column for {string.Join(", ", missing.Select(Describe))}. The header row was: " +
                $"{string.Join(" | ", header.Select(h => h.Trim()))}. Add the column (any of the usual names works, e.g. " +
                $"{string.Join("; ", missing.Select(m => $"{Describe(m)}: {string.Join(", ", Examples(m))}"))}).");
        }
        return new SheetColumns<TField>(columns, header.Length, ignored) { Inferred = inferred };
    }

    // Whether a column's values read as a field: at least five values (or every row of a short file), nine in ten fitting.
    private static bool Reads(IReadOnlyList<SheetRow> sample, int column, Func<string, bool> fits)
    {
        var values = sample.Select(r => column < r.Cells.Length ? r.Cells[column].Trim() : "").Where(v => v.Length > 0).ToList();
        if (values.Count < Math.Min(5, sample.Count)) return false;
        return values.Count(fits) >= values.Count * 0.9;
    }
}

/// <summary>Which column of a file holds which field, found from its header in any order and any of the region's languages.</summary>
public sealed class SheetColumns<TField> where TField : struct, Enum
{
    private readonly Dictionary<TField, int> _columns;

    internal SheetColumns(Dictionary<TField, int> columns, int width, IReadOnlyList<string> ignored)
    {
        _columns = columns;
        Width = width;
        Ignored = ignored;
        Order = [.. _columns.OrderBy(c => c.Value).Select(c => c.Key)];
    }

    public int Width { get; }

    /// <summary>Header cells that name no field of the template (kept out of the import, listed in the report).</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Columns a required field was found in by their values, not their header, as the report says them.</summary>
    public IReadOnlyList<string> Inferred { get; init; } = [];

    public int? this[TField field] => _columns.TryGetValue(field, out var i) ? i : null;

    /// <summary>The fields in the file's column order (how a row typed into one cell is read).</summary>
    public IReadOnlyList<TField> Order { get; }

    /// <summary>The cell of a field in a row, or null when the file has no such column or the row is shorter.</summary>
    public string? Cell(SheetRow row, TField field) => this[field] is { } i && i < row.Cells.Length ? row.Cells[i] : null;
}
