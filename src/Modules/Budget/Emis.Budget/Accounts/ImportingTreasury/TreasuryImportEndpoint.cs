using System.Globalization;
using Emis.Platform.Auth;
using Emis.Platform.Imports;
using Microsoft.AspNetCore.Http;
using Wolverine;
using Wolverine.Http;

namespace Emis.Budget.Accounts.ImportingTreasury;

/// <summary>
/// <c>POST /api/imports/treasury?fiscalYear=2026</c> (<see cref="ImportUpload"/>; the fiscal year as a query parameter or a form field):
/// answers the import report, or with <c>Prefer: respond-async</c> answers <c>202 Accepted</c> at once and runs the import through a
/// durable message (<see cref="RunTreasuryImport"/>); <c>GET /api/imports/treasury/{id}</c> says how far it is. Ministry admins import every
/// holder's lines, municipality officers their municipality's own and its schools', school admins their school's
/// (<see cref="BudgetAccess.Manages"/>); other lines are FORBIDDEN.
/// </summary>
public static class TreasuryImportEndpoint
{
    /// <summary>What the import queue calls these files.</summary>
    public const string Kind = "treasury";

    [WolverinePost("/api/imports/treasury")]
    public static async Task<IResult> Post(HttpContext http, TreasuryImporter importer, ImportQueue queue, IMessageBus bus, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        var fiscalYear = 0;
        // Who may import at all is the upload's to answer (401, 403); a caller who may is told first what the fiscal year must be.
        if (Caller.TryFrom(http.User, out var caller, out _) && caller!.Role is Roles.MinistryAdmin or Roles.MunicipalityOfficer or Roles.SchoolAdmin)
        {
            if (FiscalYear(await FiscalYearTextAsync(http)) is not { } year)
            {
                return Results.Problem("fiscalYear is required: the fiscal year the lines are recorded in, e.g. ?fiscalYear=2026.",
                    statusCode: StatusCodes.Status400BadRequest, title: "INVALID");
            }
            fiscalYear = year;
        }
        return await ImportUpload.HandleAsync(http, Kind,
            async (upload, ct) =>
                await importer.ImportAsync(RequestOf(upload.Caller, upload.FileName, upload.Content, fiscalYear, upload.Context), ct),
            (upload, ct) =>
            {
                var importId = TreasuryImporter.ImportIdOf(RequestOf(upload.Caller, upload.FileName, upload.Content, fiscalYear, upload.Context));
                var stored = upload with { SchoolYear = fiscalYear.ToString(CultureInfo.InvariantCulture) };
                return queue.QueueAsync(Kind, importId, stored, bus, id => new RunTreasuryImport(upload.Caller.Jurisdiction, id, fiscalYear),
                    clock.GetUtcNow(), ct);
            }, needsSchoolYear: false);
    }

    [WolverineGet("/api/imports/treasury/{id}")]
    public static Task<IResult> Get(HttpContext http, Guid id, ImportQueue queue) => ImportUpload.StatusAsync<TreasuryImport>(http, id, queue, Kind);

    /// <summary>The importer's request for a caller's file: their scope decides whose lines may be recorded.</summary>
    public static TreasuryImportRequest RequestOf(Caller caller, string fileName, byte[] content, int fiscalYear,
        Platform.Commands.CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new TreasuryImportRequest(fileName, content, fiscalYear, context, caller);
    }

    private static async Task<string?> FiscalYearTextAsync(HttpContext http)
    {
        if (http.Request.Query["fiscalYear"].FirstOrDefault() is { Length: > 0 } query) return query;
        if (!http.Request.HasFormContentType) return null;
        // As the upload does: the file may be larger than Kestrel's default body limit.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = SheetFile.MaxFileBytes + 1024 * 1024;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return form["fiscalYear"].FirstOrDefault();
    }

    private static int? FiscalYear(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1990 and <= 2200 ? year : null;
}

/// <summary>Runs a queued treasury import (durable: after a crash any node runs it, and it resumes after its last batch).</summary>
public sealed record RunTreasuryImport(string Jurisdiction, Guid ImportId, int FiscalYear);

public static class RunTreasuryImportHandler
{
    public static Task Handle(RunTreasuryImport message, ImportQueue queue, TreasuryImporter importer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(queue);
        return queue.RunAsync(message.Jurisdiction, message.ImportId, (queued, content, context, token) =>
            importer.ImportAsync(TreasuryImportEndpoint.RequestOf(queued.Caller, queued.FileName, content, message.FiscalYear, context), token), ct);
    }
}
