using Emis.Platform.Auth;
using Emis.Platform.Imports;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>
/// <c>POST /api/imports/learners</c> (<see cref="ImportUpload"/>): answers the import report. Ministry admins import
/// anywhere, municipality officers into their municipality's schools, school admins into their school; rows for other
/// schools are rejected as FORBIDDEN.
/// </summary>
public static class LearnerImportEndpoint
{
    [WolverinePost("/api/imports/learners")]
    public static Task<IResult> Post(HttpContext http, LearnerImporter importer) =>
        ImportUpload.HandleAsync(http, "learners", async (upload, ct) => await importer.ImportAsync(new LearnerImportRequest(
            upload.FileName, upload.Content, upload.SchoolYear, upload.Context,
            upload.Caller.Role == Roles.MinistryAdmin ? null : school => EnrollmentAccess.MayManage(upload.Caller, school),
            upload.Caller.ScopeKey), ct));
}
