using System.Globalization;
using System.Text.RegularExpressions;
using Emis.Platform.Imports;

namespace Emis.Budget.Accounts.ImportingTreasury;

/// <summary>One execution line of a treasury export after cleaning: what it says, what was corrected, what is wrong with it.</summary>
public sealed class TreasuryDraft
{
    public required int Row { get; init; }

    /// <summary>Commitment or payment (null when the cell was missing or not a kind).</summary>
    public EntryKind? Kind { get; set; }
    public DateOnly? On { get; set; }
    public string? Reference { get; set; }

    /// <summary>The amount exactly as written (never rounded); its decimals are checked against the fiscal year's currency by the planner.</summary>
    public decimal? Amount { get; set; }

    /// <summary>The currency the row states (its cell, the amount's own unit, or the amount column's header), as an ISO code.</summary>
    public string? Currency { get; set; }
    public string? Line { get; set; }
    public string? Source { get; set; }
    public string? HolderText { get; set; }
    public string? CommitmentReference { get; set; }
    public PayeeCategory PayeeCategory { get; set; } = PayeeCategory.Other;
    public string? Payee { get; set; }
    public string? Description { get; set; }

    public List<Correction> Corrections { get; } = [];

    /// <summary>Problems that reject the row.</summary>
    public List<RowProblem> Errors { get; } = [];

    public override string ToString() => $"TreasuryDraft {{ Row = {Row} }}";
}

/// <summary>
/// Turns a treasury export's cells into a <see cref="TreasuryDraft"/>: kinds and payee categories in the region's languages, dates in the
/// usual styles (and Excel's), amounts as "1.250,00", "1,250.00", "1250.00 KM" or "€ 900" — exactly, never rounded, and never guessed:
/// "1.250" could be a thousand and more or one and a quarter, and is refused (adr/0033).
/// </summary>
public static partial class TreasuryCleaning
{
    /// <summary>The longest document reference, payee and description a command accepts (recordCommitment, recordPayment).</summary>
    public const int MaxReference = 60, MaxPayee = 200, MaxDescription = 500;

