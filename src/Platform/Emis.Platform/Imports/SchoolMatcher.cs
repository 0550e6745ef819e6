using System.Collections.Concurrent;
using System.Text;
using Emis.Platform.Text;

namespace Emis.Platform.Imports;

/// <summary>
/// A school as an importer knows it (its own copy of the registry's schools), as far as matching a file's school
/// needs: its id, code, name and municipality.
/// </summary>
public interface IImportSchool
{
    Guid Id { get; }
    string Code { get; }
    string Name { get; }
    string Municipality { get; }
}

/// <summary>How a school written in a file was matched to the registry.</summary>
/// <param name="School">The school, when the match is certain enough to import; otherwise null.</param>
/// <param name="Confidence">1 for an exact code or name; less for a fuzzy match.</param>
/// <param name="Candidates">The closest schools, best first (for the review queue).</param>
public sealed record SchoolMatch<TSchool>(TSchool? School, double Confidence, IReadOnlyList<(TSchool School, double Confidence)> Candidates)
    where TSchool : class, IImportSchool
{
    public bool Exact => School is not null && Confidence >= 1.0;
}

/// <summary>
/// Finds the school a row means: the exact code, the exact name (ignoring case, accents, quotes and spacing), then
/// the closest name by edit distance (typos, swapped and doubled letters) among the schools that share letter
/// triples with it. A fuzzy match is taken only when it is close and clearly closer than any other school;
/// otherwise the row is held for review with the candidates, never guessed.
/// </summary>
public sealed class SchoolMatcher<TSchool> where TSchool : class, IImportSchool
{
    private readonly Dictionary<string, TSchool> _byCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<TSchool>> _byKey = new(StringComparer.Ordinal);
    private readonly List<(TSchool School, string Key)> _schools = [];
    private readonly Dictionary<string, List<int>> _trigrams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SchoolMatch<TSchool>> _memo = new(StringComparer.Ordinal);

    public SchoolMatcher(IEnumerable<TSchool> schools)
    {
        foreach (var school in schools)
        {
            _byCode[school.Code.Trim()] = school;
            var key = SchoolMatcher.Key(school.Name);
            if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = [];
            list.Add(school);
            var index = _schools.Count;
            _schools.Add((school, key));
            foreach (var trigram in SchoolMatcher.Trigrams(key).Distinct())
            {
                if (!_trigrams.TryGetValue(trigram, out var posting)) _trigrams[trigram] = posting = [];
                posting.Add(index);
            }
        }
    }

    public int Count => _schools.Count;

    public TSchool? ByCode(string? code) => code is null ? null : _byCode.GetValueOrDefault(code.Trim());

    public SchoolMatch<TSchool> Match(string? name, string? code)
    {
        if (!string.IsNullOrWhiteSpace(code) && ByCode(code) is { } byCode) return new SchoolMatch<TSchool>(byCode, 1.0, [(byCode, 1.0)]);
        if (string.IsNullOrWhiteSpace(name)) return new SchoolMatch<TSchool>(null, 0, []);
        // A code typed into the name column.
        if (ByCode(name) is { } codeAsName) return new SchoolMatch<TSchool>(codeAsName, 1.0, [(codeAsName, 1.0)]);
        return _memo.GetOrAdd(SchoolMatcher.Key(name), Fuzzy);
    }

    private SchoolMatch<TSchool> Fuzzy(string key)
    {
        if (key.Length == 0) return new SchoolMatch<TSchool>(null, 0, []);
        if (_byKey.TryGetValue(key, out var exact))
        {
            return exact.Count == 1
                ? new SchoolMatch<TSchool>(exact[0], 1.0, [(exact[0], 1.0)])
                : new SchoolMatch<TSchool>(null, 1.0, [.. exact.Select(s => (s, 1.0))]); // two schools of the same name: a person decides
        }
        var compact = key.Replace(" ", "", StringComparison.Ordinal);
        // Candidates: the schools sharing the most letter triples with the text.
        var shared = new Dictionary<int, int>();
        foreach (var trigram in SchoolMatcher.Trigrams(key).Distinct())
        {
            if (!_trigrams.TryGetValue(trigram, out var posting)) continue;
            foreach (var i in posting) shared[i] = shared.GetValueOrDefault(i) + 1;
        }
        var scored = shared.OrderByDescending(s => s.Value).Take(25)
            .Select(s =>
            {
                var (school, schoolKey) = _schools[s.Key];
                var d = Math.Min(SchoolMatcher.Distance(key, schoolKey, SchoolMatcher.CandidateEdits + 1),
                    SchoolMatcher.Distance(compact, schoolKey.Replace(" ", "", StringComparison.Ordinal), SchoolMatcher.CandidateEdits + 1));
                var length = Math.Max(compact.Length, schoolKey.Length);
                return (School: school, Edits: d, Confidence: Math.Round(Math.Max(0, 1.0 - (double)d / length), 2));
            })
            .Where(c => c.Edits <= SchoolMatcher.CandidateEdits)
            .OrderBy(c => c.Edits).ThenByDescending(c => c.Confidence)
            .ToList();
        if (scored.Count == 0) return new SchoolMatch<TSchool>(null, 0, []);
        var best = scored[0];
        var runnerUp = scored.Count > 1 ? scored[1].Edits : int.MaxValue;
        var candidates = scored.Take(3).Select(c => (c.School, c.Confidence)).ToList();
        var sure = best.Edits <= SchoolMatcher.MaxEdits && runnerUp - best.Edits >= SchoolMatcher.Margin && best.Confidence >= 0.85;
        return new SchoolMatch<TSchool>(sure ? best.School : null, best.Confidence, candidates);
    }
}

/// <summary>The comparison of school names (and of names generally): keys, letter triples and edit distance.</summary>
public static class SchoolMatcher
{
    /// <summary>The most edits a fuzzy match may need.</summary>
    public const int MaxEdits = 3;

    /// <summary>How many edits closer than the runner-up a fuzzy match must be.</summary>
    public const int Margin = 2;

    /// <summary>Beyond this many edits a school is no candidate at all (the row is rejected: unknown school).</summary>
    public const int CandidateEdits = 8;

    /// <summary>A school name reduced for comparison: folded (đ as d), no quotes or punctuation, single spaces.</summary>
    public static string Key(string name)
    {
        var builder = new StringBuilder(name.Length);
        var space = false;
        foreach (var c in NameFolding.ForComparison(name, plainD: true))
        {
            if (!char.IsLetterOrDigit(c))
            {
                space = true;
                continue;
            }
            if (space && builder.Length > 0) builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    internal static IEnumerable<string> Trigrams(string key)
    {
        var padded = " " + key + " ";
        for (var i = 0; i + 3 <= padded.Length; i++) yield return padded.Substring(i, 3);
    }

    /// <summary>
    /// Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps), stopping past <paramref name="bound"/>.
    /// </summary>
    public static int Distance(string a, string b, int bound)
    {
        if (Math.Abs(a.Length - b.Length) > bound) return bound + 1;
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, previous2[j - 2] + 1);
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > bound) return bound + 1;
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
