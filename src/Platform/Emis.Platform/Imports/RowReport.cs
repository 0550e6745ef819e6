using System.Globalization;
using Npgsql;

namespace Emis.Platform.Imports;

/// <summary>The link a report row gives to the person it duplicates, or may duplicate (a row held for review).</summary>
/// <param name="Row">The file's row of that person, when they came from this file.</param>
/// <param name="PersonId">The person in Emis, when known.</param>
public sealed record DuplicateLink(int? Row, Guid? PersonId);

/// <summary>What every importer's report says of a planned row, whatever the person: problems, school choices, duplicates.</summary>
public static class RowReport
{
    /// <summary>The row's errors, and for a row held for review its doubts too.</summary>
    public static IReadOnlyList<RowProblem> Problems<TDraft, TSchool>(PlannedRow<TDraft, TSchool> row)
        where TDraft : PersonDraft where TSchool : class, IImportSchool =>
        row.Status == RowStatus.Review ? [.. row.Draft.Errors, .. row.Draft.Doubts] : [.. row.Draft.Errors];

    /// <summary>For a row held for review: the schools the reviewer may pick from; otherwise null.</summary>
    public static IReadOnlyList<SchoolCandidate>? Candidates<TDraft, TSchool>(PlannedRow<TDraft, TSchool> row)
        where TDraft : PersonDraft where TSchool : class, IImportSchool =>
        row.Status == RowStatus.Review && row.SchoolCandidates.Count > 0
            ? [.. row.SchoolCandidates.Select(c => new SchoolCandidate(c.School.Code, c.School.Name, c.Confidence))]
            : null;

    /// <summary>
    /// For a duplicate: the person it is (and the row they came from, in this file or an earlier batch of it); for a row held
    /// as a possible duplicate: the person or row it may be; otherwise null.
    /// </summary>
    public static DuplicateLink? Duplicate<TDraft, TSchool>(PlannedRow<TDraft, TSchool> row, IReadOnlyDictionary<Guid, int> rowOf)
        where TDraft : PersonDraft where TSchool : class, IImportSchool
    {
        if (row.Status == RowStatus.Duplicate && row.PersonId is { } original)
        {
            return new DuplicateLink(row.DuplicateOfRow ?? (rowOf.TryGetValue(original, out var r) ? r : null), original);
        }
        return row.Status == RowStatus.Review && (row.PossibleDuplicateOf is not null || row.PossibleDuplicateOfRow is not null)
            ? new DuplicateLink(row.PossibleDuplicateOfRow, row.PossibleDuplicateOf)
            : null;
    }

    /// <summary>
    /// The people already in Emis, as duplicate detection compares them: <paramref name="sql"/> selects, for tenant <c>$1</c>,
    /// id, first name, parent's name (or null), last name and birth date (<c>yyyy-MM-dd</c>).
    /// </summary>
    public static async Task<List<KnownPerson>> KnownPeopleAsync(NpgsqlDataSource dataSource, string sql, string tenant, CancellationToken ct)
    {
        var result = new List<KnownPerson>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new KnownPerson(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                DateOnly.ParseExact(reader.GetString(4), "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        return result;
    }
}
