using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Learning.Results;
using Emis.Platform.Auth;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>A host and a database of their own: the demo canton is loaded into the default jurisdiction, as `./emis up` loads it.</summary>
public sealed class DemoHostFixture : EmisHostFixture;

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoHostFixture>
{
    public const string Name = "demo";
}

/// <summary>The demo canton as `./emis up` loads it: last school year's marks, make-up exams, confirmed results and a graduating cohort.</summary>
[Collection(DemoCollection.Name)]
public sealed class DemoTests(DemoHostFixture host)
{
    private const string Figures = """
        query($year: String!, $groupBy: [MarkDimension!]!, $term: String) {
          markFigures(schoolYear: $year, groupBy: $groupBy, term: $term) {
            rows { municipality subject marks learners passRate { value numerator denominator }
                   failingOne { numerator } failingTwo { numerator } failingThreeOrMore { numerator } }
          }
        }
        """;

    private const string Record = """
        query($learner: ID!) { learnerRecord(learnerId: $learner) { marks { subject term mark } results { schoolYear outcome } } }
        """;

    [Fact]
    public async Task the_demo_canton_carries_last_years_marks_and_confirmed_results_with_a_graduating_cohort_loaded_once()
    {
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        var logger = host.Service<ILoggerFactory>().CreateLogger("demo");
        await DemoJurisdiction.LoadIfEmptyAsync(host.Services, logger, CancellationToken.None);
        var ministry = new Caller("demo-test", Roles.MinistryAdmin, jurisdiction, null, null);

        // Pass rates of last year in every municipality: most marks pass, some learners fail one or two subjects, fewer more.
        var byMunicipality = (await host.DataAsync(ministry, Figures, new { year = DemoLearning.LastSchoolYear, groupBy = new[] { "MUNICIPALITY" } }))
            ["markFigures"]!["rows"]!.AsArray();
        Assert.Equal(8, byMunicipality.Count);
        Assert.All(byMunicipality, row => Assert.True(row!["marks"]!.GetValue<long>() > 0));
        var passed = byMunicipality.Sum(r => r!["passRate"]!["numerator"]!.GetValue<long>());
        var marks = byMunicipality.Sum(r => r!["passRate"]!["denominator"]!.GetValue<long>());
        Assert.InRange(100.0 * passed / marks, 90, 99.99);
        int Sum(string figure) => byMunicipality.Sum(r => r!["failing" + figure]!["numerator"]!.GetValue<int>());
        Assert.True(Sum("One") + Sum("Two") > Sum("ThreeOrMore"));
        Assert.True(Sum("ThreeOrMore") > 0);
        // By subject, and the half-year's marks too.
        var bySubject = (await host.DataAsync(ministry, Figures, new { year = DemoLearning.LastSchoolYear, groupBy = new[] { "SUBJECT" } }))
            ["markFigures"]!["rows"]!.AsArray();
        Assert.Contains(bySubject, r => r!["subject"]!.GetValue<string>() == "MAT" && r["passRate"]!["value"]!.GetValue<decimal>() < 100m);
        var halfYear = (await host.DataAsync(ministry, Figures,
            new { year = DemoLearning.LastSchoolYear, groupBy = Array.Empty<string>(), term = "T1" }))["markFigures"]!["rows"]![0]!;
        Assert.True(halfYear["marks"]!.GetValue<long>() > 0);

        var store = host.Service<IDocumentStore>();
        List<SectionResultsView> sections;
        await using (var query = store.QuerySession(jurisdiction))
        {
            sections = [.. await query.Query<SectionResultsView>().Where(s => s.SchoolYear == DemoLearning.LastSchoolYear).ToListAsync()];
        }
        var results = sections.SelectMany(s => s.Results).ToList();
        Assert.NotEmpty(sections);
        Assert.True(results.Count(r => r.Outcome == Enrollment.Contracts.YearEndResult.Promoted) > results.Count / 2);
        Assert.Contains(results, r => r.Outcome == Enrollment.Contracts.YearEndResult.Repeating && r.FailingSubjects.Count > 0);

        // The graduating cohort: confirmed GRADUATED on their final marks, and graduates in Enrollment.
        var graduates = results.Where(r => r.Outcome == Enrollment.Contracts.YearEndResult.Graduated).Select(r => r.LearnerId).ToList();
        Assert.True(graduates.Count > 100, $"{graduates.Count} graduates");
        await using (var query = store.QuerySession(jurisdiction))
        {
            var profiles = await query.LoadManyAsync<LearnerProfile>(graduates);
            Assert.All(profiles, p => Assert.Equal(LearnerStatus.Graduated, p.Status));
        }
        var record = (await host.DataAsync(ministry, Record, new { learner = graduates[0] }))["learnerRecord"]!;
        Assert.Equal(("2024/2025", "GRADUATED"), (record["results"]![0]!["schoolYear"]!.GetValue<string>(),
            record["results"]![0]!["outcome"]!.GetValue<string>()));
        Assert.Contains(record["marks"]!.AsArray(), m => m!["term"]!.GetValue<string>() == "FINAL");

        // Loaded once: a second start changes nothing.
        var before = await LearningEventsAsync();
        Assert.True(before["learning.mark_corrected"] > 0, "make-up exams are corrections");
        await DemoJurisdiction.LoadIfEmptyAsync(host.Services, logger, CancellationToken.None);
        Assert.Equal(before, await LearningEventsAsync());
    }

