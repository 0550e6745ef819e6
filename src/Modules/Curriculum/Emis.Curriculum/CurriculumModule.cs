using Emis.Curriculum.Courses;
using Emis.Curriculum.Curricula;
using Emis.Curriculum.Materials;
using Emis.Curriculum.Offerings;
using Emis.Curriculum.PublicEvents;
using Emis.Curriculum.Schools;
using Emis.Curriculum.Sections;
using Emis.Curriculum.Structure;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Platform.ReadModels;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Emis.Curriculum;

/// <summary>The education structure, curricula and class sections, and the hours they require: everything the host needs to compose it.</summary>
public static class CurriculumModule
{
    public static IServiceCollection AddCurriculum(this IServiceCollection services)
    {
        services.AddValidatorsFrom<SectionView>();
        services.AddCommandPoliciesFrom<SectionView>();
        services.AddSingleton<OfferingQueries>();
        services.AddSingleton<SectionLinker>();
        services.AddSingleton<Contracts.ISectionCatalogue, SectionCatalogue>();
        services.AddSingleton<IGraphQLModule, CurriculumGraphQL>();
        services.AddSingleton(CurriculumPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, CurriculumStreamVisibility>();
        services.AddSingleton<MaterialsQueries>();
        services.AddSingleton(MaterialsPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, MaterialsStreamVisibility>();
        services.AddSingleton<Contracts.ICourseCatalogue, CourseCatalogue>();
        services.AddSingleton(CoursesPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, CoursesStreamVisibility>();
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<SectionView>(sp.GetRequiredService<IDocumentStore>(), "class-sections",
            "class sections with their programme, homeroom teacher and linked enrolments (SectionView documents)",
            [typeof(SectionOpened), typeof(HomeroomTeacherAssigned), typeof(SectionProgrammeSet), typeof(SectionClosed),
                typeof(SectionEnrolmentsLinked)],
            s => s.Id, s => s.Version, SectionColumns, []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<EducationStructureView>(sp.GetRequiredService<IDocumentStore>(),
            "education-structure", "the jurisdictions' levels, programmes and subjects (EducationStructureView documents)",
            [typeof(EducationStructureSet)], s => s.Id, s => s.Version, [], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<CurriculumBook>(sp.GetRequiredService<IDocumentStore>(),
            "curricula", "the jurisdictions' curriculum versions (CurriculumBook documents)",
            [typeof(CurriculumVersionAdopted)], s => s.Id, s => s.Version, [], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<MaterialView>(sp.GetRequiredService<IDocumentStore>(),
            "learning-materials", "the catalogue of textbooks and digital resources and their approved school years (MaterialView documents)",
            [typeof(MaterialCatalogued), typeof(MaterialRevised), typeof(MaterialApproved), typeof(MaterialApprovalWithdrawn)],
            m => m.Id, m => m.Version, [], []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<HoldingView>(sp.GetRequiredService<IDocumentStore>(),
            "material-holdings", "schools' copies of print titles by school year and condition (HoldingView documents)",
            [typeof(MaterialHoldingsRecorded)], h => h.Id, h => h.Version, HoldingColumns, []));
        services.AddSingleton<IReadModel>(sp => new DocumentReadModel<CourseView>(sp.GetRequiredService<IDocumentStore>(),
            "courses", "the courses of learning platforms and their content categories (CourseView documents)",
            [typeof(CourseRegistered), typeof(CourseRevised)], c => c.Id, c => c.Version, [], []));
        return services;
    }

    /// <summary>The columns duplicated out of a section document (kept in step with <see cref="ConfigureCurriculum(StoreOptions)"/>).</summary>
    internal static readonly (string, NpgsqlTypes.NpgsqlDbType, Func<SectionView, object?>)[] SectionColumns =
    [
        ("school_id", NpgsqlTypes.NpgsqlDbType.Uuid, s => s.SchoolId),
        ("school_year", NpgsqlTypes.NpgsqlDbType.Varchar, s => s.SchoolYear),
    ];

    /// <summary>The columns duplicated out of a holding document (kept in step with <see cref="ConfigureCurriculum(StoreOptions)"/>).</summary>
    internal static readonly (string, NpgsqlTypes.NpgsqlDbType, Func<HoldingView, object?>)[] HoldingColumns =
    [
        ("school_id", NpgsqlTypes.NpgsqlDbType.Uuid, h => h.SchoolId),
        ("school_year", NpgsqlTypes.NpgsqlDbType.Varchar, h => h.SchoolYear),
    ];

    public static StoreOptions ConfigureCurriculum(this StoreOptions options)
    {
        // Explicit, module-prefixed names: history never depends on a class name.
        options.Events.MapEventType<EducationStructureSet>("curriculum.education_structure_set");
        options.Events.MapEventType<CurriculumVersionAdopted>("curriculum.curriculum_version_adopted");
        options.Events.MapEventType<SectionOpened>("curriculum.section_opened");
        options.Events.MapEventType<HomeroomTeacherAssigned>("curriculum.homeroom_teacher_assigned");
        options.Events.MapEventType<SectionProgrammeSet>("curriculum.section_programme_set");
        options.Events.MapEventType<SectionClosed>("curriculum.section_closed");
        options.Events.MapEventType<SectionEnrolmentsLinked>("curriculum.section_enrolments_linked");
        options.Events.MapEventType<MaterialCatalogued>("curriculum.material_catalogued");
        options.Events.MapEventType<MaterialRevised>("curriculum.material_revised");
        options.Events.MapEventType<MaterialApproved>("curriculum.material_approved");
        options.Events.MapEventType<MaterialApprovalWithdrawn>("curriculum.material_approval_withdrawn");
        options.Events.MapEventType<MaterialHoldingsRecorded>("curriculum.material_holdings_recorded");
        options.Events.MapEventType<CourseRegistered>("curriculum.course_registered");
        options.Events.MapEventType<CourseRevised>("curriculum.course_revised");

        options.Projections.Add<EducationStructureProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<CurriculumBookProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<SectionProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<MaterialProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<HoldingProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<CourseProjection>(ProjectionLifecycle.Inline);
        // A school's sections of a year are read together.
        options.Schema.For<SectionView>().Duplicate(x => x.SchoolId).Duplicate(x => x.SchoolYear).Index([x => x.SchoolId, x => x.SchoolYear]);
        options.Schema.For<CurriculumSchool>();
        // A school's holdings of a year are read together, and a year's across the scope for the figures.
        options.Schema.For<HoldingView>().Duplicate(x => x.SchoolId).Duplicate(x => x.SchoolYear).Index([x => x.SchoolId, x => x.SchoolYear]);
        return options;
    }

    public static WolverineOptions ConfigureCurriculum(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(CurriculumModule).Assembly);
        return options;
    }

    private sealed class CurriculumGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query)
        {
            CurriculumFields.AddQueries(query);
            MaterialsFields.AddQueries(query);
            CoursesFields.AddQueries(query);
        }

        public void AddMutationFields(ObjectGraphType mutation)
        {
            CurriculumFields.AddMutations(mutation);
            MaterialsFields.AddMutations(mutation);
            CoursesFields.AddMutations(mutation);
        }

        public void AddSubscriptionFields(ObjectGraphType subscription)
        {
            // No live curriculum figures yet.
        }
    }

    /// <summary>The structure and curricula are public within the jurisdiction; a section's history goes with its school's scope.</summary>
    private sealed class CurriculumStreamVisibility(IDocumentStore store) : IStreamVisibility
    {
        public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
        {
            if (streamId == EducationStructureView.IdFor(caller.Jurisdiction) || streamId == CurriculumBook.IdFor(caller.Jurisdiction)) return true;
            await using var session = store.QuerySession(caller.Jurisdiction);
            var section = await session.LoadAsync<SectionView>(streamId, ct);
            return section is null ? null : SectionAccess.MaySee(caller, section.SchoolCode, section.Municipality);
        }
    }
}
