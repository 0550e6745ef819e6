using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Emis.Platform.Auth;
using Marten;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;

namespace Emis.Assets.Proposals;

/// <summary>
/// <c>GET /api/assets/proposals/{id}.csv</c>: a saved purchase proposal as a spreadsheet (UTF-8 with BOM, comma-separated, one line per
/// school and device type, then a total per device type and the grand total). The ministry's; CsvHelper writes it, and escapes a
/// cell that a spreadsheet would run as a formula.
/// </summary>
public static class ProposalCsvEndpoint
{
    [WolverineGet("/api/assets/proposals/{id}.csv")]
    public static async Task<IResult> Get(HttpContext http, Guid id, IDocumentStore store)
    {
        if (!Caller.TryFrom(http.User, out var caller, out var problem))
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized, title: "UNAUTHENTICATED");
        }
        if (!caller!.IsMinistry)
        {
            return Results.Problem($"The role '{caller.Role}' may not read purchase proposals.", statusCode: StatusCodes.Status403Forbidden,
                title: "FORBIDDEN");
        }
        await using var session = store.QuerySession(caller.Jurisdiction);
        var proposal = await session.LoadAsync<PurchaseProposalView>(id, http.RequestAborted);
        if (proposal is null)
        {
            return Results.Problem($"There is no purchase proposal with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "NOT_FOUND");
        }
        return Results.File(Write(proposal), "text/csv; charset=utf-8", $"purchase-proposal-{proposal.Id:N}.csv");
    }

    /// <summary>The proposal's CSV bytes.</summary>
    public static byte[] Write(PurchaseProposalView proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var header in Header) csv.WriteField(header);
            csv.NextRecord();
            foreach (var l in proposal.Lines)
            {
                Row(csv, proposal, l.SchoolCode, l.SchoolName, l.Municipality, ProposalCalculator.Name(l.DeviceType), l.Classrooms, l.Learners,
                    l.Required,
                    l.Working, l.Shortfall, l.UnitPrice, l.Amount);
            }
            foreach (var t in proposal.Totals)
            {
                Row(csv, proposal, "TOTAL", "", "", ProposalCalculator.Name(t.DeviceType), null, null, t.Required, t.Working, t.Shortfall,
                    t.UnitPrice,
                    t.Amount);
            }
            Row(csv, proposal, "TOTAL", "", "", "", null, null, null, null, proposal.Totals.Sum(t => t.Shortfall), null, proposal.Total);
        }
        return buffer.ToArray();
    }

    private static readonly string[] Header =
    [
        "proposal", "school_year", "sequence", "school_code", "school_name", "municipality", "device_type", "classrooms", "learners", "required",
        "working", "shortfall", "unit_price", "amount", "currency",
    ];

    private static void Row(CsvWriter csv, PurchaseProposalView p, string code, string name, string municipality, string type, long? classrooms,
        long? learners, int? required, int? working, int shortfall, decimal? price, decimal? amount)
    {
        csv.WriteField(p.Name);
        csv.WriteField(p.SchoolYear);
        csv.WriteField(p.Sequence);
        csv.WriteField(code);
        csv.WriteField(name);
        csv.WriteField(municipality);
        csv.WriteField(type);
        csv.WriteField(classrooms);
        csv.WriteField(learners);
        csv.WriteField(required);
        csv.WriteField(working);
        csv.WriteField(shortfall);
        csv.WriteField(price?.ToString("0.00", CultureInfo.InvariantCulture));
        csv.WriteField(amount?.ToString("0.00", CultureInfo.InvariantCulture));
        csv.WriteField(p.Currency);
        csv.NextRecord();
    }
}
