using Emis.Enrollment.Attendance;
using Emis.Enrollment.Attendance.CorrectAttendance;
using Emis.Enrollment.Attendance.RecordAttendance;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.AuditingLearners;
using Emis.Enrollment.Learners.EnrollLearner;
using Emis.Enrollment.Learners.ErasingLearners;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Learners.ImportLearners;
using Emis.Enrollment.Learners.ImportLearners.Reverting;
using Emis.Enrollment.Learners.ImportLearners.Reviewing;
using Emis.Enrollment.Learners.LoadingLearners;
using Emis.Enrollment.Learners.RecordYearEndOutcome;
using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Enrollment.Learners.RollOverSchoolYear;
using Emis.Enrollment.Learners.TransferLearner;
using Emis.Enrollment.Learners.WatchingLearners;
using Emis.Enrollment.Learners.WithdrawLearner;
using Emis.Enrollment.PublicEvents;
using Emis.Enrollment.Schools;
using Emis.Enrollment.Statistics;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using Emis.Platform.Privacy;
using Emis.Platform.ReadModels;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;

namespace Emis.Enrollment;

/// <summary>Learners, their enrolments, attendance and the figures built from them: everything the host needs to compose it.</summary>
public static class EnrollmentModule
{
    public static IServiceCollection AddEnrollment(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatorsFrom<LearnerProfile>();
        services.AddCommandPoliciesFrom<LearnerProfile>();
        services.AddSingleton<LearnerQueries>();
        services.AddSingleton<Contracts.IClassLists, ClassLists>();
        services.AddSingleton<Contracts.IYearEndOutcomes, Learners.RecordYearEndOutcome.YearEndOutcomes>();
        services.AddSingleton<EnrollmentAccess>();
        services.AddSingleton<LearnerBulkLoader>();
        services.TryAddSingleton<ImportRows>();
        services.TryAddSingleton<ImportQueue>();
        services.AddSingleton<IPersonalDataHolder, LearnerPersonalData>();
        services.TryAddSingleton<ImportRunner>();
        services.AddSingleton<LearnerImporter>();
        services.AddSingleton<ImportReview>();
        services.AddSingleton<LearnerImportReverter>();
        services.AddSingleton<StatisticsQueries>();
        // Learners per school and grade as of a sequence number, for other modules' ratios (Staffing's pupil-teacher ratios).
        services.AddSingleton<Contracts.IEnrolledLearnerCounts, EnrolledLearnerCounts>();
        services.AddSingleton<EnrollmentFiguresVersion>();
        services.AddSingleton(typeof(SharedAnswers<>));
        services.AddSingleton<EnrollmentStatisticsFeed>();
        services.AddSingleton<LiveFeed<LearnerChange>>();
        services.AddSingleton<IGraphQLModule, EnrollmentGraphQL>();
        services.AddSingleton(EnrollmentPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, LearnerStreamVisibility>();
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton<IReadModel, StatisticsReadModel>();
        services.AddSingleton(sp => LearnerProfileReadModel.Create(sp.GetRequiredService<IDocumentStore>()));
        return services;
    }

    public static StoreOptions ConfigureEnrollment(this StoreOptions options)
    {
        // Explicit, module-prefixed names: history never depends on a class name.
        options.Events.MapEventType<LearnerRegistered>("enrollment.learner_registered");
        options.Events.MapEventType<LearnerEnrolled>("enrollment.learner_enrolled");
        options.Events.MapEventType<LearnerTransferred>("enrollment.learner_transferred");
        options.Events.MapEventType<LearnerWithdrawn>("enrollment.learner_withdrawn");
        options.Events.MapEventType<LearnerEnrollmentReverted>("enrollment.learner_enrollment_reverted");
        options.Events.MapEventType<LearnerRegistrationReverted>("enrollment.learner_registration_reverted");
        options.Events.MapEventType<YearEndOutcomeRecorded>("enrollment.year_end_outcome_recorded");
        options.Events.MapEventType<AttendanceRecorded>("enrollment.attendance_recorded");
        options.Events.MapEventType<AttendanceCorrected>("enrollment.attendance_corrected");

        options.Projections.Add<LearnerProfileProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new EnrollmentFactsProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline, "enrollment_facts");
        options.Storage.ExtendedSchemaObjects.AddRange(StatisticsTables.All(options.DatabaseSchemaName));
        ImportRows.Register(options);
        ImportQueue.Register(options);
        options.Schema.For<LearnerImport>();

        // The current placement is duplicated into columns so that class lists and rosters filter and sort on indexes. Marten
        // gives each duplicated column an index of its own, which no query here uses (the composite indexes below serve them)
        // and which cost a sixth of a national import's profile writes: each is made a partial index on "false", kept empty.
        options.Schema.For<LearnerProfile>()
            .StartIndexesByTenantId()
            .Duplicate(x => x.SchoolId!, configure: Unused)
            .Duplicate(x => x.SchoolCode!, configure: Unused)
            .Duplicate(x => x.Municipality!, configure: Unused)
            .Duplicate(x => x.SchoolYear!, configure: Unused)
            .Duplicate(x => x.ClassKey!, configure: Unused)
            .Duplicate(x => x.LastName, configure: Unused)
            .Duplicate(x => x.FirstName, configure: Unused)
            // Class lists are read in name order within a school or a municipality: these indexes (tenant first)
            // return a page of 50 without sorting the whole school, and count it from the index alone.
            .Index([x => x.SchoolId!, x => x.LastName, x => x.FirstName, x => x.Id])
            .Index([x => x.SchoolCode!, x => x.LastName, x => x.FirstName, x => x.Id])
            .Index([x => x.Municipality!, x => x.LastName, x => x.FirstName, x => x.Id]);
        options.Schema.For<EnrollmentSchool>();
        return options;
    }

    /// <summary>A duplicated column's own index, kept empty: Marten 9 has no option to leave it out.</summary>
    private static void Unused(Marten.Schema.DocumentIndex index) => index.Predicate = "false";

    public static WolverineOptions ConfigureEnrollment(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(EnrollmentModule).Assembly);
        // Integration events are routed by Wolverine to each subscribing handler's own durable local queue
        // (MultipleHandlerBehavior.Separated, durable local queues, set by the host): one subscriber failing never
        // holds back another, and every delivery goes through the outbox.
        return options;
    }

    private sealed class EnrollmentGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query)
        {
            LearnerQueryFields.Add(query);
            StatisticsFields.AddQueries(query);
            ImportReviewFields.AddQueries(query);
        }

        public void AddMutationFields(ObjectGraphType mutation)
        {
            RegisterLearnerMutation.Add(mutation);
            EnrollLearnerMutation.Add(mutation);
            TransferLearnerMutation.Add(mutation);
            WithdrawLearnerMutation.Add(mutation);
            RecordYearEndOutcomeMutation.Add(mutation);
            RollOverSchoolYearMutation.Add(mutation);
            RecordAttendanceMutation.Add(mutation);
            CorrectAttendanceMutation.Add(mutation);
            ResolveImportRowMutation.Add(mutation);
            ReopenImportRowMutation.Add(mutation);
            RevertLearnerImportMutation.Add(mutation);
        }

        public void AddSubscriptionFields(ObjectGraphType subscription)
        {
            StatisticsFields.AddSubscriptions(subscription);
            LearnerChangedSubscription.Add(subscription);
            LearnerImportProgress.AddSubscription(subscription);
        }
    }
}
