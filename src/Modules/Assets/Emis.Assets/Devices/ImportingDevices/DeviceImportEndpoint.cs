using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Microsoft.AspNetCore.Http;
using Wolverine;
using Wolverine.Http;

namespace Emis.Assets.Devices.ImportingDevices;

/// <summary>
/// <c>POST /api/imports/devices</c> (<see cref="ImportUpload"/>; no school year needed): answers the import report, or with
/// <c>Prefer: respond-async</c> answers <c>202 Accepted</c> at once and runs the import through a durable message
/// (<see cref="RunDeviceImport"/>); <c>GET /api/imports/devices/{id}</c> says how far it is. Ministry admins import anywhere,
/// municipality officers into their municipality's schools, school admins into their school (<see cref="AssetsAccess.MayManage(Caller,
/// Schools.AssetsSchool?)"/>); rows for other schools are rejected as FORBIDDEN.
/// </summary>
public static class DeviceImportEndpoint
{
    /// <summary>What the import queue calls these files.</summary>
    public const string Kind = "devices";

    [WolverinePost("/api/imports/devices")]
    public static Task<IResult> Post(HttpContext http, DeviceImporter importer, ImportQueue queue, IMessageBus bus, TimeProvider clock) =>
        ImportUpload.HandleAsync(http, Kind,
            async (upload, ct) => await importer.ImportAsync(RequestOf(upload.Caller, upload.FileName, upload.Content, upload.Context), ct),
            (upload, ct) =>
            {
                var request = RequestOf(upload.Caller, upload.FileName, upload.Content, upload.Context);
                var importId = DeviceImporter.ImportIdOf(upload.Caller.Jurisdiction, ImportIds.Sha256(upload.Content),
                    request.MayImportInto is null ? null : request.Scope);
                return queue.QueueAsync(Kind, importId, upload, bus, id => new RunDeviceImport(upload.Caller.Jurisdiction, id), clock.GetUtcNow(),
                    ct);
            }, needsSchoolYear: false);

    [WolverineGet("/api/imports/devices/{id}")]
    public static Task<IResult> Get(HttpContext http, Guid id, ImportQueue queue) => ImportUpload.StatusAsync<DeviceImport>(http, id, queue, Kind);

    /// <summary>The importer's request for a caller's file: their scope decides the schools rows may go to.</summary>
    public static DeviceImportRequest RequestOf(Caller caller, string fileName, byte[] content, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new DeviceImportRequest(fileName, content, context,
            caller.Role == Roles.MinistryAdmin ? null : school => AssetsAccess.MayManage(caller, school), caller.ScopeKey);
    }
}

/// <summary>Runs a queued device import (durable: after a crash any node runs it, and it resumes after its last batch).</summary>
public sealed record RunDeviceImport(string Jurisdiction, Guid ImportId);

public static class RunDeviceImportHandler
{
    public static Task Handle(RunDeviceImport message, ImportQueue queue, DeviceImporter importer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(queue);
        return queue.RunAsync(message.Jurisdiction, message.ImportId, (queued, content, context, token) =>
            importer.ImportAsync(DeviceImportEndpoint.RequestOf(queued.Caller, queued.FileName, content, context), token), ct);
    }
}
