using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Emis.Budget.Tests;

/// <summary>An account the generator writes lines for: whose (a school, a municipality, or central), which line and source, its budget.</summary>
public sealed record TreasuryAccount(string Holder, string? SchoolCode, string? SchoolName, string? Municipality, string Line, string Source,
    decimal Budget)
{
    public string Key => $"{Holder}/{SchoolCode ?? Municipality ?? "central"}/{Line}/{Source}";

    public static TreasuryAccount School(string code, string name, string municipality, string line, string source, decimal budget) =>
        new("SCHOOL", code, name, municipality, line, source, budget);

    public static TreasuryAccount OfMunicipality(string municipality, string line, string source, decimal budget) =>
        new("MUNICIPALITY", null, null, municipality, line, source, budget);

    public static TreasuryAccount Central(string line, string source, decimal budget) => new("CENTRAL", null, null, null, line, source, budget);
}

/// <summary>What a generated line must become: its status, and for a refused line the field and code named.</summary>
/// <param name="Account">The account the line is on (null when the line names none that exists).</param>
/// <param name="DuplicateOfRow">For a duplicate: the earlier row of the file (null for an entry that was in Emis before).</param>
public sealed record ExpectedTreasuryLine(int Row, string Status, string? Field, string? Code, string Kind, TreasuryAccount? Account, decimal Amount,
    int? DuplicateOfRow = null);

/// <summary>
/// Messy treasury exports, the same for a seed, with the outcome every line must have computed by the generator's own small ledger (a
/// budget, what is committed and paid, each commitment's outstanding amount, each document recorded): a header mixing two of five languages
/// (English, Bosnian, Serbian Cyrillic, Albanian, Turkish) with hints, numbering and marks, in a shuffled order with a column nobody asked
/// for; kinds, payee categories and dates in several styles; amounts as "1.250,50", "1,250.50", "1250.50 KM", "1 250,50", "KM 1250,50";
/// holders by code, by name (with a typo), by municipality ("Općina Bihać") or as the ministry; and among the clean lines, lines meant to
/// be refused, each kind at least once: overspending, paying beyond a commitment, an unknown commitment, line, source or holder, a date
/// outside the year or in the future, another currency, too many decimals, an amount that could be read two ways, a negative amount, a
/// document twice with another amount, payroll paid to a named person — and duplicates of earlier lines and of an entry in Emis.
/// </summary>
public sealed class TreasuryFileGenerator(int seed, string[] languages, DateOnly today, Func<TreasuryAccount, bool>? inScope = null)
{
    private readonly Random _random = new(seed);

    private static readonly Dictionary<string, string[]> Headers = new()
    {
        ["en"] = ["Type", "Date", "Document No", "Amount", "Currency", "Economic code", "Funding source", "Budget holder", "Commitment No",
            "Payee category", "Supplier", "Description", "Internal id"],
        ["bs"] = ["Vrsta knjiženja", "Datum valute", "Broj dokumenta", "Iznos", "Valuta", "Ekonomski kod", "Izvor finansiranja",
            "Budžetski korisnik", "Broj obaveze", "Kategorija primaoca", "Dobavljač", "Opis", "Interni ID"],
        ["sr"] = ["Врста књижења", "Датум", "Број документа", "Износ", "Валута", "Економски код", "Извор финансирања", "Буџетски корисник",
            "Број обавезе", "Категорија примаоца", "Добављач", "Опис", "Интерни број"],
        ["sq"] = ["Lloji i transaksionit", "Data", "Numri i dokumentit", "Shuma", "Monedha", "Kodi ekonomik", "Burimi i financimit",
            "Njësia buxhetore", "Nr. i kontratës", "Kategoria e përfituesit", "Furnitori", "Përshkrimi", "ID e brendshme"],
        ["tr"] = ["İşlem türü", "Tarih", "Belge no", "Tutar", "Para birimi", "Ekonomik kod", "Finansman kaynağı", "Harcama birimi",
            "Sözleşme no", "Alıcı türü", "Tedarikçi", "Açıklama", "Dahili kimlik"],
    };

