using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Curriculum.Courses;

public sealed class ContentCategoryGraphType : ObjectGraphType<ContentCategory>
{
    public ContentCategoryGraphType()
    {
        Name = "ContentCategory";
        Description = "A content category of a course (a unit, a topic); statements name it by code.";
        Field(x => x.Code);
        Field(x => x.Name);
    }
}

public sealed class ContentCategoryInputGraphType : InputObjectGraphType<ContentCategory>
{
    public ContentCategoryInputGraphType()
    {
        Name = "ContentCategoryInput";
        Field(x => x.Code).Description("1 to 20 letters, digits, dots, hyphens or underscores (stored upper-case).");
        Field(x => x.Name);
    }
}

public sealed class CourseGraphType : ObjectGraphType<CourseView>
{
    public CourseGraphType(IEnumerable<IEntityFields> entityFields)
    {
        Name = "Course";
        Description = "A course of a learning platform, registered by its IRI so that xAPI statements about it can be counted (adr/0029).";
        Field<NonNullGraphType<StringGraphType>>("id").Description("The course's IRI: the xAPI activity id of the course.")
            .Resolve(c => c.Source.CourseIri);
        Field(x => x.Name);
        Field(x => x.Language, nullable: true).Description("ISO 639 code.");
        Field(x => x.ContentCategories, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ContentCategoryGraphType>>>));
        Field(x => x.Programme, nullable: true).Description("A programme of the education structure (formal or non-formal), if any.");
        Field(x => x.RegisteredAt);
        Field(x => x.UpdatedAt);
        Field(x => x.Version);
        entityFields.AddTo(this, x => x.Id);
    }
}

public sealed record CoursePayload(CourseView? Course, IReadOnlyList<UserError> Errors) : IMutationPayload<CoursePayload>
{
    public static CoursePayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class CoursePayloadGraphType : ObjectGraphType<CoursePayload>
{
    public CoursePayloadGraphType()
    {
        Name = "CoursePayload";
        Field(x => x.Course, type: typeof(CourseGraphType));
        this.ErrorsField();
    }
}

internal static class CoursesFields
{
    private static readonly string[] Everyone =
        [Roles.MinistryAdmin, Roles.MinistryAnalyst, Roles.MunicipalityOfficer, Roles.SchoolAdmin, Roles.Teacher, Roles.Partner];

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CourseGraphType>>>>("courses")
            .Description("The registered courses of learning platforms, by id; narrowed to a programme when one is given.")
            .Argument<StringGraphType>("programme")
            .ResolveAsync(async c =>
            {
                var programme = c.GetArgument<string?>("programme") is { } p ? CurriculumRules.Code(p) : null;
                await using var session = Session(c, c.RequireRole(Everyone).Jurisdiction);
                var courses = await session.Query<CourseView>().ToListAsync(c.CancellationToken);
                return courses.Where(x => programme is null || x.Programme == programme).OrderBy(x => x.CourseIri, StringComparer.Ordinal).ToList();
            });

        query.Field<CourseGraphType>("course")
            .Argument<NonNullGraphType<StringGraphType>>("id", "The course's IRI.")
            .ResolveAsync(async c => await CourseAsync(c, c.RequireRole(Everyone).Jurisdiction, c.GetArgument<string>("id")));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        DescriptionArguments(mutation.Field<NonNullGraphType<CoursePayloadGraphType>>("registerCourse")
                .Description("Register a course of a learning platform by its IRI, with its content categories (ministry only)."))
            .ResolveAsync(async c =>
            {
                var command = new RegisterCourse(c.GetArgument<string>("id"), c.GetArgument<string>("name"), c.GetArgument<string?>("language"),
                    c.GetArgument<List<ContentCategory>?>("contentCategories") ?? [], c.GetArgument<string?>("programme"));
                return await MutationRunner.RunAsync(c, command, async () => await PayloadAsync(c, command.CourseIri));
            });

        DescriptionArguments(mutation.Field<NonNullGraphType<CoursePayloadGraphType>>("reviseCourse")
                .Description("Revise a course's name, language, content categories and programme, all at once (ministry only)."))
            .ResolveAsync(async c =>
            {
                var command = new ReviseCourse(c.GetArgument<string>("id"), c.GetArgument<string>("name"), c.GetArgument<string?>("language"),
                    c.GetArgument<List<ContentCategory>?>("contentCategories") ?? [], c.GetArgument<string?>("programme"));
                return await MutationRunner.RunAsync(c, command, async () => await PayloadAsync(c, command.CourseIri));
            });
    }

    private static FieldBuilder<object?, object> DescriptionArguments(FieldBuilder<object?, object> field) => field
        .Argument<NonNullGraphType<StringGraphType>>("id",
            "The course's IRI, as learning platforms name it (https://lms.example.org/course/algebra-1).")
        .Argument<NonNullGraphType<StringGraphType>>("name")
        .Argument<StringGraphType>("language", "ISO 639 code of the course's language (bs, sq, tr).")
        .Argument<ListGraphType<NonNullGraphType<ContentCategoryInputGraphType>>>("contentCategories")
        .Argument<StringGraphType>("programme", "A programme code of the education structure (formal or non-formal).");

    private static IQuerySession Session(IResolveFieldContext c, string jurisdiction) =>
        c.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession(jurisdiction);

    private static async Task<CourseView?> CourseAsync(IResolveFieldContext c, string jurisdiction, string iri)
    {
        await using var session = Session(c, jurisdiction);
        return await session.LoadAsync<CourseView>(CourseView.IdFor(iri), c.CancellationToken);
    }

    private static async Task<CoursePayload> PayloadAsync(IResolveFieldContext c, string iri) =>
        new(await CourseAsync(c, c.Caller().Jurisdiction, iri), []);
}
