using Emis.Enrollment.Learners.ImportLearners;
using Emis.Enrollment.Schools;
using Emis.Platform.Events;
using Emis.Platform.Imports;
using Xunit.Abstractions;

namespace Emis.Enrollment.Tests;

/// <summary>
/// The planner (cleaning, school matching, duplicates) scored on the messy sample against its truth file, without a
/// database: the bar of issue 4 for the decisions themselves. The host test runs the same file end to end.
/// </summary>
public sealed class ImportAccuracyTests(ITestOutputHelper output)
{

    public static List<EnrollmentSchool> RegistrySample() =>
        [.. LearnerTemplate.Read(File.ReadAllBytes(TestData.File("registry-sample.csv")), "registry-sample.csv").Rows.Select(r => new EnrollmentSchool
        {
            Id = NameBasedGuid.Create(Guid.Parse("6f2b1c56-55a4-4c8e-9a55-1f0b8f7c2a10"), r.Cells[0]),
            Code = r.Cells[0],
            Name = r.Cells[1],
            Municipality = r.Cells[2],
            Level = "combined",
            Status = "open",
            Version = 1,
        })];

    [Fact]
    public void the_messy_sample_meets_the_accuracy_bar()
    {
        var sheet = LearnerTemplate.Read(File.ReadAllBytes(TestData.File("learners-messy-sample.csv")), "learners-messy-sample.csv");
        var columns = LearnerTemplate.Map(sheet.Header, "learners-messy-sample.csv");
        var schools = RegistrySample();
        var matcher = new SchoolMatcher<EnrollmentSchool>(schools);
        var ns = Guid.NewGuid();
        var plan = LearnerPlanner.Plan(
            sheet, columns, matcher, [], row => NameBasedGuid.Create(ns, row.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            2025, new DateOnly(2025, 11, 1));

        var score = ImportScore.Of(
            [.. plan.Select(p => new ScoredRow(p.Draft.Row, p.Status, p.PersonId?.ToString(), p.Draft.FirstName, p.Draft.ParentName,
            p.Draft.LastName, p.Draft.BirthDate, p.Draft.LearnerSex, p.School?.Code, p.Draft.Grade))],
            TestData.File("learners-messy-sample.truth.json"));
        foreach (var line in score.Lines) output.WriteLine(line);
        Assert.Equal(3000, plan.Count);
        score.AssertBar();
    }
}

