using Emis.Curriculum.Curricula;
using Emis.Curriculum.Materials;
using Emis.Curriculum.Schools;
using Emis.Curriculum.Structure;
using Emis.Platform.Commands;

namespace Emis.Curriculum.Tests;

/// <summary>The learning materials' decisions and figures, without a database.</summary>
public sealed class MaterialsDecisionTests
{
    private const string Year = "2025/2026";
    private const string Hash = "sha256:9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

    private static readonly EducationStructureView Structure = new()
    {
        Levels = [new("PRIM", "Osnovna škola", 1), new("GYM", "Gimnazija", 3)],
        Programmes =
        [
            new("OS", "Devetogodišnja osnovna škola", "PRIM", 1, 9, ProgrammeKind.Formal),
            new("OSM", "Osnovna muzička škola", "PRIM", 5, 9, ProgrammeKind.NonFormal),
            new("GIM", "Opća gimnazija", "GYM", 10, 13, ProgrammeKind.Formal),
        ],
        Subjects = [new("BOS", "Bosanski jezik i književnost", "Bosnian"), new("MAT", "Matematika", null), new("MUZ", "Muzička kultura", null)],
        MaxWeeklyHours = 30,
    };

    private static readonly CurriculumSchool School = new()
    {
        Id = Guid.NewGuid(),
        Code = "OS-1",
        Name = "OŠ Harmani",
        Municipality = "Bihać",
        Level = "primary",
        Status = "open",
    };

    private static CatalogueMaterial Catalogue(string title = "Matematika 5", MaterialFormat format = MaterialFormat.Print, string? link = null,
        string? hash = null, string subject = "mat", string language = "bs") =>
        new(Guid.NewGuid(), title, subject, [5, 5], language, format, [AccessibilityFeature.LargePrint], "CC BY 4.0", link, hash);

    private static MaterialView View(CatalogueMaterial command, params string[] approved)
    {
        var e = MaterialCatalogueHandler.DecideCatalogue(command, Structure, null, []);
        return new MaterialView
        {
            Id = e.MaterialId,
            Title = e.Title,
            Subject = e.Subject,
            Grades = [.. e.Grades],
            Language = e.Language,
            Format = e.Format,
            Accessibility = [.. e.Accessibility],
            Licence = e.Licence,
            Link = e.Link,
            ContentHash = e.ContentHash,
            ApprovedYears = [.. approved],
        };
    }

    private static (string Code, string? Field) Refusal(Action act)
    {
        var error = Assert.Throws<CommandRejectedException>(act).Errors[0];
        return (error.Code, error.Field);
    }

    private static IEnumerable<(string?, string)> Invalid<T>(FluentValidation.AbstractValidator<T> validator, T command) =>
        validator.Validate(command).Errors.Select(e => (Platform.Commands.CommandValidation.CamelCase(e.PropertyName), e.ErrorCode));

    [Fact]
    public void a_material_names_a_subject_of_the_education_structure()
    {
        var catalogued = MaterialCatalogueHandler.DecideCatalogue(Catalogue(), Structure, null, []);
        Assert.Equal("MAT", catalogued.Subject);
        Assert.Equal([5], catalogued.Grades);
        Assert.Equal(("NOT_FOUND", "subject"),
            Refusal(() => MaterialCatalogueHandler.DecideCatalogue(Catalogue(subject: "HEM"), Structure, null, [])));
        Assert.Equal(("RULE_VIOLATED", "subject"), Refusal(() => MaterialCatalogueHandler.DecideCatalogue(Catalogue(), null, null, [])));
    }

    [Fact]
    public void a_digital_material_gives_a_link_or_a_content_hash_and_print_needs_neither()
    {
        MaterialFormat[] digital = [MaterialFormat.Pdf, MaterialFormat.Video, MaterialFormat.Interactive];
        foreach (var format in digital)
        {
            Assert.Equal(("RULE_VIOLATED", "link"), Refusal(() => MaterialCatalogueHandler.DecideCatalogue(
                Catalogue(format: format, link: "  "), Structure, null, [])));
        }
        var hashed = MaterialCatalogueHandler.DecideCatalogue(Catalogue(format: MaterialFormat.Pdf, hash: Hash), Structure, null, []);
        Assert.Equal(Hash.ToLowerInvariant(), hashed.ContentHash);
        var linked = MaterialCatalogueHandler.DecideCatalogue(
            Catalogue(format: MaterialFormat.Video, link: " https://edu.example/v/5 "), Structure, null, []);
        Assert.Equal(("https://edu.example/v/5", null), (linked.Link, linked.ContentHash));
        Assert.Null(MaterialCatalogueHandler.DecideCatalogue(Catalogue(), Structure, null, []).Link);
    }

