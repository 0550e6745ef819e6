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

    /// <summary>Files never seen before: other seeds, every language's headers, other mess (see <see cref="MessyLearnerFiles"/>).</summary>
    [Theory]
    [InlineData(7, 0)]
    [InlineData(11, 1)]
    [InlineData(23, 2)]
    [InlineData(31, 3)]
    [InlineData(47, 4)]
    [InlineData(2027, 0)]
    public void generated_files_meet_the_accuracy_bar(int seed, int language)
    {
        var file = MessyLearnerFiles.Generate(seed, 3000, language);
        var bytes = System.Text.Encoding.UTF8.GetBytes(file.Csv);
        var sheet = LearnerTemplate.Read(bytes, "generated.csv");
        var columns = LearnerTemplate.Map(sheet.Header, "generated.csv");
        var matcher = new SchoolMatcher<EnrollmentSchool>(file.Schools);
        var ns = Guid.NewGuid();
        var plan = LearnerPlanner.Plan(
            sheet, columns, matcher, [], row => NameBasedGuid.Create(ns, row.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            2025, new DateOnly(2025, 11, 1));

        var score = ImportScore.Of(
            [.. plan.Select(p => new ScoredRow(p.Draft.Row, p.Status, p.PersonId?.ToString(), p.Draft.FirstName, p.Draft.ParentName,
            p.Draft.LastName, p.Draft.BirthDate, p.Draft.LearnerSex, p.School?.Code, p.Draft.Grade))],
            file.Truth);
        var raw = file.Csv.Split('\n');
        foreach (var line in score.Lines)
        {
            output.WriteLine(line);
            // The row as written, under its report line.
            if (System.Text.RegularExpressions.Regex.Match(line, @" row (\d+) ") is { Success: true } m)
            {
                output.WriteLine("    " + raw[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1]);
            }
        }
        Assert.Equal(3000, plan.Count);
        score.AssertBar();
    }

    [Fact]
    public void a_required_column_whose_header_is_not_recognised_is_found_by_its_values_and_said_so()
    {
        var schools = RegistrySample();
        var rows = string.Join('\n', Enumerable.Range(0, 12).Select(i =>
            $"Hoxha;Jeta;{i % 28 + 1:00}.03.2015;F;\"{schools[i % schools.Count].Name}\";{i % 9 + 1}"));
        var csv = "Mbiemri;Emri;Datëlindja;Gjinia;Institucioni arsimor;\n" + rows + "\n";
        var sheet = LearnerTemplate.Read(System.Text.Encoding.UTF8.GetBytes(csv), "pa-koka.csv");

        var columns = LearnerTemplate.Map(sheet, "pa-koka.csv", new SchoolMatcher<EnrollmentSchool>(schools));

        Assert.Equal(4, columns[Field.School]);
        Assert.Equal(5, columns[Field.Grade]);
        Assert.Equal(2, columns.Inferred.Count);
        Assert.Contains("column 5 ('Institucioni arsimor') read as school (name or code) from its values", columns.Inferred);
        Assert.Contains("column 6 (no header) read as grade from its values", columns.Inferred);
        Assert.DoesNotContain("Institucioni arsimor", columns.Ignored);
    }

    [Fact]
    public void two_columns_that_could_both_be_the_grade_are_not_guessed_between()
    {
        var csv = "Mbiemri;Emri;Datëlindja;Gjinia;Shkolla;Kolona A;Kolona B\n" + string.Join('\n', Enumerable.Range(0, 10).Select(i =>
            $"Hoxha;Jeta;01.03.2015;F;SCH1000;{i % 9 + 1};{i % 3 + 1}")) + "\n";
        var sheet = LearnerTemplate.Read(System.Text.Encoding.UTF8.GetBytes(csv), "dy.csv");

        var matcher = new SchoolMatcher<EnrollmentSchool>(RegistrySample());
        var refused = Assert.Throws<UnreadableFileException>(() => LearnerTemplate.Map(sheet, "dy.csv", matcher));
        Assert.Equal("MISSING_COLUMNS", refused.Code);
        Assert.Contains("no column for grade", refused.Message, StringComparison.Ordinal);
    }
}
