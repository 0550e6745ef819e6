using System.Text.Json.Nodes;

namespace Emis.Curriculum.Tests;

/// <summary>Learning materials through GraphQL on the real host and PostgreSQL: the catalogue, the approved list, holdings and figures.</summary>
[Collection(HostCollection.Name)]
public sealed class MaterialsIntegrationTests(EmisHostFixture host)
{
    private const string Year = LearnerRequests.Year;

    private const string Approved = """
        query($year: String!, $subject: String, $grade: Int, $language: String, $asOf: DateTimeOffset) {
          approvedMaterials(schoolYear: $year, subject: $subject, grade: $grade, language: $language, asOf: $asOf) { id title language }
        }
        """;

    private const string Materials = """
        query($asOf: DateTimeOffset, $format: MaterialFormat) { materials(asOf: $asOf, format: $format) { id title format version } }
        """;

    private const string Figures = """
        query($year: String!, $grade: Int) {
          materialsFigures(schoolYear: $year) {
            sequence
            textbooksPerLearner(grade: $grade) { subject grade learners usableCopies unusableCopies titles perLearner shortfall }
          }
        }
        """;

    private const string Coverage = """
        query($year: String!, $grade: Int!, $languages: [String!]!) {
          materialsFigures(schoolYear: $year) {
            languageCoverage(grade: $grade, languages: $languages) {
              programmes subjects { subject languages { language approvedCount approved { title } } }
              gaps { subject subjectName grade language }
            }
          }
        }
        """;

