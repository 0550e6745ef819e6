using System.Text;
using Emis.Platform.Text;

namespace Emis.Platform.Imports;

/// <summary>
/// The names a jurisdiction knows, as given names and as surnames: from the file's own well-formed rows and the people
/// already in Emis. A row typed into one cell is split with it (<see cref="OneCell"/>): "Tarik Vedad" is read as one
/// first name only if it has been seen as one, and a surname that is only ever a given name is a parent's name taken
/// for a surname.
/// </summary>
public sealed class NameVocabulary
{
    private readonly HashSet<string> _given = new(StringComparer.Ordinal);
    private readonly HashSet<string> _surnames = new(StringComparer.Ordinal);

    public static readonly NameVocabulary Empty = new();

    public void AddGiven(string? name)
    {
        if (Key(name) is { Length: > 0 } key) _given.Add(key);
    }

    public void AddSurname(string? name)
    {
        if (Key(name) is { Length: > 0 } key) _surnames.Add(key);
    }

    public void Add(IEnumerable<KnownPerson> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        foreach (var person in people)
        {
            AddGiven(person.FirstName);
            AddGiven(person.ParentName);
            AddSurname(person.LastName);
        }
    }

    /// <summary>
    /// The names a file's own rows (those not typed into one cell) and the people already in Emis give, for any
    /// importer's template: its first name, parent's name and surname fields.
    /// </summary>
    public static NameVocabulary Of<TField>(Sheet sheet, SheetColumns<TField> columns, TField first, TField parent, TField last,
        IEnumerable<KnownPerson> known)
        where TField : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(columns);
        var names = new NameVocabulary();
        names.Add(known);
        foreach (var row in sheet.Rows)
        {
            if (OneCell.IsOneCell(row, columns.Width, out _)) continue;
            names.AddGiven(columns.Cell(row, first));
            names.AddGiven(columns.Cell(row, parent));
            names.AddSurname(columns.Cell(row, last));
        }
        return names;
    }

    public bool IsGiven(string name) => _given.Contains(Key(name));

    public bool IsSurname(string name) => _surnames.Contains(Key(name));

    public bool IsEmpty => _given.Count == 0 && _surnames.Count == 0;

    /// <summary>A name folded for comparison: lower case, no accents, letters only, single spaces.</summary>
    public static string Key(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var builder = new StringBuilder(name.Length);
        var space = false;
        foreach (var c in NameFolding.ForComparison(name))
        {
            if (char.IsLetter(c))
            {
                if (space && builder.Length > 0) builder.Append(' ');
                builder.Append(c);
                space = false;
            }
            else if (char.IsWhiteSpace(c) || c == '-')
            {
                space = true;
            }
        }
        return builder.ToString();
    }
}