    [Fact]
    public void a_link_is_an_absolute_web_address_and_a_hash_is_sha256_in_hex()
    {
        var validator = new CatalogueMaterial.Validator();
        Assert.Empty(Invalid(validator, Catalogue(format: MaterialFormat.Pdf, link: "http://edu.example/a.pdf", hash: Hash)));
        Assert.Contains(("link", "INVALID"), Invalid(validator, Catalogue(format: MaterialFormat.Pdf, link: "ftp://edu.example/a.pdf")));
        Assert.Contains(("link", "INVALID"), Invalid(validator, Catalogue(format: MaterialFormat.Pdf, link: "/books/a.pdf")));
        Assert.Contains(("contentHash", "INVALID"), Invalid(validator, Catalogue(format: MaterialFormat.Pdf, hash: "sha256:abc")));
        Assert.Contains(("contentHash", "INVALID"), Invalid(validator, Catalogue(format: MaterialFormat.Pdf, hash: "md5:" + new string('a', 64))));
        Assert.Contains(("language", "INVALID"), Invalid(validator, Catalogue(language: "Bosnian")));
        Assert.Contains(("grades[0]", "INVALID"), Invalid(validator, Catalogue() with { Grades = [14] }));
        // A missing value: the platform reports it REQUIRED.
        Assert.Contains(("licence", "NotEmptyValidator"), Invalid(validator, Catalogue() with { Licence = "" }));
    }

    [Fact]
    public void the_same_title_language_and_format_is_catalogued_once()
    {
        var existing = View(Catalogue());
        Assert.Equal(("DUPLICATE", "title"), Refusal(() => MaterialCatalogueHandler.DecideCatalogue(
            Catalogue(title: " matematika   5 "), Structure, null, [existing])));
        // Another language or another format is another material.
        Assert.NotNull(MaterialCatalogueHandler.DecideCatalogue(Catalogue(language: "tr"), Structure, null, [existing]));
        Assert.NotNull(MaterialCatalogueHandler.DecideCatalogue(Catalogue(format: MaterialFormat.Pdf, hash: Hash), Structure, null, [existing]));
    }

    [Fact]
    public void a_revision_changes_something_and_a_held_print_title_stays_print()
    {
        var material = View(Catalogue());
        ReviseMaterial Revise(string title, MaterialFormat format = MaterialFormat.Print, string? link = null) =>
            new(material.Id, title, "MAT", [5], "bs", format, [AccessibilityFeature.LargePrint], "CC BY 4.0", link, null);
        Assert.Equal(("UNCHANGED", "title"), Refusal(() => MaterialCatalogueHandler.DecideRevise(
            Revise("Matematika 5"), material, Structure, [material], held: false)));
        Assert.Equal("Matematika 5, 2. izdanje",
            MaterialCatalogueHandler.DecideRevise(Revise("Matematika 5, 2. izdanje"), material, Structure, [material], held: true).Title);
        var digital = Revise("Matematika 5", MaterialFormat.Pdf, "https://edu.example/m5.pdf");
        Assert.Equal(("RULE_VIOLATED", "format"), Refusal(() => MaterialCatalogueHandler.DecideRevise(digital, material, Structure, [], held: true)));
        Assert.Equal(MaterialFormat.Pdf, MaterialCatalogueHandler.DecideRevise(digital, material, Structure, [], held: false).Format);
    }

    [Fact]
    public void a_material_is_approved_once_per_school_year_and_withdrawn_only_when_approved()
    {
        var material = View(Catalogue(), Year);
        Assert.Equal(("DUPLICATE", "schoolYear"),
            Refusal(() => MaterialCatalogueHandler.DecideApprove(new ApproveMaterial(material.Id, Year), material)));
        Assert.Equal("2026/2027", MaterialCatalogueHandler.DecideApprove(new ApproveMaterial(material.Id, "2026/2027"), material).SchoolYear);
        Assert.Equal(("NOT_FOUND", "materialId"),
            Refusal(() => MaterialCatalogueHandler.DecideApprove(new ApproveMaterial(Guid.NewGuid(), Year), null)));
        Assert.Equal(("RULE_VIOLATED", "schoolYear"), Refusal(() => MaterialCatalogueHandler.DecideWithdraw(
            new WithdrawMaterialApproval(material.Id, "2026/2027", "replaced"), material)));
        Assert.Equal("replaced",
            MaterialCatalogueHandler.DecideWithdraw(new WithdrawMaterialApproval(material.Id, Year, " replaced "), material).Reason);
        Assert.Contains(("schoolYear", "INVALID"), Invalid(new ApproveMaterial.Validator(), new ApproveMaterial(material.Id, "2025-26")));
    }

