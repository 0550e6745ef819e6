using Emis.Curriculum.Contracts;
using Emis.Curriculum.Courses;
using Emis.Curriculum.Structure;
using Emis.Platform.Commands;

namespace Emis.Curriculum.Tests;

/// <summary>Courses of learning platforms: their rules and which course and content category an activity belongs to, without a database.</summary>
public sealed class CourseDecisionTests
{
    private const string Algebra = "https://lms.example.org/course/algebra-1";

    private static readonly EducationStructureView Structure = new()
    {
        Levels = [new("PRIM", "Osnovna škola", 1)],
        Programmes = [new("OS", "Devetogodišnja osnovna škola", "PRIM", 1, 9, ProgrammeKind.Formal), new("DIG", "Digitalne vještine", "PRIM", 5, 9,
            ProgrammeKind.NonFormal)],
        Subjects = [new("MAT", "Matematika", null)],
        MaxWeeklyHours = 30,
    };

    private static CourseView View(string iri, params string[] categories) => new()
    {
        Id = CourseView.IdFor(iri),
        CourseIri = iri,
        Name = iri,
        ContentCategories = [.. categories.Select(c => new ContentCategory(c, c.ToLowerInvariant()))],
    };

    private static readonly Dictionary<string, CourseView> Courses = new[]
    {
        View(Algebra, "ALG", "EQ"), View(Algebra + "/advanced", "PROOF"), View("https://moodle.example/course/view.php?id=42"),
    }.ToDictionary(c => c.CourseIri);

    private static ActivityPlacement Place(string activity, string[]? context = null, string[]? categories = null, string? code = null) =>
        CourseCatalogue.Place(new ActivityReference(activity, context ?? [], categories ?? [], code), Courses);

    [Fact]
    public void an_activity_belongs_to_the_course_its_iri_extends_or_its_context_names_the_longest_first()
    {
        Assert.Equal(Algebra, Place(Algebra).CourseIri);
        Assert.Equal(Algebra, Place(Algebra + "/unit-1/quiz-2").CourseIri);
        Assert.Equal(Algebra, Place(Algebra + "#q1").CourseIri);
        Assert.Equal(Algebra + "/advanced", Place(Algebra + "/advanced/q1").CourseIri);
        Assert.Equal(PlacementProblem.NoCourse, Place("https://lms.example.org/course/algebra-10").Problem);
        Assert.Equal(PlacementProblem.NoCourse, Place("https://lms.example.org/course").Problem);
        Assert.Equal("https://moodle.example/course/view.php?id=42",
            Place("https://moodle.example/mod/quiz/view.php?id=99", ["https://moodle.example/course/view.php?id=42"]).CourseIri);
        Assert.Equal(Algebra + "/advanced", Place("https://h5p.example/q/7", [Algebra, Algebra + "/advanced"]).CourseIri);
    }

