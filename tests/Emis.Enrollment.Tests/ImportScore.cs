using System.Text.Json;
using Emis.Enrollment.Learners;
using Emis.Platform.Imports;

namespace Emis.Enrollment.Tests;

/// <summary>The sample files under tests/Data (copied from the shared sample data, so that CI needs nothing outside the clone).</summary>
public static class TestData
{
    public static string File(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir, "tests", "Data"))) dir = Path.GetDirectoryName(dir);
        return Path.Combine(dir ?? throw new InvalidOperationException("tests/Data not found"), "tests", "Data", name);
    }
}

public sealed record ScoredRow(int Row, string Status, string? Identity, string? FirstName, string? ParentName, string? LastName, DateOnly? BirthDate,
    Sex? Sex, string? SchoolCode, int? Grade);

/// <summary>Scores an import's rows against a truth file, as issue 4 states the bar.</summary>
public sealed class ImportScore
{
    public List<string> Lines { get; } = [];
    public int Ok, OkExact, Review, Total, WrongImports, InvalidImported, Duplicates, DuplicatesRecognised, SharedIdentities;

    public static ImportScore Of(IReadOnlyList<ScoredRow> rows, string truthFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(truthFile));
        var truth = doc.RootElement.GetProperty("truth").EnumerateArray().ToDictionary(t => t.GetProperty("row").GetInt32());
        var byRow = rows.ToDictionary(r => r.Row);
        var score = new ImportScore { Total = rows.Count };
        var identityOfPerson = new Dictionary<int, string>();
        var personOfIdentity = new Dictionary<string, int>();
        foreach (var (rowNumber, t) in truth.OrderBy(t => t.Key))
        {
            var kind = t.GetProperty("kind").GetString();
            var person = t.GetProperty("person_index").GetInt32();
            var e = t.GetProperty("expected");
            var r = byRow[rowNumber];
            if (r.Status == RowStatus.Review) score.Review++;
            var exact = r.FirstName == e.GetProperty("first_name").GetString() && r.ParentName == e.GetProperty("parent_name").GetString()
                && r.LastName == e.GetProperty("last_name").GetString() && r.BirthDate?.ToString("yyyy-MM-dd") == e.GetProperty("birth_date")
                    .GetString()
                && (r.Sex == Sex.Female ? "F" : r.Sex == Sex.Male ? "M" : null) == e.GetProperty("sex").GetString()
                && r.SchoolCode == e.GetProperty("school_code").GetString() && r.Grade == e.GetProperty("grade").GetInt32();
            switch (kind)
            {
                case "ok":
                    score.Ok++;
                    if (r.Status == RowStatus.Imported && exact) score.OkExact++;
                    else if (r.Status == RowStatus.Imported) { score.WrongImports++; score.Lines.Add($"WRONG ok row {rowNumber}: {r}"); }
                    else score.Lines.Add($"ok row {rowNumber} not imported: {r.Status}");
                    break;
                case "invalid":
                    if (r.Status is RowStatus.Imported or RowStatus.Duplicate)
                    {
                        score.InvalidImported++;
                        score.Lines.Add($"INVALID row {rowNumber} imported as {r.Status}: {r}");
                    }
                    break;
                case "duplicate":
                    score.Duplicates++;
                    if (r.Status == RowStatus.Duplicate && r.Identity is not null && identityOfPerson.GetValueOrDefault(person) == r.Identity)
                    {
                        score.DuplicatesRecognised++;
                    }
                    else if (r.Status == RowStatus.Imported && identityOfPerson.ContainsKey(person))
                    {
                        score.WrongImports++;
                        score.Lines.Add($"WRONG duplicate row {rowNumber} imported as new");
                    }
                    else if (r.Status == RowStatus.Imported && !exact)
                    {
                        score.WrongImports++;
                        score.Lines.Add($"WRONG duplicate row {rowNumber} (first import of its learner) imported wrong: {r}");
                    }
                    else score.Lines.Add($"duplicate row {rowNumber}: {r.Status}");
                    break;
            }
            if (r.Status == RowStatus.Imported && r.Identity is not null)
            {
                if (personOfIdentity.TryGetValue(r.Identity, out var other) && other != person) score.SharedIdentities++;
                personOfIdentity[r.Identity] = person;
                identityOfPerson.TryAdd(person, r.Identity);
            }
        }
        score.Lines.Insert(0, $"ok {score.OkExact}/{score.Ok} exact, review {score.Review}/{score.Total}, wrong {score.WrongImports}, " +
                              $"invalid imported {score.InvalidImported}, duplicates {score.DuplicatesRecognised}/{score.Duplicates}, shared ids " +
                              $"{score.SharedIdentities}");
        return score;
    }

    public void AssertBar()
    {
        Assert.True(OkExact >= Ok * 0.99, Lines[0]);
        Assert.True(Review <= Total * 0.04, Lines[0]);
        Assert.Equal(0, WrongImports);
        Assert.Equal(0, InvalidImported);
        Assert.True(DuplicatesRecognised >= Duplicates * 0.95, Lines[0]);
        Assert.Equal(0, SharedIdentities);
    }
}
