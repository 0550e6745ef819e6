using Emis.Platform.Auth;
using Emis.Platform.Commands;

namespace Emis.Staffing.Staff.RecordQualifications;

/// <summary>Who may record qualifications and training: whoever manages the member of staff.</summary>
internal sealed class RecordQualificationPolicy(StaffAccess access) : ICommandPolicy<RecordQualification>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RecordQualification command, CancellationToken ct) =>
        access.ManagesStaffAsync(caller, command.StaffId, "record this member of staff's qualifications", ct);
}

internal sealed class RecordCertificationPolicy(StaffAccess access) : ICommandPolicy<RecordCertification>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RecordCertification command, CancellationToken ct) =>
        access.ManagesStaffAsync(caller, command.StaffId, "record this member of staff's certifications", ct);
}

internal sealed class RecordTrainingPolicy(StaffAccess access) : ICommandPolicy<RecordTraining>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, RecordTraining command, CancellationToken ct) =>
        access.ManagesStaffAsync(caller, command.StaffId, "record this member of staff's training", ct);
}
