using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Microsoft.AspNetCore.Http;

namespace Emis.Platform.Imports;

/// <summary>A file uploaded for import, with who sent it and the school year it is for.</summary>
public sealed record UploadedFile(Caller Caller, string FileName, byte[] Content, string SchoolYear, CommandContext Context);

/// <summary>
/// What every import endpoint does with its request (<c>POST /api/imports/…</c>): a multipart form with the <c>file</c>
/// (CSV, XLSX or XLS) and <c>schoolYear</c> (or <c>?schoolYear=</c>), as a web form sends it. Refuses an unauthenticated
/// caller (401), a role that may not import (403), a missing or oversized file (400, 413) and a file that cannot be read at
/// all (400 with one message); otherwise answers the importer's report. The importer decides row by row what lies in the
/// caller's scope. With <c>Prefer: respond-async</c> (or <c>?async=true</c>) the file is queued (<see cref="ImportQueue"/>)
/// and the answer is <c>202 Accepted</c> at once, with the import's URL in <c>Location</c>: the import runs on after the
/// client has gone.
/// </summary>
public static class ImportUpload
{
    /// <param name="what">What the file holds, for messages ("learners", "staff").</param>
    /// <param name="import">Runs the import and returns its report.</param>
    /// <param name="queue">
    /// Queues the file and its import's run, returning the import's id (null: the importer runs only while the client waits).
    /// </param>
    /// <param name="needsSchoolYear">False for files that are not about a school year (a device inventory): it is then optional ("").</param>
    public static async Task<IResult> HandleAsync(HttpContext http, string what, Func<UploadedFile, CancellationToken, Task<object>> import,
        Func<UploadedFile, CancellationToken, Task<Guid>>? queue = null, bool needsSchoolYear = true)
    {
        if (!Caller.TryFrom(http.User, out var caller, out var problem))
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized, title: "UNAUTHENTICATED");
        }
        if (caller!.Role is not (Roles.MinistryAdmin or Roles.MunicipalityOfficer or Roles.SchoolAdmin))
        {
            return Results.Problem(
                $"The role '{caller.Role}' may not import {what}.", statusCode: StatusCodes.Status403Forbidden, title: "FORBIDDEN");
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
        if (!needsSchoolYear) schoolYear ??= "";
        else if (string.IsNullOrWhiteSpace(schoolYear))
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
        var upload = new UploadedFile(caller, file.FileName, content, schoolYear, context);
        if (queue is not null && WantsAsync(http.Request))
        {
            // Not the request's token: a client that goes away does not take the queued import with it.
            var importId = await queue(upload, CancellationToken.None);
            var location = $"/api/imports/{what}/{importId}";
            http.Response.Headers.Location = location;
            return Results.Json(new { importId, status = "QUEUED", location }, statusCode: StatusCodes.Status202Accepted);
        }
        try
        {
            var report = await import(upload, http.RequestAborted);
            return Results.Json(report, statusCode: StatusCodes.Status200OK);
        }
        catch (UnreadableFileException unreadable)
        {
            return Results.Problem(unreadable.Message, statusCode: StatusCodes.Status400BadRequest, title: unreadable.Code);
        }
        catch (CommandRejectedException rejected)
        {
            // A file refused by a rule (one already imported and reverted) conflicts with what is stored; bad input is a 400.
            var rule = rejected.Errors.Any(e => e.Code == ErrorCodes.RuleViolated);
            return Results.Problem(string.Join(" ", rejected.Errors.Select(e => $"{e.Field}: {e.Message}")),
                statusCode: rule ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                title: rule ? ErrorCodes.RuleViolated : ErrorCodes.Invalid);
        }
    }

    /// <summary>
    /// <c>GET /api/imports/…/{id}</c>: how far an import is — QUEUED (or FAILED, with the reason) while its file waits, then
    /// RUNNING with the rows written so far, then COMPLETED with its summary — for whoever may see it (who sent it, or
    /// whose scope its rows touch); 404 otherwise.
    /// </summary>
    public static async Task<IResult> StatusAsync<TDocument>(HttpContext http, Guid id, ImportQueue queue, string what)
        where TDocument : ImportDocument
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(queue);
        if (!Caller.TryFrom(http.User, out var caller, out var problem))
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized, title: "UNAUTHENTICATED");
        }
        if (await queue.ProgressAsync<TDocument>(what, caller!, id, http.RequestAborted) is { } progress) return Results.Json(progress);
        return Results.Problem($"No {what} import with this id that you may see.", statusCode: StatusCodes.Status404NotFound, title: "NOT_FOUND");
    }

    /// <summary>Whether the client asked to be answered before the import has run (RFC 7240 <c>Prefer: respond-async</c>).</summary>
    public static bool WantsAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers["Prefer"].Any(p => p?.Contains("respond-async", StringComparison.OrdinalIgnoreCase) == true)
            || string.Equals(request.Query["async"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
    }
}
