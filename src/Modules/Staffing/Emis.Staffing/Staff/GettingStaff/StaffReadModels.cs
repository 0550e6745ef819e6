using Emis.Platform.ReadModels;
using Emis.Staffing.Standards;
using Marten;

namespace Emis.Staffing.Staff.GettingStaff;

/// <summary>Staffing's documents rebuilt from their streams with their projections' own methods (Marten's aggregator).</summary>
internal static class StaffReadModels
{
    public static IReadModel Profiles(IDocumentStore store) => new DocumentReadModel<StaffProfile>(
        store,
        "staff-profiles",
        "members of staff with their records, contracts, assignments and histories (StaffProfile documents)",
        [typeof(StaffMemberRegistered), typeof(StaffDetailsCorrected), typeof(QualificationRecorded), typeof(CertificationRecorded),
            typeof(TrainingRecorded), typeof(ContractStarted), typeof(ContractEnded), typeof(LeaveRecorded), typeof(TeachingAssigned),
            typeof(TeachingAssignmentEnded)],
        s => s.Id,
        s => s.Version,
        []);

    public static IReadModel Standards(IDocumentStore store) => new DocumentReadModel<TeacherStandardsView>(
        store,
        "teacher-standards",
        "the jurisdictions' teacher standards and their versions (TeacherStandardsView documents)",
        [typeof(TeacherStandardsSet)],
        s => s.Id,
        s => s.Version,
        []);
}