    public static TreasuryDraft Clean(SheetRow row, SheetColumns<TreasuryField> columns, string? amountHeader)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(columns);
        var draft = new TreasuryDraft { Row = row.Line };
        string? Cell(TreasuryField field) => PersonCleaning.Spaces(columns.Cell(row, field));
        if (row.Cells.Count(c => c.Trim().Length > 0) == 1 && columns.Width > 1)
        {
            // A subtotal, a note or a heading between the lines ("Ukupno: 1.250.000,00").
            draft.Errors.Add(new RowProblem("row", "INCOMPLETE_ROW", "The row has a value in one column only."));
            return draft;
        }
        var kind = Cell(TreasuryField.Kind);
        if (kind is null) draft.Errors.Add(new RowProblem("kind", "REQUIRED", "The kind is missing (commitment or payment)."));
        else if ((draft.Kind = ParseKind(kind)) is null)
        {
            draft.Errors.Add(new RowProblem("kind", "INVALID", $"'{kind}' is not a kind of line: a commitment (obaveza, ugovor, angazhim, " +
                "taahhüt) or a payment (plaćanje, isplata, pagesë, ödeme)."));
        }
        Date(Cell(TreasuryField.Date), draft);
        draft.Reference = Text(Cell(TreasuryField.Reference), "reference", "document reference", MaxReference, required: true, draft);
        AmountAndCurrency(Cell(TreasuryField.Amount), Cell(TreasuryField.Currency), amountHeader, draft);
        draft.Line = Code(Cell(TreasuryField.Line), "line", "budget line", draft);
        draft.Source = Code(Cell(TreasuryField.Source), "source", "funding source", draft);
        draft.HolderText = Cell(TreasuryField.Holder);
        if (draft.HolderText is null) draft.Errors.Add(new RowProblem("holder", "REQUIRED",
            "The holder is missing: a school (code or name), a municipality, or central."));
        draft.CommitmentReference = Text(Cell(TreasuryField.CommitmentReference), "commitmentReference", "commitment reference", MaxReference,
            required: false, draft);
        if (draft.CommitmentReference is not null && draft.Kind == EntryKind.Commitment)
        {
            draft.Errors.Add(new RowProblem("commitmentReference", "INVALID",
                "A commitment settles no other commitment: leave the commitment reference empty, or make the line a payment."));
        }
        PayeeCategoryOf(Cell(TreasuryField.PayeeCategory), draft);
        draft.Payee = Text(Cell(TreasuryField.Payee), "payee", "payee", MaxPayee, required: false, draft);
        draft.Description = Text(Cell(TreasuryField.Description), "description", "description", MaxDescription, required: false, draft);
        return draft;
    }

    /// <summary>A kind of execution line, in English, Bosnian/Croatian/Serbian (Latin and Cyrillic), Albanian or Turkish.</summary>
    public static EntryKind? ParseKind(string text)
    {
        var key = ColumnCatalogue.Key(text);
        return Kinds.TryGetValue(key, out var kind) ? kind : null;
    }

    private static readonly Dictionary<string, EntryKind> Kinds = Keyed(
    [
        (EntryKind.Commitment, ["commitment", "obligation", "purchase order", "po", "order", "contract", "encumbrance", "obaveza", "obveza",
            "preuzeta obaveza", "preuzeta obveza", "ugovor", "narudžbenica", "narudzbenica", "обавеза", "преузета обавеза", "уговор",
            "наруџбеница", "angazhim", "angazhimi", "zotim", "zotimi", "detyrim", "detyrimi", "kontratë", "kontrata", "porosi", "taahhüt",
            "taahhut", "yüklenim", "yuklenim", "sözleşme", "sozlesme", "sipariş", "siparis"]),
        (EntryKind.Payment, ["payment", "paid", "disbursement", "expenditure", "plaćanje", "placanje", "plaćeno", "placeno", "isplata",
            "isplaćeno", "исплата", "плаћање", "плаћено", "pagesë", "pagese", "pagesa", "paguar", "disbursim", "ödeme", "odeme", "ödendi",
            "harcama"]),
    ]);

    /// <summary>A payee category: supplier, contractor, utility, payroll, public body, non-profit or other, in the region's languages.</summary>
    public static PayeeCategory? ParsePayeeCategory(string text)
    {
        var key = ColumnCatalogue.Key(text);
        if (Categories.TryGetValue(key, out var category)) return category;
        return key.Length > 0 && key.All(char.IsAsciiLetterLower) && Enum.TryParse<PayeeCategory>(key, ignoreCase: true, out var named)
            ? named
            : null;
    }

    private static readonly Dictionary<string, PayeeCategory> Categories = Keyed(
    [
        (PayeeCategory.Supplier, ["supplier", "vendor", "dobavljač", "dobavljac", "добављач", "furnitor", "furnitori", "tedarikçi",
            "tedarikci", "satıcı"]),
        (PayeeCategory.Contractor, ["contractor", "izvođač", "izvodjac", "izvođač radova", "извођач", "kontraktor", "kontraktori",
            "yüklenici", "yuklenici", "müteahhit"]),
        (PayeeCategory.Utility, ["utility", "utilities", "komunalije", "komunalne usluge", "komunalno preduzeće", "комуналије",
            "комуналне услуге", "shërbime komunale", "sherbime komunale", "komunal", "kamu hizmeti", "fatura"]),
        (PayeeCategory.Payroll, ["payroll", "salaries", "salary", "wages", "plate", "plata", "plaće", "place", "zarade", "плате", "зараде",
            "paga", "pagat", "rroga", "rrogat", "bordro", "maaş", "maas", "maaşlar"]),
        (PayeeCategory.PublicBody, ["public body", "public_body", "public institution", "government", "javna ustanova", "javno tijelo",
            "javno preduzeće", "јавна установа", "institucion publik", "organ publik", "kamu kurumu", "kamu"]),
        (PayeeCategory.NonProfit, ["non-profit", "non_profit", "nonprofit", "ngo", "nvo", "udruženje", "udruzenje", "udruga", "fondacija",
            "удружење", "ojq", "organizatë joqeveritare", "shoqatë", "dernek", "vakıf", "vakif"]),
        (PayeeCategory.Other, ["other", "others", "ostalo", "drugo", "остало", "друго", "tjetër", "tjeter", "të tjera", "diğer", "diger"]),
    ]);

    /// <summary>A currency as written: KM, BAM, konvertibilna marka → BAM; €, EUR, euro, evro → EUR; any other ISO 4217 code as it is.</summary>
    public static string? ParseCurrency(string text)
    {
        var key = ColumnCatalogue.Key(text);
        if (text.Trim() == "€" || key is "eur" or "euro" or "eura" or "evro" or "evra" or "euros" or "avro") return "EUR";
        if (key is "km" or "bam" or "konvertibilnamarka" or "konvertibilnemarke" or "км") return "BAM";
        return Platform.Text.CurrencyCode.Of(text);
    }

    /// <summary>Why an amount as written cannot be read exactly (the message names it).</summary>
    public enum AmountProblem
    {
        None,
        NotAnAmount,

        /// <summary>One separator followed by exactly three digits: a thousands group or three decimals, and money is never guessed.</summary>
        Ambiguous,
    }

    /// <summary>
    /// An amount as written, exactly: "1.250,00", "1,250.00", "1 250,00 KM", "1250.00 KM", "€ 900", "-45,10", "(45.10)". With both
    /// separators the last one is the decimal mark and the other groups thousands (in threes); a separator written more than once groups
    /// thousands; a single separator followed by one, two, four or more digits is the decimal mark; a single separator followed by exactly
    /// three digits after one to three others ("1.250", "12,500") is <see cref="AmountProblem.Ambiguous"/>. Nothing is rounded.
    /// </summary>
    public static decimal? ParseAmount(string text, out string? currency, out AmountProblem problem)
    {
        currency = null;
        problem = AmountProblem.NotAnAmount;
        var t = text.Trim();
        var negative = false;
        if (t.Length > 2 && t[0] == '(' && t[^1] == ')')
        {
            negative = true;
            t = t[1..^1].Trim();
        }
        var match = AmountPattern().Match(t);
        if (!match.Success) return null;
        var before = match.Groups[1].Value.Trim();
        var after = match.Groups[4].Value.Trim();
        if (before.Length > 0 && after.Length > 0) return null;
        var unit = before.Length > 0 ? before : after;
        if (unit.Length > 0 && (currency = ParseCurrency(unit)) is null) return null;
        if (match.Groups[2].Value == "-") negative = !negative;
        var digits = Grouping().Replace(match.Groups[3].Value, "");
        var lastDot = digits.LastIndexOf('.');
        var lastComma = digits.LastIndexOf(',');
        string whole, fraction;
        if (lastDot >= 0 && lastComma >= 0)
        {
            var mark = Math.Max(lastDot, lastComma);
            var group = digits[mark] == '.' ? ',' : '.';
            if (digits.IndexOf(digits[mark], StringComparison.Ordinal) != mark || !Grouped(digits[..mark], group)) return null;
            (whole, fraction) = (digits[..mark].Replace(group.ToString(), "", StringComparison.Ordinal), digits[(mark + 1)..]);
        }
        else if (lastDot >= 0 || lastComma >= 0)
        {
            var separator = lastDot >= 0 ? '.' : ',';
            var count = digits.Count(c => c == separator);
            var head = digits[..digits.IndexOf(separator, StringComparison.Ordinal)];
            var tail = digits[(digits.LastIndexOf(separator) + 1)..];
            if (count > 1)
            {
                if (!Grouped(digits, separator)) return null;
                (whole, fraction) = (digits.Replace(separator.ToString(), "", StringComparison.Ordinal), "");
            }
            else if (tail.Length == 3 && head.Length is >= 1 and <= 3 && head[0] != '0')
            {
                problem = AmountProblem.Ambiguous;
                return null;
            }
            else (whole, fraction) = (head, tail);
        }
        else (whole, fraction) = (digits, "");
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || whole.Length > 20) return null;
        var normal = fraction.Length == 0 ? whole : whole + "." + fraction;
        if (!decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
        problem = AmountProblem.None;
        return negative ? -value : value;
    }

    // "1.250.000" groups in threes after a first group of one to three digits.
    private static bool Grouped(string digits, char separator)
    {
        var groups = digits.Split(separator);
        return groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3);
    }

    private static void Date(string? text, TreasuryDraft draft)
    {
        if (text is null)
        {
            draft.Errors.Add(new RowProblem("on", "REQUIRED", "The date is missing."));
            return;
        }
        // A time of day after the date (an export's timestamp) is not part of the entry.
        var day = TimeOfDay().Replace(text, "");
        if (PersonCleaning.ParseDate(day, out var problem) is not { } date)
        {
            draft.Errors.Add(new RowProblem("on", "INVALID_DATE", problem ?? $"{text} is not a date."));
            return;
        }
        draft.On = date;
        var iso = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (text != iso) draft.Corrections.Add(new Correction("on", text, iso));
    }

    private static void AmountAndCurrency(string? amount, string? currency, string? amountHeader, TreasuryDraft draft)
    {
        var column = currency is null ? null : ParseCurrency(currency);
        if (currency is not null && column is null)
        {
            draft.Errors.Add(new RowProblem("currency", "INVALID", $"'{currency}' is not a currency (KM, BAM, EUR, €)."));
        }
        if (amount is null)
        {
            draft.Errors.Add(new RowProblem("amount", "REQUIRED", "The amount is missing."));
            return;
        }
        var value = ParseAmount(amount, out var written, out var problem);
        if (value is null)
        {
            draft.Errors.Add(problem == AmountProblem.Ambiguous
                ? new RowProblem("amount", "AMBIGUOUS_AMOUNT", $"'{amount}' could be {Thousands(amount)} or {Decimals(amount)}; money is never " +
                    "guessed: write it with its decimals (1.250,00 or 1,250.00).")
                : new RowProblem("amount", "INVALID", $"'{amount}' is not an amount (1.250,00; 1,250.00; 1250.00 KM)."));
            return;
        }
        if (written is not null && column is not null && written != column)
        {
            draft.Errors.Add(new RowProblem("currency", "INVALID", $"The amount says {written} and the currency column {column}."));
            return;
        }
        draft.Amount = value;
        draft.Currency = written ?? column ?? (amountHeader is null ? null : CurrencyInHeader(amountHeader));
        var canonical = value.Value.ToString(CultureInfo.InvariantCulture);
        if (amount != canonical) draft.Corrections.Add(new Correction("amount", amount, canonical));
    }

    private static string Thousands(string amount) => new([.. amount.Where(char.IsAsciiDigit)]);

    private static string Decimals(string amount)
    {
        var digits = new string([.. amount.Where(c => char.IsAsciiDigit(c) || c is '.' or ',')]).Replace(',', '.');
        return digits.TrimEnd('0').TrimEnd('.');
    }

    // "Iznos (KM)", "Amount [EUR]", "Shuma €": the header says the currency of every amount.
    private static string? CurrencyInHeader(string header)
    {
        foreach (var token in HeaderTokens().Split(header))
        {
            if (token.Length > 0 && ParseCurrency(token) is { } currency && (token.Length <= 3 || token == "€")) return currency;
        }
        return null;
    }

    private static string? Code(string? text, string field, string what, TreasuryDraft draft)
    {
        if (text is null)
        {
            draft.Errors.Add(new RowProblem(field, "REQUIRED", $"The {what} code is missing."));
            return null;
        }
        if (BudgetRules.Code(text) is not { } code)
        {
            draft.Errors.Add(new RowProblem(field, "INVALID",
                $"'{text}' is not a {what} code (1 to 20 letters, digits, dots or dashes: 611, 4111-ICT)."));
            return null;
        }
        if (code != text) draft.Corrections.Add(new Correction(field, text, code));
        return code;
    }

    private static string? Text(string? text, string field, string what, int max, bool required, TreasuryDraft draft)
    {
        if (text is null)
        {
            if (required) draft.Errors.Add(new RowProblem(field, "REQUIRED", $"The {what} is missing."));
            return null;
        }
        if (text.Length > max)
        {
            draft.Errors.Add(new RowProblem(field, "INVALID", $"A {what} is at most {max} characters."));
            return null;
        }
        return text;
    }

    private static void PayeeCategoryOf(string? text, TreasuryDraft draft)
    {
        if (text is null) return;
        if (ParsePayeeCategory(text) is { } category)
        {
            draft.PayeeCategory = category;
            return;
        }
        draft.Errors.Add(new RowProblem("payeeCategory", "INVALID", $"'{text}' is not a payee category (supplier, contractor, utility, payroll, " +
            "public body, non-profit, other)."));
    }

    private static Dictionary<string, T> Keyed<T>(IEnumerable<(T Value, string[] Words)> groups)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (value, words) in groups)
        {
            foreach (var word in words) result.TryAdd(ColumnCatalogue.Key(word), value);
        }
        return result;
    }

    // A unit before or after (letters, €, KM.), an optional sign, the digits with their separators (dots, commas, spaces, apostrophes).
    [GeneratedRegex(@"^([^\d\s.,\-]*)\s*(-?)\s*(\d[\d\s\u00a0\u202f.,']*\d|\d)\s*([^\d\s.,\-]*\.?)$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"[\s\u00a0\u202f']")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"[\s()\[\]/,;:]+")]
    private static partial Regex HeaderTokens();

    [GeneratedRegex(@"[ T]\d{1,2}:\d{2}(:\d{2})?$")]
    private static partial Regex TimeOfDay();
}