    private static readonly Dictionary<string, (string[] Commitment, string[] Payment)> KindWords = new()
    {
        ["en"] = (["Commitment", "purchase order", "COMMITMENT"], ["Payment", "payment", "PAID"]),
        ["bs"] = (["obaveza", "Ugovor", "Preuzeta obaveza"], ["plaćanje", "Isplata", "PLAĆENO"]),
        ["sr"] = (["обавеза", "уговор"], ["исплата", "плаћање"]),
        ["sq"] = (["angazhim", "Zotim", "Kontratë"], ["pagesë", "Pagesa"]),
        ["tr"] = (["taahhüt", "Sözleşme"], ["ödeme", "Ödendi"]),
    };

    // Supplier, contractor, utility, payroll, in each language.
    private static readonly Dictionary<string, string[]> Categories = new()
    {
        ["en"] = ["supplier", "Contractor", "utility", "payroll"],
        ["bs"] = ["dobavljač", "izvođač", "komunalije", "plate"],
        ["sr"] = ["добављач", "извођач", "комуналије", "плате"],
        ["sq"] = ["furnitor", "kontraktor", "shërbime komunale", "pagat"],
        ["tr"] = ["tedarikçi", "yüklenici", "kamu hizmeti", "bordro"],
    };

    private static readonly string[] Payees = ["Tehnoplus d.o.o.", "Elektroprivreda BiH d.d.", "Vodovod Bihać", "Grafika Šaran", "Bingo d.o.o.",
        "Infomedia sh.p.k.", "Mimar İnşaat A.Ş."];

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private readonly List<string[]> _rows = [];
    private readonly List<ExpectedTreasuryLine> _expected = [];
    private readonly Dictionary<string, decimal> _available = [];
    private readonly Dictionary<(string Account, string Reference), (decimal Committed, decimal Paid)> _commitments = [];
    private readonly Dictionary<(string Account, string Kind, string Reference), (decimal Amount, int? Row, string[] Cells)> _recorded = [];
    private int[] _order = [];
    private int _documents;
    private DateOnly _day = new(2026, 1, 5);

    public IReadOnlyList<ExpectedTreasuryLine> Expected => _expected;

    /// <summary>The header and the lines as cells, in the file's column order.</summary>
    public IReadOnlyList<string[]> Rows => _rows;

    public decimal Committed(TreasuryAccount account) => Imported(account, "commitment");

    public decimal Spent(TreasuryAccount account) => Imported(account, "payment");

    private decimal Imported(TreasuryAccount account, string kind) =>
        _expected.Where(e => e.Status == "imported" && e.Kind == kind && e.Account == account).Sum(e => e.Amount);

    /// <param name="inEmis">A commitment recorded in Emis before the file (its account, reference and amount), or null.</param>
    public void Generate(int cleanLines, IReadOnlyList<TreasuryAccount> accounts, (TreasuryAccount Account, string Reference, decimal Amount)? inEmis)
    {
        foreach (var account in accounts) _available[account.Key] = account.Budget;
        if (inEmis is { } e)
        {
            _available[e.Account.Key] -= e.Amount;
            _commitments[(e.Account.Key, Ref(e.Reference))] = (e.Amount, 0);
            _recorded[(e.Account.Key, "commitment", Ref(e.Reference))] = (e.Amount, null, []);
        }
        var header = Enumerable.Range(0, 13).Select(i => HeaderCell(i)).ToArray();
        _order = [.. Enumerable.Range(0, header.Length).OrderBy(_ => _random.Next())];
        _rows.Add([.. _order.Select(i => header[i])]);
        var mine = inScope is null ? accounts.ToList() : [.. accounts.Where(inScope)];
        var specials = Enumerable.Range(0, Specials).OrderBy(_ => _random.Next()).ToList();
        var next = 0;
        for (var i = 0; i < cleanLines; i++)
        {
            Clean(mine);
            if (i % 2 == 1) Special(specials[next++ % specials.Count], accounts, mine, inEmis);
        }
        while (next < specials.Count) Special(specials[next++], accounts, mine, inEmis);
    }

