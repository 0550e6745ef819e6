using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.EventLog;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using Emis.Platform.Privacy;
using Emis.Platform.ReadModels;
using Emis.Staffing.Figures;
using Emis.Staffing.PublicEvents;
using Emis.Staffing.Staff;
using Emis.Staffing.Staff.AssignTeaching;
using Emis.Staffing.Staff.AuditingStaff;
using Emis.Staffing.Staff.CorrectStaffDetails;
using Emis.Staffing.Staff.EndContract;
using Emis.Staffing.Staff.EndTeachingAssignment;
using Emis.Staffing.Staff.ErasingStaff;
using Emis.Staffing.Staff.GettingStaff;
using Emis.Staffing.Staff.ImportingStaff;
using Emis.Staffing.Staff.RecordLeave;
using Emis.Staffing.Staff.RecordQualifications;
using Emis.Staffing.Staff.RegisterStaffMember;
using Emis.Staffing.Staff.StartContract;
using Emis.Staffing.Staff.TeacherScopes;
using Emis.Staffing.Staff.TransferStaffMember;
using Emis.Staffing.Standards;
using GraphQL.Types;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;

namespace Emis.Staffing;

/// <summary>Teachers and other staff: their records, contracts, assignments and figures. Everything the host needs to compose it.</summary>
public static class StaffingModule
{
    public static IServiceCollection AddStaffing(this IServiceCollection services)
    {
        services.AddValidatorsFrom<StaffProfile>();
        services.AddCommandPoliciesFrom<StaffProfile>();
        services.AddSingleton<StaffAccess>();
        services.AddSingleton<StaffQueries>();
        services.AddSingleton<Contracts.IStaffDirectory, StaffDirectoryReader>();
        services.AddSingleton<StaffFiguresQueries>();
        services.AddSingleton<StaffStatisticsFeed>();
        services.AddSingleton<TeachingHoursQueries>();
        // The one import pipeline for people (adr/0018), shared with the learner import.
        services.TryAddSingleton<ImportRows>();
        services.TryAddSingleton<ImportQueue>();
        services.TryAddSingleton<ImportRunner>();
        services.AddSingleton<StaffImporter>();
        services.AddSingleton<StaffImportReview>();
        services.AddSingleton<StaffImportResolution>();
        services.AddSingleton<ICallerScope, TeacherSections>();
        services.AddSingleton<IGraphQLModule, StaffingGraphQL>();
        services.AddSingleton<IPersonalDataHolder, StaffPersonalData>();
        services.AddSingleton(StaffingPublicEvents.Map());
        services.AddSingleton<IStreamVisibility, StaffStreamVisibility>();
        // Rebuildable from the events alone (./emis projections rebuild, ./emis audit verify).
        services.AddSingleton(sp => StaffReadModels.Profiles(sp.GetRequiredService<IDocumentStore>()));
        services.AddSingleton(sp => StaffReadModels.Standards(sp.GetRequiredService<IDocumentStore>()));
        services.AddSingleton<IReadModel>(sp => new StaffFiguresReadModel(sp.GetRequiredService<IDocumentStore>()));
        return services;
    }

    public static StoreOptions ConfigureStaffing(this StoreOptions options)
    {
        // Explicit, module-prefixed names: history never depends on a class name.
        options.Events.MapEventType<StaffMemberRegistered>("staffing.staff_member_registered");
        options.Events.MapEventType<StaffDetailsCorrected>("staffing.staff_details_corrected");
        options.Events.MapEventType<QualificationRecorded>("staffing.qualification_recorded");
        options.Events.MapEventType<CertificationRecorded>("staffing.certification_recorded");
        options.Events.MapEventType<TrainingRecorded>("staffing.training_recorded");
        options.Events.MapEventType<ContractStarted>("staffing.contract_started");
        options.Events.MapEventType<ContractEnded>("staffing.contract_ended");
        options.Events.MapEventType<LeaveRecorded>("staffing.leave_recorded");
        options.Events.MapEventType<TeachingAssigned>("staffing.teaching_assigned");
        options.Events.MapEventType<TeachingAssignmentEnded>("staffing.teaching_assignment_ended");
        options.Events.MapEventType<TeacherStandardsSet>("staffing.teacher_standards_set");

        options.Projections.Add<StaffProfileProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<TeacherStandardsProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new StaffFiguresProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline, "staff_figures");
        options.Storage.ExtendedSchemaObjects.AddRange(StaffFiguresTables.All(options.DatabaseSchemaName));
        options.Schema.For<StaffProfile>().Index(x => x.LastName);
        ImportRows.Register(options);
        ImportQueue.Register(options);
        options.Schema.For<StaffImport>();
        options.Schema.For<Schools.StaffingSchool>().Index(x => x.Code);
        return options;
    }

    public static WolverineOptions ConfigureStaffing(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(StaffingModule).Assembly);
        return options;
    }

    private sealed class StaffingGraphQL : IGraphQLModule
    {
        public void AddQueryFields(ObjectGraphType query)
        {
            StaffQueryFields.Add(query);
            StaffFiguresFields.Add(query);
            TeachingHoursFields.Add(query);
            StaffImportReview.AddQueries(query);
        }

        public void AddMutationFields(ObjectGraphType mutation)
        {
            RegisterStaffMemberMutation.Add(mutation);
            CorrectStaffDetailsMutation.Add(mutation);
            RecordQualificationsMutation.Add(mutation);
            StartContractMutation.Add(mutation);
            EndContractMutation.Add(mutation);
            TransferStaffMemberMutation.Add(mutation);
            RecordLeaveMutation.Add(mutation);
            AssignTeachingMutation.Add(mutation);
            EndTeachingAssignmentMutation.Add(mutation);
            SetTeacherStandardsMutation.Add(mutation);
            ResolveStaffImportRowMutation.Add(mutation);
        }

        public void AddSubscriptionFields(ObjectGraphType subscription) => StaffFiguresFields.AddSubscriptions(subscription);
    }
}
