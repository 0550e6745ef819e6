using System.Globalization;
using Emis.Platform.Imports;

namespace Emis.Budget.Accounts.ImportingTreasury;

/// <summary>A treasury import as a document: the platform's import record, with the fiscal year it is for.</summary>
public sealed class TreasuryImport : ImportDocument
{
    public int FiscalYear { get; set; }
    public string Currency { get; set; } = "";

    /// <summary>Lines outside the importer's scope (counted among the rejected in <see cref="ImportDocument.Summary"/>).</summary>
    public int Forbidden { get; set; }

    public TreasurySummary Outcomes => new(Summary.Imported, Summary.Duplicate, Summary.Rejected - Forbidden, Forbidden);

    /// <summary>Describes the planned file: how it was read, the columns it ignored, its lines' outcomes and whose money they are.</summary>
    public void Planned(Sheet sheet, IReadOnlyList<string> ignoredColumns, IReadOnlyList<PlannedEntry> plan)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(plan);
        Rows = plan.Count;
        Format = sheet.Format;
        IgnoredColumns = [.. ignoredColumns];
        var holders = plan.Where(p => p.Holder is not null).Select(p => p.Holder!).ToList();
        SchoolCodes = [.. holders.Where(h => h.SchoolCode is not null).Select(h => h.SchoolCode!).Distinct().Order(StringComparer.Ordinal)];
        Municipalities = [.. holders.Where(h => h.Municipality is not null).Select(h => h.Municipality!).Distinct().Order(StringComparer.Ordinal)];
        // Every line counted once: a forbidden line is not imported, so the platform's summary counts it rejected.
        Summary = ImportSummary.Of(plan.Select(p => p.Status == TreasuryStatus.Forbidden ? RowStatus.Rejected : p.Status));
        Forbidden = plan.Count(p => p.Status == TreasuryStatus.Forbidden);
    }
}

/// <summary>How many lines ended in each outcome; every line counted once.</summary>
public sealed record TreasurySummary(int Imported, int Duplicate, int Rejected, int Forbidden);

/// <summary>The report of a treasury import (JSON, camelCase): every line of the file with its outcome.</summary>
public sealed record TreasuryImportReport(Guid ImportId, string File, int FiscalYear, string Currency, string Status, int Rows,
    TreasurySummary Summary, IReadOnlyList<TreasuryRowResult> Results)
{
    public string? Format { get; init; }
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
}

/// <param name="Status">imported, duplicate, rejected or forbidden.</param>
/// <param name="Entry">The entry the line records (or would), as cleaning and the chart read it.</param>
/// <param name="DuplicateOf">For a duplicate: the entry recorded already, and the line of this file that recorded it when one did.</param>
public sealed record TreasuryRowResult(int Row, string Status, ReportedEntry Entry, DuplicateEntry? DuplicateOf,
    IReadOnlyList<Correction> Corrections, IReadOnlyList<RowProblem> Errors)
{
    public override string ToString() => $"TreasuryRowResult {{ Row = {Row}, Status = {Status} }}";
}

/// <param name="Holder">The school's code, the municipality's name, or central.</param>
public sealed record ReportedEntry(Guid? EntryId, Guid? AccountId, string? Kind, string? On, string? Reference, decimal? Amount, string? Currency,
    string? Line, string? Source, string? Holder, string? HolderKind, string? CommitmentReference, Guid? CommitmentId, string PayeeCategory,
    string? Payee, string? Description)
{
    public static ReportedEntry Of(PlannedEntry entry, string yearCurrency)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var d = entry.Draft;
        var holder = entry.Holder;
        var known = entry.Status is TreasuryStatus.Imported or TreasuryStatus.Duplicate;
        return new ReportedEntry(known ? entry.EntryId : null, known ? entry.Target?.Id : null, d.Kind?.ToString(),
            d.On?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Reference, d.Amount, d.Amount is null ? null : d.Currency ?? yearCurrency,
            d.Line, d.Source,
            holder is null ? d.HolderText : holder.Kind == Accounts.HolderKind.Central ? "central" : holder.SchoolCode ?? holder.Municipality,
            holder?.Kind.ToString(), d.CommitmentReference, known ? entry.CommitmentId : null, d.PayeeCategory.ToString(), d.Payee, d.Description);
    }
}

/// <summary>The entry a duplicate line is: its id, and the line of this import that recorded it (null when it was in Emis before).</summary>
public sealed record DuplicateEntry(Guid EntryId, int? Row);