    private async Task SetUpAsync(Jurisdiction j)
    {
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.SetStructure, CurriculumRequests.StructureVariables(),
            "setEducationStructure"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.Adopt, new
        {
            programme = "OS",
            grades = new[] { 5 },
            from = Year,
            subjects = new[] { new { subject = "BOS", weeklyHours = 5m }, new { subject = "MAT", weeklyHours = 4m } },
        }, "adoptCurriculumVersion"));
    }

    private async Task<JsonObject> CatalogueAsync(Jurisdiction j, object material)
    {
        var payload = await host.MutateAsync(j.Admin, CurriculumRequests.CatalogueMaterial, material, "catalogueMaterial");
        LearnerRequests.Ok(payload);
        return payload["material"]!.AsObject();
    }

    private async Task<JsonObject> ApproveAsync(Platform.Auth.Caller caller, string material, string year = Year) =>
        await host.MutateAsync(caller, CurriculumRequests.ApproveMaterial, new { input = new { materialId = material, schoolYear = year } },
            "approveMaterial");

    private async Task<JsonObject> HoldAsync(Platform.Auth.Caller caller, string school, string material, int good, int worn = 0, int unusable = 0) =>
        await host.MutateAsync(caller, CurriculumRequests.RecordHoldings,
            new { input = new { schoolId = school, schoolYear = Year, materialId = material, good, worn, unusable } }, "recordMaterialHoldings");

    private static string[] Titles(JsonNode? list) => [.. list!.AsArray().Select(m => m!["title"]!.GetValue<string>())];

    [Fact]
    public async Task the_ministry_catalogues_approves_and_withdraws_materials_and_the_catalogue_reads_as_of_a_date()
    {
        var j = new Jurisdiction();
        await SetUpAsync(j);
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin("X"), CurriculumRequests.CatalogueMaterial,
            CurriculumRequests.Material("Matematika 5"), "catalogueMaterial")));
        Assert.Equal(("NOT_FOUND", "subject"), LearnerRequests.Error(await host.MutateAsync(j.Admin, CurriculumRequests.CatalogueMaterial,
            CurriculumRequests.Material("Hemija 5", subject: "HEM"), "catalogueMaterial")));
        Assert.Equal(("RULE_VIOLATED", "link"), LearnerRequests.Error(await host.MutateAsync(j.Admin, CurriculumRequests.CatalogueMaterial,
            CurriculumRequests.Material("Matematika 5 (video)", format: "VIDEO"), "catalogueMaterial")));
        Assert.Equal(("INVALID", "link"), LearnerRequests.Error(await host.MutateAsync(j.Admin, CurriculumRequests.CatalogueMaterial,
            CurriculumRequests.Material("Matematika 5 (video)", format: "VIDEO", link: "javascript:alert(1)"), "catalogueMaterial")));

        var book = await CatalogueAsync(j, CurriculumRequests.Material("Matematika 5", accessibility: ["LARGE_PRINT", "EASY_READ"]));
        Assert.Equal(("PRINT", "CC BY 4.0", 1), (book["format"]!.GetValue<string>(), book["licence"]!.GetValue<string>(),
            book["version"]!.GetValue<int>()));
        Assert.Equal(["LARGE_PRINT", "EASY_READ"], book["accessibility"]!.AsArray().Select(a => a!.GetValue<string>()));
        var video = await CatalogueAsync(j, CurriculumRequests.Material("Matematika 5 (video)", format: "VIDEO", link: "https://edu.example/m5",
            accessibility: ["SIGN_LANGUAGE"]));
        await CatalogueAsync(j, CurriculumRequests.Material("Matematik 5", language: "tr",
            format: "PDF", contentHash: "sha256:" + new string('a', 64)));
        Assert.Equal(("DUPLICATE", "title"), LearnerRequests.Error(await host.MutateAsync(j.Admin, CurriculumRequests.CatalogueMaterial,
            CurriculumRequests.Material("MATEMATIKA 5"), "catalogueMaterial")));

        LearnerRequests.Ok(await ApproveAsync(j.Admin, book.Id()));
        LearnerRequests.Ok(await ApproveAsync(j.Admin, video.Id()));
        Assert.Equal(("DUPLICATE", "schoolYear"), LearnerRequests.Error(await ApproveAsync(j.Admin, book.Id())));
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await ApproveAsync(j.Officer("Bihać"), book.Id())));
        var beforeChanges = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        // Everyone in the jurisdiction reads the approved list, filtered by subject, grade and language.
        async Task<string[]> ApprovedAsync(object variables) =>
            Titles((await host.DataAsync(j.Teacher("X"), Approved, variables))["approvedMaterials"]);
        Assert.Equal(["Matematika 5", "Matematika 5 (video)"], await ApprovedAsync(new { year = Year, subject = "mat", grade = 5, language = "bs" }));
        Assert.Empty(await ApprovedAsync(new { year = Year, language = "tr" }));
        Assert.Empty(await ApprovedAsync(new { year = "2026/2027" }));

        const string withdraw = """
            mutation($input: WithdrawMaterialApprovalInput!) {
              withdrawMaterialApproval(input: $input) { material { approvedYears } errors { code field message } }
            }
            """;
        var withdrawn = await host.MutateAsync(j.Admin, withdraw,
            new { input = new { materialId = video.Id(), schoolYear = Year, reason = "replaced by the 2nd edition" } }, "withdrawMaterialApproval");
        LearnerRequests.Ok(withdrawn);
        Assert.Empty(withdrawn["material"]!["approvedYears"]!.AsArray());
        const string revise = """
            mutation($input: ReviseMaterialInput!) { reviseMaterial(input: $input) { material { title version } errors { code field message } } }
            """;
        var revised = await host.MutateAsync(j.Admin, revise, new
        {
            input = new
            {
                materialId = book.Id(),
                title = "Matematika 5, 2. izdanje",
                subject = "MAT",
                grades = new[] { 5 },
                language = "bs",
                format = "PRINT",
                licence = "CC BY 4.0",
            },
        }, "reviseMaterial");
        LearnerRequests.Ok(revised);
        Assert.Equal(3, revised["material"]!["version"]!.GetValue<int>());

        Assert.Equal(["Matematika 5, 2. izdanje"], await ApprovedAsync(new { year = Year, language = "bs" }));
        // As of before the withdrawal and the revision: the list and the catalogue as they stood.
        Assert.Equal(["Matematika 5", "Matematika 5 (video)"], await ApprovedAsync(new { year = Year, language = "bs", asOf = beforeChanges }));
        var then = (await host.DataAsync(j.Analyst, Materials, new { asOf = beforeChanges }))["materials"]!.AsArray();
        Assert.Equal(["Matematik 5", "Matematika 5", "Matematika 5 (video)"], Titles(then));
        Assert.Equal(["Matematik 5"], Titles((await host.DataAsync(j.Partner, Materials, new { format = "PDF" }))["materials"]));
    }

    [Fact]
    public async Task holdings_are_recorded_by_their_school_and_give_usable_textbooks_per_enrolled_learner()
    {
        var j = new Jurisdiction();
        await SetUpAsync(j);
        var harmani = await host.SchoolAsync(j, "MH-1", "Bihać");
        var cazin = await host.SchoolAsync(j, "MH-2", "Cazin");
        foreach (var (at, name) in new[] { (harmani, "Adna"), (harmani, "Belma"), (harmani, "Cazim"), (cazin, "Dino"), (cazin, "Edin") })
        {
            await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(at, grade: 5, first: name, birthDate: "2014-05-05"));
        }
        await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(harmani, grade: 6, first: "Fadil", birthDate: "2013-05-05"));
        var maths = (await CatalogueAsync(j, CurriculumRequests.Material("Matematika 5")))!.Id();
        var unapproved = (await CatalogueAsync(j, CurriculumRequests.Material("Zbirka zadataka 5")))!.Id();
        var pdf = (await CatalogueAsync(j, CurriculumRequests.Material("Bosanski jezik 5", subject: "BOS", format: "PDF",
            link: "https://edu.example/bos5.pdf")))!.Id();
        LearnerRequests.Ok(await ApproveAsync(j.Admin, maths));
        LearnerRequests.Ok(await ApproveAsync(j.Admin, pdf));

        // Only the school's own admin (or its municipality, or the ministry) records its holdings.
        Assert.Equal(("NOT_FOUND", "schoolId"), LearnerRequests.Error(await HoldAsync(j.SchoolAdmin("MH-2"), harmani, maths, 3)));
        Assert.Equal(("NOT_FOUND", "schoolId"), LearnerRequests.Error(await HoldAsync(j.Officer("Cazin"), harmani, maths, 3)));
        Assert.Equal(("FORBIDDEN", "schoolId"), LearnerRequests.Error(await HoldAsync(j.Analyst, harmani, maths, 3)));
        Assert.Equal(("RULE_VIOLATED", "materialId"), LearnerRequests.Error(await HoldAsync(j.SchoolAdmin("MH-1"), harmani, pdf, 3)));
        var first = await HoldAsync(j.SchoolAdmin("MH-1"), harmani, maths, 1, 1, 4);
        LearnerRequests.Ok(first);
        Assert.Equal(("Matematika 5", 2, 1), (first["holding"]!["material"]!["title"]!.GetValue<string>(),
            first["holding"]!["usable"]!.GetValue<int>(), first["holding"]!["version"]!.GetValue<int>()));
        // A recount sets the counts; the same count again is no change.
        var recount = await HoldAsync(j.Officer("Bihać"), harmani, maths, 2, 1, 4);
        LearnerRequests.Ok(recount);
        Assert.Equal((3, 2), (recount["holding"]!["usable"]!.GetValue<int>(), recount["holding"]!["version"]!.GetValue<int>()));
        Assert.Equal(("UNCHANGED", "good"), LearnerRequests.Error(await HoldAsync(j.SchoolAdmin("MH-1"), harmani, maths, 2, 1, 4)));
        LearnerRequests.Ok(await HoldAsync(j.SchoolAdmin("MH-2"), cazin, maths, 1));
        // Copies of a title not approved for the year count for nothing.
        LearnerRequests.Ok(await HoldAsync(j.Admin, cazin, unapproved, 30));

        const string holdings = """
            query($school: ID!, $year: String!) { materialHoldings(schoolId: $school, schoolYear: $year) { schoolCode good worn unusable } }
            """;
        Assert.Single((await host.DataAsync(j.Teacher("MH-1"), holdings, new { school = harmani, year = Year }))["materialHoldings"]!.AsArray());
        Assert.Empty((await host.DataAsync(j.SchoolAdmin("MH-2"), holdings, new { school = harmani, year = Year }))["materialHoldings"]!.AsArray());

        static (string, int, long, int, int, decimal?, long)[] Rows(JsonNode figures) => [.. figures["textbooksPerLearner"]!.AsArray().Select(r => (
            r!["subject"]!.GetValue<string>(), r["grade"]!.GetValue<int>(), r["learners"]!.GetValue<long>(), r["usableCopies"]!.GetValue<int>(),
            r["unusableCopies"]!.GetValue<int>(), r["perLearner"]?.GetValue<decimal>(), r["shortfall"]!.GetValue<long>()))];
        var ministry = (await host.DataAsync(j.Analyst, Figures, new { year = Year, grade = 5 }))["materialsFigures"]!;
        Assert.True(ministry["sequence"]!.GetValue<long>() > 0);
        Assert.Equal([("BOS", 5, 5L, 0, 0, 0m, 5L), ("MAT", 5, 5L, 4, 4, 0.8m, 1L)], Rows(ministry));
        var school = (await host.DataAsync(j.SchoolAdmin("MH-1"), Figures, new { year = Year, grade = 5 }))["materialsFigures"]!;
        Assert.Equal([("BOS", 5, 3L, 0, 0, 0m, 3L), ("MAT", 5, 3L, 3, 4, 1m, 0L)], Rows(school));
        // Grade 6 has learners but no curriculum version and no copies: no row.
        Assert.Empty(Rows((await host.DataAsync(j.Admin, Figures, new { year = Year, grade = 6 }))["materialsFigures"]!));
        Assert.NotEmpty((await host.GraphQLAsync(j.Teacher("MH-1"), Figures, new { year = Year }))["errors"]!.AsArray());
    }

    [Fact]
    public async Task coverage_by_language_of_instruction_lists_the_subjects_of_grade_5_without_an_approved_material_in_turkish()
    {
        var j = new Jurisdiction();
        await SetUpAsync(j);
        foreach (var (title, subject, language, approve) in new[]
        {
            ("Bosanski jezik i književnost 5", "BOS", "bs", true), ("Matematika 5", "MAT", "bs", true), ("Matematik 5", "MAT", "tr", true),
            // Catalogued in Turkish but not approved for the year: still a gap.
            ("Bosna dili 5", "BOS", "tr", false),
        })
        {
            var material = await CatalogueAsync(j, CurriculumRequests.Material(title, subject: subject, language: language));
            if (approve) LearnerRequests.Ok(await ApproveAsync(j.Admin, material.Id()));
        }
        var coverage = (await host.DataAsync(j.Officer("Bihać"), Coverage, new { year = Year, grade = 5, languages = new[] { "bs", "TR" } }))
            ["materialsFigures"]!["languageCoverage"]!;
        Assert.Equal(["OS"], coverage["programmes"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal([("BOS", 1, 0), ("MAT", 1, 1)], coverage["subjects"]!.AsArray().Select(s => (s!["subject"]!.GetValue<string>(),
            s["languages"]![0]!["approvedCount"]!.GetValue<int>(), s["languages"]![1]!["approvedCount"]!.GetValue<int>())));
        var gap = Assert.Single(coverage["gaps"]!.AsArray())!;
        Assert.Equal(("BOS", "Bosanski jezik i književnost", 5, "tr"), (gap["subject"]!.GetValue<string>(), gap["subjectName"]!.GetValue<string>(),
            gap["grade"]!.GetValue<int>(), gap["language"]!.GetValue<string>()));
        var invalid = await host.GraphQLAsync(j.Admin, Coverage, new { year = Year, grade = 5, languages = new[] { "Bosnian" } });
        Assert.NotEmpty(invalid["errors"]!.AsArray());
    }
}
