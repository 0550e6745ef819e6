using System.Globalization;
using Emis.Budget.Schools;
using Emis.Platform.Imports;

namespace Emis.Budget.Accounts.ImportingTreasury;

/// <summary>A school of Budget's own copy as the platform's school matcher sees it.</summary>
public sealed record TreasurySchool(Guid Id, string Code, string Name, string Municipality, string Level) : IImportSchool
{
    public static TreasurySchool From(BudgetSchool school)
    {
        ArgumentNullException.ThrowIfNull(school);
        return new(school.Id, school.Code, school.Name, school.Municipality, school.Level);
    }

    public BudgetHolder Holder => new(HolderKind.School, Id, Code, Municipality, Level);
}

/// <summary>The holder a line names, as it was written and as it was read.</summary>
/// <param name="Holder">The holder, when the text is certainly one.</param>
/// <param name="Problem">Why the text is no holder (unknown, or not certainly one school).</param>
public sealed record ResolvedHolder(BudgetHolder? Holder, RowProblem? Problem, Correction? Correction);

/// <summary>
/// Who a treasury line's holder is: central (the ministry: "central", "ministarstvo …", "ministria …", "… bakanlığı"), a school by its code
/// or by its name (exact, or a typo the platform's <see cref="SchoolMatcher{TSchool}"/> is sure of — two schools of a name, or a name not
/// close enough to one, are never guessed), or a municipality by its name as the registry's schools give it ("Općina Bihać" is Bihać).
/// </summary>
public sealed class TreasuryHolders
{
    private readonly SchoolMatcher<TreasurySchool> _schools;
    private readonly Dictionary<string, string> _municipalities = new(StringComparer.Ordinal);

    public TreasuryHolders(IEnumerable<BudgetSchool> schools)
    {
        var list = schools.Select(TreasurySchool.From).ToList();
        _schools = new SchoolMatcher<TreasurySchool>(list);
        foreach (var municipality in list.Select(s => s.Municipality).Distinct(StringComparer.Ordinal))
        {
            _municipalities.TryAdd(SchoolMatcher.Key(municipality), municipality);
        }
    }

    // Words that name the ministry itself (keys, as SchoolMatcher folds them) and the stems its names start with.
    private static readonly HashSet<string> CentralWords = new(new[]
    {
        "central", "centre", "center", "centralno", "centralni", "централно", "qendror", "qendrore", "qendra", "merkez", "merkezi",
    }.Select(SchoolMatcher.Key), StringComparer.Ordinal);

    private static readonly string[] CentralStems = [.. new[] { "ministry", "ministarstv", "министарств", "ministri", "bakanlı" }
        .Select(SchoolMatcher.Key).Distinct()];

    // What municipalities' names are written with ("Općina Bihać", "Grad Cazin", "Komuna e Bihaćit" is not handled: a name is kept as written).
    private static readonly string[] MunicipalityWords =
    [.. new[]
    {
        "opcina", "opstina", "općina", "općine", "opštine", "grad", "municipality", "municipality of", "city of", "општина", "град",
        "komuna", "komuna e", "bashkia", "bashkia e", "belediyesi", "belediye",
    }.Select(SchoolMatcher.Key).OrderByDescending(w => w.Length)];

    public ResolvedHolder Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = SchoolMatcher.Key(text);
        if (CentralWords.Contains(key) || CentralStems.Any(s => key.StartsWith(s, StringComparison.Ordinal)
            || key.EndsWith(s, StringComparison.Ordinal) || key.Contains(" " + s, StringComparison.Ordinal)))
        {
            return new ResolvedHolder(BudgetHolder.CentralHolder, null, key == "central" ? null : new Correction("holder", text, "central"));
        }
        if (_schools.ByCode(text) is { } byCode) return new ResolvedHolder(byCode.Holder, null, null);
        if (Municipality(key) is { } municipality)
        {
            return new ResolvedHolder(new BudgetHolder(HolderKind.Municipality, null, null, municipality, null), null,
                municipality == text ? null : new Correction("holder", text, municipality));
        }
        var match = _schools.Match(text, null);
        if (match.School is { } school)
        {
            return new ResolvedHolder(school.Holder, null,
                text == school.Name ? null : new Correction("holder", text, $"{school.Name} ({school.Code})", match.Confidence));
        }
        if (match.Candidates.Count == 0)
        {
            return new ResolvedHolder(null, new RowProblem("holder", "HOLDER_NOT_FOUND", $"'{text}' is no school (by code or name), no " +
                "municipality of the registry's schools, and not central."), null);
        }
        // Two schools of one name, or a name not close enough to one: never guessed.
        return new ResolvedHolder(null, new RowProblem("holder", "HOLDER_UNCERTAIN", $"'{text}' is not certainly any school of the registry; " +
            "closest: " + string.Join(", ", match.Candidates.Select(c =>
                $"{c.School.Name} ({c.School.Code}, {c.Confidence.ToString("0.00", CultureInfo.InvariantCulture)})")) +
            ". Write the school's code."), null);
    }

    private string? Municipality(string key)
    {
        if (_municipalities.TryGetValue(key, out var name)) return name;
        foreach (var word in MunicipalityWords)
        {
            if (key.StartsWith(word + " ", StringComparison.Ordinal) && _municipalities.TryGetValue(key[(word.Length + 1)..], out name)) return name;
            if (key.EndsWith(" " + word, StringComparison.Ordinal) && _municipalities.TryGetValue(key[..^(word.Length + 1)], out name)) return name;
        }
        return null;
    }
}
