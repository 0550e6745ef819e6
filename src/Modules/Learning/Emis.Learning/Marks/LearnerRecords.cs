using System.Security.Cryptography;
using System.Text;
using Emis.Curriculum.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Learning.Results;
using Emis.Platform.Auth;
using Marten;
using Npgsql;

namespace Emis.Learning.Marks;

/// <summary>A mark in a learner's record: where and when it was given, and what it is now.</summary>
public sealed record RecordMark(string SchoolYear, Guid SchoolId, string SchoolCode, int Grade, string Section, string Subject, string Term,
    string Mark, decimal? Value, bool Passing);

/// <summary>A confirmed year-end result in a learner's record.</summary>
public sealed record RecordResult(string SchoolYear, Guid SectionId, string SchoolCode, YearEndResult Outcome, IReadOnlyList<string> FailingSubjects);

/// <summary>
/// A learner's own record: their marks and confirmed results in the caller's scope; <see cref="LearnerId"/> is null and
/// <see cref="Pseudonym"/> stands for the learner when the caller sees no personal data.
/// </summary>
public sealed record LearnerRecord(Guid? LearnerId, string? Pseudonym, IReadOnlyList<RecordMark> Marks, IReadOnlyList<RecordResult> Results);

/// <summary>Reads a learner's record from <c>lrn_marks</c> (marks as they stand) and the sections' confirmed results.</summary>
public sealed class LearnerRecords(NpgsqlDataSource database, IDocumentStore store, ISectionCatalogue sections)
{
    // Pseudonyms are stable while the process runs and unlinkable across restarts: an analyst can follow a learner through
    // one answer set, never match them to another source.
    private static readonly byte[] PseudonymKey = RandomNumberGenerator.GetBytes(32);

    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<LearnerRecord> RecordAsync(Caller caller, Guid learnerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var marks = new List<(RecordMark Mark, Guid Section)>();
        await using (var connection = await database.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand($"""
            select school_year, school_id, school_code, section_id, grade, letter, subject, term, mark, value, passing
            from {_schema}.lrn_marks where tenant_id = $1 and learner_id = $2 and to_seq is null
            order by school_year, subject, term = 'FINAL', term
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = caller.Jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = learnerId });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                marks.Add((new RecordMark(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(4), reader.GetString(5),
                    reader.GetString(6), reader.GetString(7), reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetDecimal(9), reader.GetBoolean(10)), reader.GetGuid(3)));
            }
        }
        await using var session = store.QuerySession(caller.Jurisdiction);
        var confirmed = await session.Query<SectionResultsView>().Where(s => s.Results.Any(r => r.LearnerId == learnerId)).ToListAsync(ct);
        // Each section that gave a mark or a result is asked once whether the caller may see it (a teacher: teaches in it now).
        var visible = new HashSet<Guid>();
        foreach (var id in marks.Select(m => m.Section).Concat(confirmed.Select(r => r.SectionId)).Distinct())
        {
            if (await sections.SectionAsync(caller.Jurisdiction, id, ct) is { } section && LearningAccess.MaySeeRecordRow(caller, section))
            {
                visible.Add(id);
            }
        }
        var results = confirmed.Where(s => visible.Contains(s.SectionId))
            .Select(s => s.ResultOf(learnerId) is { } r
                ? new RecordResult(s.SchoolYear, s.SectionId, s.SchoolCode, r.Outcome, r.FailingSubjects)
                : null)
            .OfType<RecordResult>().OrderBy(r => r.SchoolYear, StringComparer.Ordinal).ToList();
        var shown = marks.Where(m => visible.Contains(m.Section)).Select(m => m.Mark).ToList();
        return LearningAccess.SeesLearner(caller)
            ? new LearnerRecord(learnerId, null, shown, results)
            : new LearnerRecord(null, Pseudonym(caller.Jurisdiction, learnerId), shown, results);
    }

    public static string Pseudonym(string jurisdiction, Guid learnerId) =>
        "p-" + Convert.ToHexStringLower(HMACSHA256.HashData(PseudonymKey, Encoding.UTF8.GetBytes($"{jurisdiction}/{learnerId:N}")))[..20];
}
