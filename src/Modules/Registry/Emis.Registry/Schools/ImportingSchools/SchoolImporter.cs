using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Emis.Registry.Schools.GettingSchools;
using Marten;

namespace Emis.Registry.Schools.ImportingSchools;

/// <summary>One row of a school import, with exactly one status: registered, updated, unchanged or rejected.</summary>
public sealed record SchoolImportRowResult(int Row, string? Code, string Status, IReadOnlyList<string> Changes, IReadOnlyList<UserError> Errors);

public sealed record SchoolImportReport(
    string ImportId,
    string? File,
    int Rows,
    int Registered,
    int Updated,
    int Unchanged,
    int Rejected,
    IReadOnlyList<UserError> FileErrors,
    IReadOnlyList<SchoolImportRowResult> Results);

/// <summary>
/// Registers or updates schools from a CSV with columns <c>code,name,municipality</c> and optionally <c>level</c> and
/// <c>languages</c> (space- or |-separated ISO codes). Every row goes through the same commands as the API, one
/// transaction per row; re-importing a file changes nothing the second time.
/// </summary>
public sealed class SchoolImporter(CommandDispatcher dispatcher, IDocumentStore store)
{
    private static readonly string[] Required = ["code", "name", "municipality"];

    public async Task<SchoolImportReport> ImportAsync(Stream csv, string? fileName, CommandContext context, CancellationToken ct)
    {
        var importId = context.CorrelationId;
        List<Dictionary<string, string>> rows;
        List<int> lines;
        try
        {
            (rows, lines) = Read(csv, fileName);
        }
        catch (ImportFileException ex)
        {
            return new SchoolImportReport(importId, fileName, 0, 0, 0, 0, 0, [new UserError(ex.Code, ex.Field, ex.Message)], []);
        }

        // One read for the whole file: the schools its codes already name.
        var ids = rows.Select(r => SchoolIdentity.NormaliseCode(r.GetValueOrDefault("code") ?? ""))
            .Where(code => code.Length > 0)
            .Select(code => SchoolIdentity.For(context.Jurisdiction, code))
            .Distinct()
            .ToArray();
        IReadOnlyDictionary<Guid, SchoolView> existing;
        await using (var query = store.QuerySession(context.Jurisdiction))
        {
            existing = (await query.LoadManyAsync<SchoolView>(ct, ids)).ToDictionary(s => s.Id);
        }

        var results = new List<SchoolImportRowResult>(rows.Count);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rows.Count; i++)
        {
            results.Add(await ImportRowAsync(rows[i], lines[i], seen, existing, context, ct));
        }

