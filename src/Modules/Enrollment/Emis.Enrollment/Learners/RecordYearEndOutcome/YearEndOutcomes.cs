using Emis.Enrollment.Contracts;
using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using Marten;
using Npgsql;

namespace Emis.Enrollment.Learners.RecordYearEndOutcome;

/// <summary>
/// <see cref="IYearEndOutcomes"/>: class lists of any year from the enrolment intervals (<c>enr_spells</c> open in that year,
/// which a transfer, a withdrawal or a revert closes and an outcome does not), and outcomes recorded by the very decision
/// <see cref="RecordYearEndOutcomeHandler"/> takes, in the caller's session.
/// </summary>
internal sealed class YearEndOutcomes(NpgsqlDataSource database, IDocumentStore store) : IYearEndOutcomes
{
    private readonly string _schema = store.Options.DatabaseSchemaName;

    public async Task<IReadOnlyList<RosterLearner>> RosterAsync(string jurisdiction, Guid schoolId, string schoolYear, int grade, string section,
        CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select distinct learner_id, sex from {_schema}.enr_spells
            where tenant_id = $1 and school_id = $2 and school_year = $3 and grade = $4 and section = $5 and valid_to is null
            order by learner_id
            """, connection);
        foreach (var value in new object[] { jurisdiction, schoolId, schoolYear, grade, LearnerRules.CleanSection(section) })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        var roster = new List<RosterLearner>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) roster.Add(new RosterLearner(reader.GetGuid(0), reader.GetString(1)));
        return roster;
    }

    public async Task<IReadOnlyList<object>> RecordAsync(IDocumentSession session, string schoolYear, IReadOnlyList<YearEndResultToRecord> results,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(results);
        var announcements = new List<object>();
        var errors = new List<UserError>();
        var schools = new Dictionary<Guid, EnrollmentSchool?>();
        for (var i = 0; i < results.Count; i++)
        {
            var (learnerId, result) = (results[i].LearnerId, results[i].Result);
            try
            {
                var stream = await LearnerStreams.FetchAsync(session, learnerId, null, ct);
                var placement = stream.Aggregate!.ActiveIn(schoolYear);
                EnrollmentSchool? school = null;
                if (placement is not null && !schools.TryGetValue(placement.SchoolId, out school))
                {
                    school = schools[placement.SchoolId] = await session.LoadAsync<EnrollmentSchool>(placement.SchoolId, ct);
                }
                var command = new RecordYearEndOutcome(learnerId, schoolYear, Of(result));
                stream.AppendOne(RecordYearEndOutcomeHandler.Decide(command, stream.Aggregate!, school, fromMarks: true));
                announcements.Add(LearnerStreams.Announce(session.TenantId, learnerId, schoolYear, LearnerStreams.NextVersion(stream),
                    "outcome_recorded", school!));
            }
            catch (CommandRejectedException e)
            {
                // Named as the confirmation names them: the learner, or the outcome asked for.
                errors.AddRange(e.Errors.Select(x => x with
                {
                    Field = x.Field == "learnerId" ? $"results[{i}].learnerId" : $"results[{i}].outcome",
                }));
            }
        }
        if (errors.Count > 0) throw new CommandRejectedException(errors);
        return announcements;
    }

    private static YearEndOutcome Of(YearEndResult result) => result switch
    {
        YearEndResult.Promoted => YearEndOutcome.Promoted,
        YearEndResult.Repeating => YearEndOutcome.Repeating,
        YearEndResult.Graduated => YearEndOutcome.Graduated,
        _ => throw new CommandRejectedException(ErrorCodes.Invalid, "result", $"'{result}' is not a year-end result."),
    };
}