    [Fact]
    public async Task the_demo_cantons_last_graduating_cohort_has_verifiable_diplomas_one_of_them_revoked_loaded_once()
    {
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        var logger = host.Service<ILoggerFactory>().CreateLogger("demo");
        await DemoJurisdiction.LoadIfEmptyAsync(host.Services, logger, CancellationToken.None);
        var ministry = new Caller("demo-test", Roles.MinistryAdmin, jurisdiction, null, null);

        const string query = """
            query($status: DiplomaStatus) { diplomas(filter: { schoolYear: "2024/2025", status: $status }, first: 500) { totalCount
              edges { node { id status givenName credential revocationReason } } } }
            """;
        var diplomas = (await host.DataAsync(ministry, query, new { status = (string?)null }))["diplomas"]!;
        var nodes = diplomas["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        Assert.True(diplomas["totalCount"]!.GetValue<int>() >= 10, diplomas.ToJsonString());
        // More diplomas than a page: the revoked one is asked for by its status, wherever it falls in the list.
        var revokedOnes = (await host.DataAsync(ministry, query, new { status = "REVOKED" }))["diplomas"]!;
        var revoked = Assert.Single(revokedOnes["edges"]!.AsArray())!["node"]!;
        Assert.Equal(DemoDiplomas.RevocationReason, revoked["revocationReason"]!.GetValue<string>());
        Assert.All(nodes, d => Assert.NotNull(d["credential"]));

        // Anyone verifies them from the public documents: one valid, the revoked one revoked.
        var valid = nodes.First(d => d["status"]!.GetValue<string>() == "ISSUED");
        Assert.Equal("valid", await VerdictAsync(valid["credential"]!.GetValue<string>()));
        Assert.Equal("revoked", await VerdictAsync(revoked["credential"]!.GetValue<string>()));

        // Loaded once: a second start changes nothing.
        var before = await EventsAsync("credentials.diploma%");
        await DemoJurisdiction.LoadIfEmptyAsync(host.Services, logger, CancellationToken.None);
        Assert.Equal(before, await EventsAsync("credentials.diploma%"));
    }

    private async Task<string> VerdictAsync(string credential)
    {
        using var response = await host.Http.PostAsync(new Uri("/credentials/verify", UriKind.Relative),
            new StringContent(credential, System.Text.Encoding.UTF8, "text/plain"));
        response.EnsureSuccessStatusCode();
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["verdict"]!.GetValue<string>();
    }

    [Fact]
    public async Task the_demo_canton_shows_its_budget_against_actual_per_learner_and_the_laptop_request_funded_loaded_once()
    {
        var jurisdiction = EmisComposition.DefaultJurisdiction;
        var logger = host.Service<ILoggerFactory>().CreateLogger("demo");
        await DemoJurisdiction.LoadIfEmptyAsync(host.Services, logger, CancellationToken.None);
        var ministry = new Caller("demo-test", Roles.MinistryAdmin, jurisdiction, null, null);

        var figures = (await host.DataAsync(ministry, """
            query { budgetFigures(fiscalYear: 2026, groupBy: [MUNICIPALITY]) { currency enrolmentSchoolYear rows { municipality budget spent
              overrides executionRate { value } expenditurePerLearner { value numerator denominator reason } } } }
            """))["budgetFigures"]!;
        Assert.Equal(("BAM", "2025/2026"), (figures["currency"]!.GetValue<string>(), figures["enrolmentSchoolYear"]!.GetValue<string>()));
        var municipalities = figures["rows"]!.AsArray().Where(r => r!["municipality"] is not null).ToList();
        Assert.Equal(8, municipalities.Count);
        Assert.All(municipalities, r =>
        {
            Assert.True(r!["spent"]!.GetValue<decimal>() > 0);
            Assert.InRange(r["executionRate"]!["value"]!.GetValue<decimal>(), 1m, 100m);
            Assert.True(r["expenditurePerLearner"]!["value"]!.GetValue<decimal>() > 100m, r.ToJsonString());
        });
        Assert.True(figures["rows"]!.AsArray().Sum(r => r!["overrides"]!.GetValue<long>()) >= 1, "the flooded school's override");

        var proposal = (await host.DataAsync(ministry, """
            { purchaseProposals(first: 5) { edges { node { name funding { decision amount fundingSource items { quantity } } } } } }
            """))["purchaseProposals"]!["edges"]![0]!["node"]!["funding"]!;
        Assert.Equal(("approved", "EU4S — EU4Schools grant"), (proposal["decision"]!.GetValue<string>(),
            proposal["fundingSource"]!.GetValue<string>()));
        var store = host.Service<IDocumentStore>();
        await using (var query = store.QuerySession(jurisdiction))
        {
            var funded = await query.Query<Assets.Devices.DeviceView>().CountAsync(d => d.FundingSource == "EU4S — EU4Schools grant");
            Assert.True(funded > 0);
        }
        var ict = (await host.DataAsync(ministry, """
            query { budgetFigures(fiscalYear: 2026, groupBy: [CATEGORY]) { rows { category amended committed spent outstanding } } }
            """))["budgetFigures"]!["rows"]!.AsArray().Single(r => r!["category"]!.GetValue<string>() == "CAPITAL_ICT")!;
        Assert.Equal(proposal["amount"]!.GetValue<decimal>(), ict["amended"]!.GetValue<decimal>());
        Assert.True(ict["spent"]!.GetValue<decimal>() > 0 && ict["outstanding"]!.GetValue<decimal>() > 0);

        // Loaded once: a second start changes nothing.
        var before = await EventsAsync("budget.%");
        await DemoJurisdiction.LoadIfEmptyAsync(host.Services, logger, CancellationToken.None);
        Assert.Equal(before, await EventsAsync("budget.%"));
    }

    private Task<Dictionary<string, long>> LearningEventsAsync() => EventsAsync("learning.%");

    private async Task<Dictionary<string, long>> EventsAsync(string types)
    {
        await using var db = new NpgsqlConnection(host.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type, count(*) from emis.mt_events where tenant_id = $1 and type like $2 group by type", db);
        command.Parameters.Add(new NpgsqlParameter { Value = EmisComposition.DefaultJurisdiction });
        command.Parameters.Add(new NpgsqlParameter { Value = types });
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}