        return new SchoolImportReport(importId, fileName, rows.Count,
            results.Count(r => r.Status == "registered"),
            results.Count(r => r.Status == "updated"),
            results.Count(r => r.Status == "unchanged"),
            results.Count(r => r.Status == "rejected"),
            [], results);
    }

    private async Task<SchoolImportRowResult> ImportRowAsync(
        Dictionary<string, string> row, int line, Dictionary<string, int> seen, IReadOnlyDictionary<Guid, SchoolView> schools, CommandContext context,
            CancellationToken ct)
    {
        var code = SchoolIdentity.NormaliseCode(row.GetValueOrDefault("code") ?? "");
        var name = row.GetValueOrDefault("name") ?? "";
        var municipality = row.GetValueOrDefault("municipality") ?? "";

        if (code.Length > 0 && seen.TryGetValue(code, out var firstLine))
        {
            return Rejected(line, code, new UserError(ErrorCodes.Duplicate, "code", $"Code {code} already appears on row {firstLine} of this file."));
        }
        if (code.Length > 0) seen[code] = line;

        var errors = new List<UserError>();
        SchoolLevel? level = null;
        if (row.TryGetValue("level", out var levelText) && levelText.Length > 0)
        {
            level = ParseLevel(levelText);
            if (level is null)
            {
                errors.Add(new UserError(
                    ErrorCodes.Invalid, "level", $"'{levelText}' is not a level; use primary, lower_secondary, upper_secondary or combined."));
            }
        }
        IReadOnlyList<string>? languages = row.TryGetValue("languages", out var languageText) && languageText.Length > 0
            ? languageText.Split([' ', '|', ','], StringSplitOptions.RemoveEmptyEntries)
            : null;
        if (errors.Count > 0) return Rejected(line, code, [.. errors]);

        var existing = code.Length == 0 ? null : schools.GetValueOrDefault(SchoolIdentity.For(context.Jurisdiction, code));
        if (existing is null)
        {
            var outcome = await dispatcher.SendAsync(
                new RegisterSchool.RegisterSchool(code, name, municipality, level ?? SchoolLevel.Combined, languages ?? []), context, ct);
            if (!outcome.Succeeded) return Rejected(line, code, [.. outcome.Errors]);
            var notes = level is null ? new List<string> { "registered (no level given: combined, every grade 1–13)" } : ["registered"];
            return new SchoolImportRowResult(line, code, "registered", notes, []);
        }

        var changes = new List<string>();
        var version = existing.Version;
        async Task<bool> Apply(object command, string description)
        {
            var outcome = await dispatcher.SendAsync(command, context, ct);
            if (!outcome.Succeeded)
            {
                errors.AddRange(outcome.Errors);
                return false;
            }
            changes.Add(description);
            version++;
            return true;
        }

        if (name.Length == 0) errors.Add(new UserError(ErrorCodes.Required, "name", "A school name is required."));
        if (municipality.Length == 0) errors.Add(new UserError(ErrorCodes.Required, "municipality", "The school's municipality is required."));
        if (errors.Count > 0) return Rejected(line, code, [.. errors]);

        var cleanName = SchoolRules.CleanName(name);
        if (cleanName != existing.Name
            && !await Apply(new RenameSchool.RenameSchool(existing.Id, cleanName, version), $"renamed from '{existing.Name}' to '{cleanName}'"))
        {
            return Rejected(line, code, [.. errors], changes);
        }
        var cleanMunicipality = SchoolRules.CleanName(municipality);
        if (cleanMunicipality != existing.Municipality
            && !await Apply(
                new MoveSchool.MoveSchool(existing.Id, cleanMunicipality, version), $"moved from {existing.Municipality} to {cleanMunicipality}"))
        {
            return Rejected(line, code, [.. errors], changes);
        }
        if (languages is not null && !Languages.Normalise(languages).Order().SequenceEqual(existing.Languages.Order())
            && !await Apply(
                new SetSchoolLanguages.SetSchoolLanguages(existing.Id, languages, version), $"languages set to {string.Join(' ', languages)}"))
        {
            return Rejected(line, code, [.. errors], changes);
        }
        if (level is { } l && l != existing.Level)
        {
            changes.Add($"level left as {existing.Level} (file says {l}): a school's level is not changed by import");
        }

        return changes.Count == 0 || changes.All(c => c.StartsWith("level left", StringComparison.Ordinal))
            ? new SchoolImportRowResult(line, code, "unchanged", changes, [])
            : new SchoolImportRowResult(line, code, "updated", changes, []);
    }

    private static SchoolImportRowResult Rejected(int line, string code, params UserError[] errors) => new(
        line, code.Length == 0 ? null : code, "rejected", [], errors);

    private static SchoolImportRowResult Rejected(int line, string code, UserError[] errors, List<string> changes) =>
        new(line, code, "rejected", changes, errors);

    internal static SchoolLevel? ParseLevel(string text) =>
        text.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_') switch
        {
            "primary" => SchoolLevel.Primary,
            "lower_secondary" => SchoolLevel.LowerSecondary,
            "upper_secondary" or "secondary" => SchoolLevel.UpperSecondary,
            "combined" => SchoolLevel.Combined,
            _ => null,
        };

    // The registry file is read as every import reads its file (Emis.Platform.Imports.SheetFile): CSV in any of the
    // region's encodings and separators, XLSX or XLS; then its own header (code, name, municipality, level, languages).
    private static (List<Dictionary<string, string>> Rows, List<int> Lines) Read(Stream file, string? fileName)
    {
        using var buffer = new MemoryStream();
        file.CopyTo(buffer);
        Sheet sheet;
        try
        {
            sheet = SheetFile.Read(buffer.ToArray(), fileName ?? "the file", "the school registry file");
        }
        catch (UnreadableFileException unreadable)
        {
            throw new ImportFileException(unreadable.Code, null, unreadable.Message);
        }
        var header = sheet.Header.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            throw new ImportFileException("MISSING_COLUMN", missing[0],
                $"The file lacks the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; expected " +
                $"code,name,municipality[,level,languages].");
        }

        var rows = new List<Dictionary<string, string>>();
        var lines = new List<int>();
        foreach (var row in sheet.Rows)
        {
            var record = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < header.Length; c++) record[header[c]] = c < row.Cells.Length ? row.Cells[c].Trim() : "";
            rows.Add(record);
            lines.Add(row.Line);
        }
        return (rows, lines);
    }

    private sealed class ImportFileException(string code, string? field, string message) : Exception(message)
    {
        public string Code { get; } = code;
        public string? Field { get; } = field;
    }
}
