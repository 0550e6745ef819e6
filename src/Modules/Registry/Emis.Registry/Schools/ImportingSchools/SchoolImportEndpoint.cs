using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Emis.Registry.Schools.ImportingSchools;

/// <summary><c>POST /api/imports/schools</c>: a CSV as the body (text/csv) or as the <c>file</c> of a multipart form.</summary>
public static class SchoolImportEndpoint
{
    [WolverinePost("/api/imports/schools")]
    public static async Task<IResult> Post(HttpContext http, SchoolImporter importer)
    {
        if (!Caller.TryFrom(http.User, out var caller, out var problem))
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized, title: "UNAUTHENTICATED");
        }
        if (caller!.Role != Roles.MinistryAdmin)
        {
            return Results.Problem(
                $"The role '{caller.Role}' may not import schools.", statusCode: StatusCodes.Status403Forbidden, title: "FORBIDDEN");
        }

        Stream body;
        string? fileName = null;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var file = form.Files["file"] ?? form.Files.FirstOrDefault();
            if (file is null) return Results.Problem("The form has no 'file'.", statusCode: StatusCodes.Status400BadRequest, title: "NO_FILE");
            body = file.OpenReadStream();
            fileName = file.FileName;
        }
        else
        {
            var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            buffer.Position = 0;
            body = buffer;
        }

        await using (body)
        {
            var context = new CommandContext(caller.Jurisdiction, caller.Subject, Sources.Import, "import-" + Guid.NewGuid().ToString("N"));
            var report = await importer.ImportAsync(body, fileName, context, http.RequestAborted);
            return report.FileErrors.Count > 0 ? Results.BadRequest(report) : Results.Ok(report);
        }
    }
}