    [Fact]
    public void holdings_are_copies_of_a_print_title_at_an_open_school_and_recording_the_same_counts_is_no_change()
    {
        var print = View(Catalogue());
        var pdf = View(Catalogue(format: MaterialFormat.Pdf, hash: Hash));
        var record = new RecordHoldings(School.Id, Year, print.Id, 20, 5, 3);
        var recorded = RecordHoldingsHandler.Decide(record, School, print, null);
        Assert.Equal((MaterialHoldings.IdOf(School.Id, Year, print.Id), "OS-1", 20, 5, 3),
            (recorded.HoldingId, recorded.SchoolCode, recorded.Good, recorded.Worn, recorded.Unusable));
        Assert.Equal(("RULE_VIOLATED", "materialId"),
            Refusal(() => RecordHoldingsHandler.Decide(record with { MaterialId = pdf.Id }, School, pdf, null)));
        Assert.Equal(("NOT_FOUND", "materialId"), Refusal(() => RecordHoldingsHandler.Decide(record, School, null, null)));
        Assert.Equal(("RULE_VIOLATED", "schoolId"), Refusal(() => RecordHoldingsHandler.Decide(record, new CurriculumSchool
        {
            Id = School.Id,
            Code = School.Code,
            Name = School.Name,
            Municipality = School.Municipality,
            Status = "closed",
        }, print, null)));
        var held = new HoldingView { Id = recorded.HoldingId, Good = 20, Worn = 5, Unusable = 3 };
        Assert.Equal(("UNCHANGED", "good"), Refusal(() => RecordHoldingsHandler.Decide(record, School, print, held)));
        Assert.Equal(("UNCHANGED", "good"),
            Refusal(() => RecordHoldingsHandler.Decide(record with { Good = 0, Worn = 0, Unusable = 0 }, School, print, null)));
        // Every copy lost is a change too.
        Assert.Equal(0, RecordHoldingsHandler.Decide(record with { Good = 0, Worn = 0, Unusable = 0 }, School, print, held).Good);
        Assert.Contains(("worn", "INVALID"), Invalid(new RecordHoldings.Validator(), record with { Worn = -1 }));
    }

    [Fact]
    public void coverage_lists_each_prescribed_subject_without_an_approved_material_in_a_language()
    {
        var book = new CurriculumBook
        {
            Versions =
            [
                new(Guid.NewGuid(), "OS", [5, 6], "2024/2025", [new SubjectHours("BOS", 5), new SubjectHours("MAT", 4)], null,
                    DateTimeOffset.UnixEpoch),
                new(Guid.NewGuid(), "OSM", [5], Year, [new SubjectHours("MUZ", 2)], null, DateTimeOffset.UnixEpoch),
                // Not yet in force in the year asked.
                new(Guid.NewGuid(), "OS", [5], "2026/2027", [new SubjectHours("MAT", 5)], null, DateTimeOffset.UnixEpoch),
            ],
        };
        var approved = new[]
        {
            View(Catalogue("Bosanski jezik 5", subject: "BOS"), Year),
            View(Catalogue("Matematika 5"), Year),
            View(Catalogue("Matematik 5", language: "tr"), Year),
            View(Catalogue("Bosanski jezik 5 (TR)", subject: "BOS", language: "tr"), "2024/2025"),
        };
        var coverage = MaterialsQueries.Coverage(Structure, book, approved, Year, 5, ["bs", "tr"]);
        Assert.Equal(["OS", "OSM"], coverage.Programmes);
        Assert.Equal(["BOS", "MAT", "MUZ"], coverage.Subjects.Select(s => s.Subject));
        Assert.Equal([("BOS", "tr"), ("MUZ", "bs"), ("MUZ", "tr")], coverage.Gaps.Select(g => (g.Subject, g.Language)));
        Assert.All(coverage.Gaps, g => Assert.Equal(5, g.Grade));
        Assert.Empty(MaterialsQueries.Coverage(Structure, book, approved, Year, 4, ["bs"]).Subjects);
    }
}