    [Fact]
    public void a_content_category_comes_from_the_code_given_or_a_category_activity_of_the_course_and_must_be_the_courses()
    {
        Assert.Equal(("ALG", PlacementProblem.None), (Place(Algebra + "/q1", categories: [Algebra + "/category/alg"]).CategoryCode,
            Place(Algebra + "/q1", categories: [Algebra + "/category/alg"]).Problem));
        Assert.Equal("EQ", Place(Algebra + "/q1", categories: ["https://w3id.org/xapi/cmi5/context/categories/moveon", Algebra + "/category/EQ"],
            code: null).CategoryCode);
        Assert.Equal("EQ", Place(Algebra + "/q1", categories: [Algebra + "/category/ALG"], code: " eq ").CategoryCode);
        Assert.Null(Place(Algebra + "/q1", categories: ["https://w3id.org/xapi/cmi5/context/categories/moveon"]).CategoryCode);
        var unknown = Place(Algebra + "/q1", code: "GEO");
        Assert.Equal((PlacementProblem.UnknownCategory, Algebra), (unknown.Problem, unknown.CourseIri));
        Assert.Contains("(ALG, EQ)", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(PlacementProblem.UnknownCategory, Place(Algebra + "/q1", categories: [Algebra + "/category/PROOF"]).Problem);
    }

    [Fact]
    public void a_course_is_registered_once_with_codes_tidied_and_a_programme_of_the_structure()
    {
        var command = new RegisterCourse($" {Algebra} ", " Algebra 1 ", "sq", [new("alg", "Algebra basics"), new("eq", " Equations ")], "dig");
        var registered = CourseCatalogueHandler.DecideRegister(command, Structure, null);
        Assert.Equal((Algebra, "Algebra 1", "DIG"), (registered.CourseIri, registered.Name, registered.Programme));
        Assert.Equal([new ContentCategory("ALG", "Algebra basics"), new ContentCategory("EQ", "Equations")], registered.ContentCategories);
        Assert.Equal(CourseView.IdFor(Algebra), registered.CourseId);

        var existing = View(Algebra);
        Assert.Equal(ErrorCodes.Duplicate, Assert.Throws<CommandRejectedException>(
            () => CourseCatalogueHandler.DecideRegister(command, Structure, existing)).Errors[0].Code);
        var twice = command with { ContentCategories = [new("ALG", "a"), new("alg", "b")] };
        Assert.Equal(("DUPLICATE", "contentCategories"), Code(() => CourseCatalogueHandler.DecideRegister(twice, Structure, null)));
        Assert.Equal(("NOT_FOUND", "programme"), Code(() => CourseCatalogueHandler.DecideRegister(command with { Programme = "GIM" }, Structure,
            null)));
        Assert.Equal(("RULE_VIOLATED", "programme"), Code(() => CourseCatalogueHandler.DecideRegister(command, null, null)));
        Assert.Null(CourseCatalogueHandler.DecideRegister(command with { Programme = null }, null, null).Programme);
    }

    [Fact]
    public void a_revision_changes_something_of_a_registered_course()
    {
        var course = View(Algebra, "ALG");
        var same = new ReviseCourse(Algebra, Algebra, null, [new("ALG", "alg")], null);
        Assert.Equal(("UNCHANGED", "name"), Code(() => CourseCatalogueHandler.DecideRevise(same, course, Structure)));
        Assert.Equal(("NOT_FOUND", "id"), Code(() => CourseCatalogueHandler.DecideRevise(same, null, Structure)));
        var revised = CourseCatalogueHandler.DecideRevise(same with { ContentCategories = [new("ALG", "alg"), new("EQ", "Equations")] }, course,
            Structure);
        Assert.Equal(["ALG", "EQ"], revised.ContentCategories.Select(c => c.Code));
        Assert.Equal(course.Id, revised.CourseId);
    }

    [Fact]
    public void a_course_id_is_an_absolute_iri()
    {
        Assert.True(CourseRules.IsIri(Algebra));
        Assert.True(CourseRules.IsIri("urn:uuid:6b1e2f94-0c7d-4a53-9e8f-d24a7c1b5e30"));
        Assert.False(CourseRules.IsIri("course/algebra-1"));
        Assert.False(CourseRules.IsIri("https://lms.example.org/course/algebra 1"));
        Assert.False(CourseRules.IsIri(""));
    }

    private static (string Code, string? Field) Code(Func<object> decide)
    {
        var error = Assert.Throws<CommandRejectedException>(() => decide()).Errors[0];
        return (error.Code, error.Field);
    }
}

/// <summary>Courses through GraphQL on the real host and PostgreSQL.</summary>
[Collection(HostCollection.Name)]
public sealed class CourseIntegrationTests(EmisHostFixture host)
{
    private const string Register = """
        mutation($id: String!, $name: String!, $language: String, $categories: [ContentCategoryInput!], $programme: String) {
          registerCourse(id: $id, name: $name, language: $language, contentCategories: $categories, programme: $programme) {
            course { id name language programme contentCategories { code name } version } errors { code field message }
          }
        }
        """;

