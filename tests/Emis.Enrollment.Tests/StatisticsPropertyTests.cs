using System.Text.Json.Nodes;

namespace Emis.Enrollment.Tests;

/// <summary>
/// Property: whatever sequence of enrolments, transfers, withdrawals, outcomes and rollovers happens, the statistics
/// (live and as of any instant) equal a brute-force count over the learners' own histories.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class StatisticsPropertyTests(EmisHostFixture host)
{
    private static readonly string[] Years = ["2025/2026", "2026/2027"];

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(97)]
    public async Task statistics_agree_with_a_brute_force_count_over_the_learners_on_random_event_sequences(int seed)
    {
        var random = new Random(seed);
        var j = new Jurisdiction();
        var schools = new List<(string Id, int First, int Last)>
        {
            (await host.SchoolAsync(j, "P-1", "Prizren"), 1, 9),
            (await host.SchoolAsync(j, "P-2", "Gjakova"), 1, 9),
            (await host.SchoolAsync(j, "G-1", "Gjakova", "UPPER_SECONDARY"), 10, 13),
        };
        var learners = new List<string>();
        var checkpoints = new List<DateTimeOffset>();

        for (var step = 0; step < 45; step++)
        {
            if (step % 15 == 7)
            {
                // Time ordering under test, not a wait: each checkpoint instant lies strictly between the events before it and
                // those after it (event times are cut to the microsecond), so the clock moves on either side of it.
                await Task.Delay(15);
                checkpoints.Add(DateTimeOffset.UtcNow);
                await Task.Delay(15);
            }
            var school = schools[random.Next(schools.Count)];
            var grade = random.Next(school.First, school.Last + 1);
            var year = Years[random.Next(Years.Length)];
            var roll = learners.Count < 3 ? 0 : random.Next(100);
            var learner = learners.Count == 0 ? null : learners[random.Next(learners.Count)];
            switch (roll)
            {
                case < 35:
                    var born = 2019 - grade;
                    var payload = await host.MutateAsync(j.Admin, LearnerRequests.Register,
                        LearnerRequests.NewLearner(school.Id, grade: grade, sex: random.Next(2) == 0 ? "FEMALE" : "MALE", birthDate: $"{born}-06-01",
                            contacts: new { guardianPhone = "+38344000111" }, section: "ABC"[random.Next(3)].ToString()), "registerLearner");
                    LearnerRequests.Ok(payload);
                    learners.Add(payload["learner"]!.Id());
                    break;
                case < 52:
                    await host.MutateAsync(j.Admin, LearnerRequests.Transfer,
                        new { input = new { learnerId = learner, schoolYear = year, toSchoolId = school.Id, grade, section = "A" } },
                            "transferLearner");
                    break;
                case < 67:
                    await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
                        new { input = new { learnerId = learner, schoolYear = year, reason = "DROPPED_OUT" } }, "withdrawLearner");
                    break;
                case < 80:
                    await host.MutateAsync(j.Admin, LearnerRequests.Enroll,
                        new { input = new { learnerId = learner, schoolYear = year, schoolId = school.Id, grade, section = "B" } }, "enrollLearner");
                    break;
                case < 93:
                    await host.MutateAsync(j.Admin, LearnerRequests.Outcome,
                        new { input = new { learnerId = learner, schoolYear = Years[0], outcome = random.Next(2) == 0 ? "PROMOTED" : "REPEATING" } },
                            "recordYearEndOutcome");
                    break;
                default:
                    await host.MutateAsync(
                        j.Admin, LearnerRequests.RollOver, new { input = new { schoolId = school.Id, schoolYear = Years[0] } }, "rollOverSchoolYear");
                    break;
            }
        }

        const string historiesQuery =
            "{ learners(first: 500) { totalCount edges { node { sex history { at change schoolYear schoolCode grade } } } } }";
        var all = (await host.DataAsync(j.Admin, historiesQuery))["learners"]!;
        Assert.Equal(learners.Count, all["totalCount"]!.GetValue<int>());
        var histories = all["edges"]!.AsArray().Select(e => e!["node"]!.AsObject()).ToList();

        foreach (var year in Years)
        {
            // The school-level rollup and the full cells agree (every learner here is taught in "sq", so the filter
            // changes nothing but which table answers).
            var rolledUp = LearnerRequests.Rows(await host.StatisticsAsync(j.Admin, ["MUNICIPALITY", "SEX"], year: year), "municipality", "sex");
            var fromCells = LearnerRequests.Rows(
                await host.StatisticsAsync(j.Admin, ["MUNICIPALITY", "SEX"], new { language = "sq" }, year: year), "municipality", "sex");
            Assert.Equal(fromCells, rolledUp);

            foreach (var at in checkpoints.Cast<DateTimeOffset?>().Append(null))
            {
                var expected = BruteForce(histories, year, at);
                var actual = LearnerRequests.Rows(
                    await host.StatisticsAsync(j.Admin, ["SCHOOL", "GRADE", "SEX"], asOf: at, year: year), "schoolCode", "grade", "sex");
                Assert.True(expected.SequenceEqual(actual),
                    $"seed {seed}, {year}, as of {at?.ToString("O") ?? "now"}: expected [{string.Join(" ", expected)}] got " +
                    $"[{string.Join(" ", actual)}]");
            }
        }
    }

    /// <summary>Replays each learner's history up to the instant and counts who was actively enrolled in the year.</summary>
    private static List<string> BruteForce(List<JsonObject> learners, string year, DateTimeOffset? at)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var learner in learners)
        {
            (string Code, int Grade)? placement = null;
            foreach (var entry in learner["history"]!.AsArray().Select(h => h!))
            {
                if (at is { } limit && entry["at"]!.GetValue<DateTimeOffset>() > limit) break;
                if (entry["schoolYear"]?.GetValue<string>() != year) continue;
                placement = entry["change"]!.GetValue<string>() switch
                {
                    "enrolled" or "transferred" => (entry["schoolCode"]!.GetValue<string>(), entry["grade"]!.GetValue<int>()),
                    "withdrawn" => null,
                    _ => placement,
                };
            }
            if (placement is { } p)
            {
                var key = $"schoolCode={p.Code},grade={p.Grade},sex={learner["sex"]!.GetValue<string>()}";
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return [.. counts.Select(c => $"{c.Key}:{c.Value}")];
    }
}
