using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>
/// <c>POST /api/imports/staff</c>: a multipart form with the <c>file</c> (CSV or XLSX) and <c>schoolYear</c>
/// (or <c>?schoolYear=</c>), as a web form sends it. Answers the import report; a file that cannot be read at all is a
/// 400 with one message. Ministry admins import anywhere, municipality officers into their municipality's schools,
/// school admins into their school; rows for other schools are rejected as FORBIDDEN.
/// </summary>
public static class StaffImportEndpoint
{
    [WolverinePost("/api/imports/staff")]
    public static async Task<IResult> Post(HttpContext http, StaffImporter importer)
    {
        if (!Caller.TryFrom(http.User, out var caller, out var problem))
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized, title: "UNAUTHENTICATED");
        }
        if (caller!.Role is not (Roles.MinistryAdmin or Roles.MunicipalityOfficer or Roles.SchoolAdmin))
        {
            return Results.Problem(
                $"The role '{caller.Role}' may not import staff.", statusCode: StatusCodes.Status403Forbidden, title: "FORBIDDEN");
        }
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem("Send the file as multipart/form-data with a 'file' field and a 'schoolYear' field.",
                statusCode: StatusCodes.Status400BadRequest, title: "NO_FILE");
        }
        // Kestrel's default body limit (about 30 MB) is below the file limit.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = SheetFile.MaxFileBytes + 1024 * 1024;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files["file"] ?? form.Files.FirstOrDefault();
        if (file is null) return Results.Problem("The form has no 'file'.", statusCode: StatusCodes.Status400BadRequest, title: "NO_FILE");
        if (file.Length > SheetFile.MaxFileBytes)
        {
            return Results.Problem($"The file is larger than {SheetFile.MaxFileBytes / 1024 / 1024} MB.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "FILE_TOO_LARGE");
        }
        var schoolYear = form["schoolYear"].FirstOrDefault() ?? http.Request.Query["schoolYear"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(schoolYear))
        {
            return Results.Problem("schoolYear is required, e.g. 2025/2026.", statusCode: StatusCodes.Status400BadRequest, title: "INVALID");
        }
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, http.RequestAborted);
        }
        // The importer sets the correlation id to the import's own id.
        var context = new CommandContext(caller.Jurisdiction, caller.Subject, Sources.Import, http.TraceIdentifier);
        try
        {
            var report = await importer.ImportAsync(new StaffImportRequest(file.FileName, content, schoolYear, context,
                caller.Role == Roles.MinistryAdmin ? null : school => StaffAccess.MayManage(caller, school), caller.ScopeKey),
                    http.RequestAborted);
            return Results.Json(report, statusCode: StatusCodes.Status200OK);
        }
        catch (UnreadableFileException unreadable)
        {
            return Results.Problem(unreadable.Message, statusCode: StatusCodes.Status400BadRequest, title: unreadable.Code);
        }
        catch (CommandRejectedException rejected)
        {
            return Results.Problem(string.Join(" ", rejected.Errors.Select(e => $"{e.Field}: {e.Message}")),
                statusCode: StatusCodes.Status400BadRequest, title: "INVALID");
        }
    }
}