    private const string Revise = """
        mutation($id: String!, $name: String!, $categories: [ContentCategoryInput!], $programme: String) {
          reviseCourse(id: $id, name: $name, contentCategories: $categories, programme: $programme) {
            course { id name programme contentCategories { code } version } errors { code field message }
          }
        }
        """;

    [Fact]
    public async Task the_ministry_registers_and_revises_courses_and_every_role_reads_them()
    {
        var j = new Jurisdiction();
        var structure = CurriculumRequests.StructureVariables();
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.SetStructure, structure, "setEducationStructure"));
        var algebra = "https://lms.example.org/course/algebra-1";
        static object Course(string? programme = "OS", string id = "https://lms.example.org/course/algebra-1") => new
        {
            id,
            name = "Algebra 1",
            language = "sq",
            programme,
            categories = new[] { new { code = "alg", name = "Algebra basics" }, new { code = "EQ", name = "Equations" } },
        };

        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin("X"), Register, Course(), "registerCourse")));
        Assert.Equal(("INVALID", "id"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Register, Course(id: "algebra-1"), "registerCourse")));
        Assert.Equal(("NOT_FOUND", "programme"),
            LearnerRequests.Error(await host.MutateAsync(j.Admin, Register, Course("NONE"), "registerCourse")));
        var registered = await host.MutateAsync(j.Admin, Register, Course(), "registerCourse");
        LearnerRequests.Ok(registered);
        Assert.Equal((algebra, "OS", 1), (registered["course"]!["id"]!.GetValue<string>(), registered["course"]!["programme"]!.GetValue<string>(),
            registered["course"]!["version"]!.GetValue<int>()));
        Assert.Equal(["ALG", "EQ"], registered["course"]!["contentCategories"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()));
        Assert.Equal(("DUPLICATE", "id"), LearnerRequests.Error(await host.MutateAsync(j.Admin, Register, Course(), "registerCourse")));

        var revised = await host.MutateAsync(j.Admin, Revise, new
        {
            id = algebra,
            name = "Algebra 1 (2025)",
            categories = new[] { new { code = "ALG", name = "Algebra basics" } },
            programme = (string?)null,
        }, "reviseCourse");
        LearnerRequests.Ok(revised);
        Assert.Equal(("Algebra 1 (2025)", 2), (revised["course"]!["name"]!.GetValue<string>(), revised["course"]!["version"]!.GetValue<int>()));
        Assert.Null(revised["course"]!["programme"]);

        foreach (var caller in new[] { j.Admin, j.Analyst, j.Partner, j.Officer("Prizren"), j.SchoolAdmin("P-1"), j.Teacher("P-1") })
        {
            var courses = (await host.DataAsync(caller, "{ courses { id name contentCategories { code } } }"))["courses"]!.AsArray();
            Assert.Equal([algebra], courses.Select(c => c!["id"]!.GetValue<string>()));
        }
        var one = (await host.DataAsync(j.Admin, "query($id: String!) { course(id: $id) { name auditTrail { totalCount } } }",
            new { id = algebra }))["course"]!;
        Assert.Equal("Algebra 1 (2025)", one["name"]!.GetValue<string>());
        Assert.Equal(2, one["auditTrail"]!["totalCount"]!.GetValue<int>());
        Assert.Empty((await host.DataAsync(j.Admin, "{ courses(programme: \"OS\") { id } }"))["courses"]!.AsArray());

        // Other modules see the catalogue through the contract.
        var catalogue = host.Service<ICourseCatalogue>();
        var entry = await catalogue.CourseAsync(j.Id, algebra, CancellationToken.None);
        Assert.Equal([new CourseCategory("ALG", "Algebra basics")], entry!.Categories);
        Assert.Null(await catalogue.CourseAsync(new Jurisdiction().Id, algebra, CancellationToken.None));
        var placed = await catalogue.PlaceAsync(j.Id, [new ActivityReference(algebra + "/q1", [], [algebra + "/category/ALG"], null)],
            CancellationToken.None);
        Assert.Equal(new ActivityPlacement(algebra, "ALG", PlacementProblem.None, null), Assert.Single(placed));
    }
}
