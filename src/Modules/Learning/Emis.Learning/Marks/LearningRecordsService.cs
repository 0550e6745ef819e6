using Emis.Learning.Contracts;
using Emis.Learning.Results;
using Emis.Learning.Rules;
using Marten;
using Npgsql;

namespace Emis.Learning.Marks;

/// <summary><see cref="ILearningRecords"/> from the marks' intervals as they stand and the sections' confirmed results.</summary>
internal sealed class LearningRecordsService(NpgsqlDataSource database, IDocumentStore store) : ILearningRecords
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<LearnerAchievements> AchievementsAsync(string jurisdiction, Guid learnerId, CancellationToken ct)
    {
        var marks = new List<FinalMark>();
        await using (var connection = await database.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand($"""
            select school_year, school_id, school_code, grade, level, subject, mark, value, passing
            from {_schema}.lrn_marks where tenant_id = $1 and learner_id = $2 and term = $3 and to_seq is null
            order by school_year, subject
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
            command.Parameters.Add(new NpgsqlParameter { Value = learnerId });
            command.Parameters.Add(new NpgsqlParameter { Value = AssessmentRulesView.Final });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                marks.Add(new FinalMark(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7), reader.GetBoolean(8)));
            }
        }
        await using var session = store.QuerySession(jurisdiction);
        var sections = await session.Query<SectionResultsView>().Where(s => s.Results.Any(r => r.LearnerId == learnerId)).ToListAsync(ct);
        var outcomes = sections
            .Select(s => (Section: s, Result: s.ResultOf(learnerId)!))
            .Select(x => new ConfirmedOutcome(x.Section.SchoolYear, x.Section.SectionId, x.Section.SchoolId, x.Section.SchoolCode, x.Section.Grade,
                x.Result.Outcome.ToString().ToUpperInvariant()))
            .OrderBy(o => o.SchoolYear, StringComparer.Ordinal).ToList();
        return new LearnerAchievements(learnerId, marks, outcomes);
    }

    public async Task<IReadOnlyList<Guid>> GraduatesAsync(string jurisdiction, Guid sectionId, CancellationToken ct)
    {
        await using var session = store.QuerySession(jurisdiction);
        var section = await session.LoadAsync<SectionResultsView>(SectionResultsView.IdFor(sectionId), ct);
        return section is null
            ? []
            : [.. section.Results.Where(r => r.Outcome == Enrollment.Contracts.YearEndResult.Graduated).Select(r => r.LearnerId)];
    }
}