    private const int Specials = 21;

    public byte[] Csv()
    {
        var delimiter = seed % 2 == 0 ? ';' : ',';
        var text = new StringBuilder();
        foreach (var row in _rows)
        {
            text.Append(string.Join(delimiter, row.Select(c => "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The same lines as an XLSX workbook (inline strings; plain numbers stored as numbers, as Excel keeps them).</summary>
    public byte[] Xlsx()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Part("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml"
                  ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                </Types>
                """);
            Part("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Target="xl/workbook.xml"
                  Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
                </Relationships>
                """);
            Part("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
                  xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="Izvršenje" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Part("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Target="worksheets/sheet1.xml"
                  Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
                </Relationships>
                """);
            var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""");
            sheet.Append("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            for (var r = 0; r < _rows.Count; r++)
            {
                sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
                for (var c = 0; c < _rows[r].Length; c++)
                {
                    var cell = _rows[r][c];
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    if (r > 0 && cell.Length > 0 && cell.All(x => char.IsAsciiDigit(x) || x == '.') && cell.Count(x => x == '.') <= 1
                        && !cell.StartsWith('0'))
                    {
                        sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"><v>{cell}</v></c>");
                    }
                    else
                    {
                        sheet.Append(CultureInfo.InvariantCulture,
                            $"<c r=\"{reference}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(cell)}</t></is></c>");
                    }
                }
                sheet.Append("</row>");
            }
            sheet.Append("</sheetData></worksheet>");
            Part("xl/worksheets/sheet1.xml", sheet.ToString());
        }
        return stream.ToArray();
    }

    private string Language => languages[_random.Next(languages.Length)];

    /// <summary>Where a field's cell is in the file's column order.</summary>
    private int Column(int field) => Array.IndexOf(_order, field);

    private string HeaderCell(int field)
    {
        var text = Headers[Language][field];
        if (field == 3 && _random.Next(2) == 0) text += " (KM)";
        return _random.Next(6) switch
        {
            0 => $"{field + 1}. {text}",
            1 => text.ToUpper(CultureInfo.InvariantCulture),
            2 when field is 0 or 1 or 2 or 3 => text + " *",
            _ => text,
        };
    }

    /// <summary>A line meant to be imported: a commitment, a payment against an open commitment, or a direct payment, within budget.</summary>
    private void Clean(List<TreasuryAccount> accounts)
    {
        var open = _commitments.Where(c => c.Value.Committed - c.Value.Paid >= 1 && accounts.Any(a => a.Key == c.Key.Account)).ToList();
        var roll = _random.Next(10);
        if (roll < 4 && open.Count > 0)
        {
            var (key, value) = open[_random.Next(open.Count)];
            var account = accounts.First(a => a.Key == key.Account);
            var outstanding = value.Committed - value.Paid;
            var amount = _random.Next(3) == 0 ? outstanding : Cents(1, outstanding);
            var cells = Line(account, "payment", NewReference("PN"), amount, commitment: Messy(key.Reference));
            Add(cells, "imported", null, null, "payment", account, amount);
            return;
        }
        var target = accounts.Where(a => _available[a.Key] >= 10).OrderBy(_ => _random.Next()).FirstOrDefault();
        if (target is null) return;
        var value2 = Cents(1, Math.Min(_available[target.Key] * 0.3m, 25_000m));
        var kind = roll < 8 ? "commitment" : "payment";
        Add(Line(target, kind, NewReference(kind == "commitment" ? "PO" : "PN"), value2), "imported", null, null, kind, target, value2);
    }

    private void Special(int which, IReadOnlyList<TreasuryAccount> all, List<TreasuryAccount> mine, (TreasuryAccount Account, string Reference,
        decimal Amount)? inEmis)
    {
        var account = mine[_random.Next(mine.Count)];
        var amount = Cents(10, 900);
        string[] cells;
        switch (which)
        {
            case 0:
            {
                var over = _available[account.Key] + Cents(1, 5_000);
                Add(Line(account, "commitment", NewReference("PO"), over), "rejected", "amount", "OVERSPENDING", "commitment", account, over);
                return;
            }
            case 1:
            {
                var open = _commitments.Where(c => mine.Any(a => a.Key == c.Key.Account)).ToList();
                if (open.Count == 0)
                {
                    var over = _available[account.Key] + Cents(1, 5_000);
                    Add(Line(account, "payment", NewReference("PN"), over), "rejected", "amount", "OVERSPENDING", "payment", account, over);
                    return;
                }
                var (key, value) = open[_random.Next(open.Count)];
                var on = mine.First(a => a.Key == key.Account);
                var beyond = value.Committed - value.Paid + Cents(1, 300);
                Add(Line(on, "payment", NewReference("PN"), beyond, commitment: key.Reference), "rejected", "amount", "EXCEEDS_OUTSTANDING",
                    "payment", on, beyond);
                return;
            }
            case 2:
                Add(Line(account, "payment", NewReference("PN"), amount, commitment: "UG-NEMA-" + _random.Next(1000, 9999)), "rejected",
                    "commitmentReference", "COMMITMENT_NOT_FOUND", "payment", account, amount);
                return;
            case 3:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(5)] = "999";
                Add(cells, "rejected", "line", "LINE_NOT_FOUND", "commitment", null, amount);
                return;
            case 4:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(6)] = "WB-LOAN";
                Add(cells, "rejected", "source", "SOURCE_NOT_FOUND", "commitment", null, amount);
                return;
            case 5:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(7)] = "Qqxz Wwvy Kkjh " + _random.Next(100);
                Add(cells, "rejected", "holder", "HOLDER_NOT_FOUND", "commitment", null, amount);
                return;
            case 6:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(1)] = _random.Next(2) == 0 ? "15.12.2025" : "2025-11-30";
                Add(cells, "rejected", "on", "DATE_OUTSIDE_YEAR", "commitment", account, amount);
                return;
            case 7:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(4)] = "EUR";
                cells[Column(3)] = amount.ToString("0.00", CultureInfo.InvariantCulture);
                Add(cells, "rejected", "currency", "CURRENCY_MISMATCH", "commitment", account, amount);
                return;
            case 8:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(3)] = $"{_random.Next(1000, 9999)},{_random.Next(100, 999)}5";
                Add(cells, "rejected", "amount", "TOO_MANY_DECIMALS", "commitment", account, amount);
                return;
            case 9:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(3)] = $"{_random.Next(1, 99)}.{_random.Next(100, 999)}";
                Add(cells, "rejected", "amount", "AMBIGUOUS_AMOUNT", "commitment", account, amount);
                return;
            case 10:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(3)] = _random.Next(2) == 0 ? "oko 500 KM" : "n/a";
                Add(cells, "rejected", "amount", "INVALID", "commitment", account, amount);
                return;
            case 11:
            {
                // The very same document again (as the export repeats it), written another way: a duplicate of the earlier line.
                var earlier = _recorded.Where(r => r.Value.Row is not null && mine.Any(a => a.Key == r.Key.Account)).ToList();
                if (earlier.Count == 0)
                {
                    goto case 3;
                }
                var (key, value) = earlier[_random.Next(earlier.Count)];
                var on = mine.First(a => a.Key == key.Account);
                cells = [.. value.Cells];
                cells[Column(3)] = Amount(value.Amount);
                cells[Column(2)] = Messy(cells[Column(2)]);
                _rows.Add(cells);
                _expected.Add(new ExpectedTreasuryLine(_rows.Count, "duplicate", null, null, key.Kind, on, value.Amount, value.Row));
                return;
            }
            case 12:
            {
                var earlier = _recorded.Where(r => r.Value.Row is not null && mine.Any(a => a.Key == r.Key.Account)).ToList();
                if (earlier.Count == 0) goto case 4;
                var (key, value) = earlier[_random.Next(earlier.Count)];
                cells = [.. value.Cells];
                var other = value.Amount + Cents(1, 50);
                cells[Column(3)] = Amount(other);
                Add(cells, "rejected", "reference", "REFERENCE_CONFLICT", key.Kind, mine.First(a => a.Key == key.Account), other);
                return;
            }
            case 13:
            {
                var salaries = mine.FirstOrDefault(a => a.Line == "611") ?? account;
                cells = Line(salaries, "payment", NewReference("PL"), amount, category: 3);
                cells[Column(10)] = "Amra Hodžić";
                Add(cells, "rejected", "payee", "PAYEE_NOT_ALLOWED", "payment", salaries, amount);
                return;
            }
            case 14:
                cells = Line(account, "payment", NewReference("PN"), amount);
                cells[Column(3)] = "-" + amount.ToString("0.00", German);
                Add(cells, "rejected", "amount", "NOT_POSITIVE", "payment", account, amount);
                return;
            case 15 when inEmis is { } e && (inScope is null || inScope(e.Account)):
                cells = Line(e.Account, "commitment", Messy(e.Reference), e.Amount);
                _rows.Add(cells);
                _expected.Add(new ExpectedTreasuryLine(_rows.Count, "duplicate", null, null, "commitment", e.Account, e.Amount));
                return;
            case 16 when inEmis is { } e && (inScope is null || inScope(e.Account)):
                Add(Line(e.Account, "commitment", e.Reference, e.Amount + 100), "rejected", "reference", "REFERENCE_CONFLICT", "commitment",
                    e.Account, e.Amount + 100);
                return;
            case 17 when today.AddDays(3) <= new DateOnly(2026, 12, 31):
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(1)] = today.AddDays(3).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
                Add(cells, "rejected", "on", "FUTURE_DATE", "commitment", account, amount);
                return;
            case 18 when inEmis is { } e && (inScope is null || inScope(e.Account))
                && _commitments[(e.Account.Key, Ref(e.Reference))] is var c && c.Committed - c.Paid >= 10:
            {
                var part = Cents(1, Math.Min(c.Committed - c.Paid, 500));
                Add(Line(e.Account, "payment", NewReference("PN"), part, commitment: e.Reference.ToLowerInvariant()), "imported", null, null,
                    "payment", e.Account, part);
                return;
            }
            case 19:
                cells = Line(account, "commitment", NewReference("PO"), amount);
                cells[Column(0)] = _random.Next(2) == 0 ? "storno" : "";
                Add(cells, "rejected", "kind", cells[Column(0)] == "" ? "REQUIRED" : "INVALID", "commitment", account, amount);
                return;
            case 20 when inScope is not null && all.FirstOrDefault(a => !inScope(a)) is { } outside:
            {
                // Another holder's line, well formed or not: outside the importer's scope, whatever else is wrong with it.
                cells = Line(outside, "commitment", NewReference("PO"), amount);
                if (_random.Next(2) == 0) cells[Column(3)] = "1.250";
                Add(cells, "forbidden", "holder", "FORBIDDEN", "commitment", outside, amount);
                return;
            }
            default:
                Clean(mine);
                return;
        }
    }

    /// <summary>Records the line and its outcome; an imported one changes the generator's ledger as Budget's would.</summary>
    private void Add(string[] cells, string status, string? field, string? code, string kind, TreasuryAccount? account, decimal amount)
    {
        _rows.Add(cells);
        var row = _rows.Count;
        _expected.Add(new ExpectedTreasuryLine(row, status, field, code, kind, account, amount));
        if (status != "imported") return;
        var reference = Ref(cells[Column(2)]);
        _recorded[(account!.Key, kind, reference)] = (amount, row, cells);
        var settles = cells[Column(8)];
        if (kind == "commitment")
        {
            _available[account.Key] -= amount;
            _commitments[(account.Key, reference)] = (amount, 0);
        }
        else if (settles.Length > 0)
        {
            var c = _commitments[(account.Key, Ref(settles))];
            _commitments[(account.Key, Ref(settles))] = (c.Committed, c.Paid + amount);
        }
        else
        {
            _available[account.Key] -= amount;
        }
    }

    /// <summary>A line's cells in the file's column order, each written in one of the ways exports write it.</summary>
    private string[] Line(TreasuryAccount account, string kind, string reference, decimal amount, string commitment = "", int? category = null)
    {
        var language = Language;
        var words = kind == "commitment" ? KindWords[language].Commitment : KindWords[language].Payment;
        _day = _day.AddDays(_random.Next(0, 3));
        var last = new DateOnly(2026, 11, 30) < today.AddDays(-1) ? new DateOnly(2026, 11, 30) : today.AddDays(-1);
        if (_day > last) _day = last;
        var payroll = account.Line == "611";
        var categoryIndex = category ?? (payroll ? 3 : account.Line == "821-ICT" ? _random.Next(2) : _random.Next(3) == 0 ? 2 : 0);
        string[] fields =
        [
            words[_random.Next(words.Length)],
            Date(_day),
            reference,
            Amount(amount),
            _random.Next(3) switch { 0 => "KM", 1 => "BAM", _ => "" },
            _random.Next(4) == 0 ? account.Line.ToLowerInvariant() : account.Line,
            _random.Next(4) == 0 ? account.Source.ToLowerInvariant() : account.Source,
            Holder(account),
            commitment,
            Categories[language][categoryIndex],
            categoryIndex == 3 ? "" : Payees[_random.Next(Payees.Length)],
            _random.Next(2) == 0 ? "" : "Isporuka po ugovoru " + _random.Next(1, 99),
            _random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture),
        ];
        // A currency written in the amount cell itself is not repeated in the currency column (they must agree).
        if (fields[3].Contains("KM", StringComparison.Ordinal)) fields[4] = "";
        return [.. _order.Select(i => fields[i])];
    }

    private string Holder(TreasuryAccount account) => account.Holder switch
    {
        "SCHOOL" => _random.Next(4) switch
        {
            0 => account.SchoolCode!,
            1 => account.SchoolName!,
            2 => account.SchoolName!.ToLowerInvariant(),
            _ => Typo(account.SchoolName!),
        },
        "MUNICIPALITY" => _random.Next(3) switch
        {
            0 => account.Municipality!,
            1 => "Općina " + account.Municipality,
            _ => account.Municipality!.ToUpperInvariant(),
        },
        _ => _random.Next(4) switch { 0 => "central", 1 => "Ministarstvo obrazovanja", 2 => "Ministria e Arsimit", _ => "CENTRALNO" },
    };

    // Two neighbouring letters swapped in the middle of a long name: one edit, still certainly that school.
    private static string Typo(string name)
    {
        var at = name.Length / 2;
        while (at < name.Length - 2 && !(char.IsLetter(name[at]) && char.IsLetter(name[at + 1]) && name[at] != name[at + 1])) at++;
        return at >= name.Length - 2 ? name : name[..at] + name[at + 1] + name[at] + name[(at + 2)..];
    }

    private string Date(DateOnly day) => _random.Next(4) switch
    {
        0 => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        1 => day.ToString("d.M.yyyy.", CultureInfo.InvariantCulture),
        2 => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
    };

    private string Amount(decimal amount) => _random.Next(6) switch
    {
        0 => amount.ToString("#,##0.00", German),
        1 => amount.ToString("#,##0.00", CultureInfo.InvariantCulture),
        2 => amount.ToString("0.00", CultureInfo.InvariantCulture) + " KM",
        3 => amount.ToString("#,##0.00", French),
        4 => "KM " + amount.ToString("0.00", German),
        _ => amount.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private decimal Cents(decimal min, decimal max) =>
        Math.Max(min, Math.Round(min + (decimal)_random.NextDouble() * (max - min), 2, MidpointRounding.ToZero));

    private string NewReference(string prefix) => $"{prefix}-{seed % 1000:D3}-{++_documents:D5}";

    // The same document as a clerk retypes it: another case, spaces around it.
    private string Messy(string reference) => _random.Next(3) switch
    {
        0 => reference.ToLowerInvariant(),
        1 => " " + reference + " ",
        _ => reference,
    };

    private static string Ref(string reference) =>
        string.Join(' ', reference.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
