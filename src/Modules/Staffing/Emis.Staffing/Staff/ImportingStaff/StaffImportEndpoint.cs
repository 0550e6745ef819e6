using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Microsoft.AspNetCore.Http;
using Wolverine;
using Wolverine.Http;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>
/// <c>POST /api/imports/staff</c> (<see cref="ImportUpload"/>): answers the import report, or with
/// <c>Prefer: respond-async</c> answers <c>202 Accepted</c> at once and runs the import through a durable message
/// (<see cref="RunStaffImport"/>); <c>GET /api/imports/staff/{id}</c> says how far it is. Ministry admins import anywhere,
/// municipality officers into their municipality's schools, school admins into their school; rows for other schools are
/// rejected as FORBIDDEN.
/// </summary>
public static class StaffImportEndpoint
{
    [WolverinePost("/api/imports/staff")]
    public static Task<IResult> Post(HttpContext http, StaffImporter importer, ImportQueue queue, IMessageBus bus, TimeProvider clock) =>
        ImportUpload.HandleAsync(http, "staff",
            async (upload, ct) => await importer.ImportAsync(RequestOf(upload.Caller, upload.FileName, upload.Content, upload.SchoolYear,
                upload.Context), ct),
            (upload, ct) =>
            {
                var request = RequestOf(upload.Caller, upload.FileName, upload.Content, upload.SchoolYear, upload.Context);
                var importId = StaffImporter.ImportIdOf(upload.Caller.Jurisdiction, upload.SchoolYear, ImportIds.Sha256(upload.Content),
                    request.MayImportInto is null ? null : request.Scope);
                return queue.QueueAsync(Kind, importId, upload, bus, id => new RunStaffImport(upload.Caller.Jurisdiction, id), clock.GetUtcNow(), ct);
            });

    [WolverineGet("/api/imports/staff/{id}")]
    public static Task<IResult> Get(HttpContext http, Guid id, ImportQueue queue) => ImportUpload.StatusAsync<StaffImport>(http, id, queue, Kind);

    /// <summary>What the import queue calls these files.</summary>
    public const string Kind = "staff";

    /// <summary>The importer's request for a caller's file: their scope decides the schools rows may go to.</summary>
    public static StaffImportRequest RequestOf(Caller caller, string fileName, byte[] content, string schoolYear, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new StaffImportRequest(fileName, content, schoolYear, context,
            caller.Role == Roles.MinistryAdmin ? null : school => StaffAccess.MayManage(caller, school), caller.ScopeKey);
    }
}

/// <summary>Runs a queued staff import (durable: after a crash any node runs it, and it resumes after its last batch).</summary>
public sealed record RunStaffImport(string Jurisdiction, Guid ImportId);

public static class RunStaffImportHandler
{
    public static Task Handle(RunStaffImport message, ImportQueue queue, StaffImporter importer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(queue);
        return queue.RunAsync(message.Jurisdiction, message.ImportId, (queued, content, context, token) =>
            importer.ImportAsync(StaffImportEndpoint.RequestOf(queued.Caller, queued.FileName, content, queued.SchoolYear, context), token), ct);
    }
}
