using Emis.Platform.Auth;
using Emis.Platform.Imports;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>
/// <c>POST /api/imports/staff</c> (<see cref="ImportUpload"/>): answers the import report. Ministry admins import anywhere,
/// municipality officers into their municipality's schools, school admins into their school; rows for other schools are
/// rejected as FORBIDDEN.
/// </summary>
public static class StaffImportEndpoint
{
    [WolverinePost("/api/imports/staff")]
    public static Task<IResult> Post(HttpContext http, StaffImporter importer) =>
        ImportUpload.HandleAsync(http, "staff", async (upload, ct) => await importer.ImportAsync(new StaffImportRequest(
            upload.FileName, upload.Content, upload.SchoolYear, upload.Context,
            upload.Caller.Role == Roles.MinistryAdmin ? null : school => StaffAccess.MayManage(upload.Caller, school),
            upload.Caller.ScopeKey), ct));
}
