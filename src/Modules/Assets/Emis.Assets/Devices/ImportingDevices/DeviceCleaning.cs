using System.Globalization;
using System.Text.RegularExpressions;
using Emis.Platform.Imports;

namespace Emis.Assets.Devices.ImportingDevices;

/// <summary>One inventory row after cleaning: the registration it stands for as the file says it, what was corrected, what is wrong.</summary>
public sealed class DeviceDraft
{
    public required int Row { get; init; }
    public string? SchoolText { get; set; }
    public string? SchoolCodeText { get; set; }
    public string? SerialNumber { get; set; }
    public DeviceType? Type { get; set; }
    public string? Make { get; set; }
    public string? Model { get; set; }
    public DateOnly? AcquiredOn { get; set; }
    public decimal? Cost { get; set; }
    public string? Currency { get; set; }
    public string? FundingSource { get; set; }
    public string? RoomText { get; set; }
    public DeviceState State { get; set; } = DeviceState.Working;

    public List<Correction> Corrections { get; } = [];

    /// <summary>Problems that reject the row.</summary>
    public List<RowProblem> Errors { get; } = [];

    /// <summary>Doubts that hold the row for a person to decide.</summary>
    public List<RowProblem> Doubts { get; } = [];

    public override string ToString() => $"DeviceDraft {{ Row = {Row} }}";
}

/// <summary>
/// Turns an inventory row's cells into a <see cref="DeviceDraft"/>: serial numbers, device types and states in the region's languages,
/// makes spelt as their makers spell them, dates in the usual styles (and Excel's), costs as "1.250,00 KM", "1,250.00" or "€ 900".
/// </summary>
public static partial class DeviceCleaning
{
    /// <summary>No ICT device in a school inventory was acquired before this year (a date before it is a typo).</summary>
    public const int EarliestYear = 1980;

    public static DeviceDraft Clean(SheetRow row, SheetColumns<DeviceField> columns, string? costHeader, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(columns);
        var draft = new DeviceDraft { Row = row.Line };
        string? Cell(DeviceField field) => Spaces(columns.Cell(row, field));
        if (row.Cells.Count(c => c.Trim().Length > 0) == 1 && columns.Width > 1)
        {
            // A subtotal, a note or a heading between the rows ("Ukupno: 45", "Kabinet informatike").
            draft.Errors.Add(new RowProblem("row", "INCOMPLETE_ROW", "The row has a value in one column only."));
            return draft;
        }
        draft.SchoolText = Cell(DeviceField.School);
        draft.SchoolCodeText = Cell(DeviceField.SchoolCode);
        if (draft.SchoolText is null && draft.SchoolCodeText is null) draft.Errors.Add(new RowProblem("school", "REQUIRED",
            "The school is missing."));
        draft.SerialNumber = Serial(Cell(DeviceField.SerialNumber), draft);
        draft.Type = Parsed(Cell(DeviceField.Type), "type", draft, ParseType, t => t.ToString(), required: true,
            "a device type (laptop, tablet, desktop, projector, interactive board, router, printer, other)");
        draft.Make = Make(Cell(DeviceField.Make), Cell(DeviceField.Model), draft, out var model);
        draft.Model = model;
        if (draft.Model is null) draft.Errors.Add(new RowProblem("model", "REQUIRED", "The model is missing."));
        draft.AcquiredOn = Acquired(Cell(DeviceField.AcquiredOn), draft, today);
        CostAndCurrency(Cell(DeviceField.Cost), Cell(DeviceField.Currency), costHeader, draft);
        draft.FundingSource = Cell(DeviceField.FundingSource);
        draft.RoomText = Cell(DeviceField.Room);
        draft.State = Parsed(Cell(DeviceField.State), "state", draft, ParseState, DeviceHandler.Name, required: false,
            "a device state (working, broken, in repair, lost, stolen, written off)") ?? DeviceState.Working;
        return draft;
    }

    /// <summary>Trimmed, runs of spaces as one; null when empty.</summary>
    public static string? Spaces(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return Whitespace().Replace(text.Trim(), " ");
    }

    private static string? Serial(string? text, DeviceDraft draft)
    {
        if (text is null || Placeholders.Contains(ColumnCatalogue.Key(text)) || DeviceIdentity.SerialKey(text).Length == 0)
        {
            draft.Errors.Add(new RowProblem("serialNumber", "REQUIRED",
                "The serial number is missing; every device is registered by its serial number."));
            return null;
        }
        if (Scientific().IsMatch(text))
        {
            draft.Errors.Add(new RowProblem("serialNumber", "INVALID",
                $"'{text}' is a number a spreadsheet shortened, not the serial number; format the column as text and copy the serial again."));
            return null;
        }
        if (DeviceIdentity.SerialKey(text).Length < 3)
        {
            draft.Errors.Add(new RowProblem("serialNumber", "INVALID", $"'{text}' is not a serial number (at least 3 letters or digits)."));
            return null;
        }
        return text;
    }

    // What inventories write where a serial number is unknown: not a serial number (and never one device shared by all such rows).
    private static readonly HashSet<string> Placeholders = new(StringComparer.Ordinal)
    {
        "na", "nema", "nepoznat", "nepoznato", "bez", "none", "unknown", "nuka", "ska", "panumer", "yok", "bilinmiyor", "0", "00", "000",
        "x", "xx", "xxx",
    };

    private static T? Parsed<T>(string? text, string field, DeviceDraft draft, Func<string, T?> parse, Func<T, string> written, bool required,
        string what) where T : struct
    {
        if (text is null)
        {
            if (required) draft.Errors.Add(new RowProblem(field, "REQUIRED", $"The {field} is missing."));
            return null;
        }
        if (parse(text) is not { } value)
        {
            draft.Errors.Add(new RowProblem(field, "INVALID", $"'{text}' is not {what}."));
            return null;
        }
        var canonical = written(value);
        if (!string.Equals(text, canonical, StringComparison.Ordinal)) draft.Corrections.Add(new Correction(field, text, canonical));
        return value;
    }

    /// <summary>
    /// A device type as inventories write it. Known words (compared folded: case, accents and spacing ignored): English (laptop,
    /// notebook, tablet, iPad, desktop, PC, computer, projector, beamer, interactive/smart board, router, access point, modem, printer,
    /// MFP, other); Bosnian/Croatian/Serbian (prijenosnik, prijenosno računalo, prenosni računar, tablet, računar, računalo, stolni
    /// računar, projektor, pametna ploča, interaktivna ploča/tabla, ruter, usmjerivač, štampač, pisač, ostalo) and their Cyrillic
    /// spellings; Albanian (laptop, kompjuter portativ, tabletë, kompjuter, projektor, tabelë interaktive, tabelë e mençur, ruter,
    /// printer, shtypës, tjetër); Turkish (dizüstü bilgisayar, tablet, masaüstü bilgisayar, bilgisayar, projeksiyon, akıllı tahta,
    /// etkileşimli tahta, yönlendirici, yazıcı, diğer). Then the stems of those words inside a longer text ("laptop HP 250", "projektori").
    /// </summary>
    public static DeviceType? ParseType(string text)
    {
        var key = ColumnCatalogue.Key(text);
        if (key.Length == 0) return null;
        if (Types.TryGetValue(key, out var type)) return type;
        foreach (var (stem, t) in TypeStems)
        {
            if (key.Contains(stem, StringComparison.Ordinal)) return t;
        }
        // An enum's name (interactiveboard), never its number: "1" is no type.
        return key.All(char.IsLetter) && Enum.TryParse<DeviceType>(key, ignoreCase: true, out var named) ? named : null;
    }

    private static readonly Dictionary<string, DeviceType> Types = Keyed(
    [
        (DeviceType.Laptop, ["laptop", "notebook", "netbook", "chromebook", "ultrabook", "prijenosnik", "prenosnik", "prijenosno računalo",
            "prijenosni računar", "prenosni računar", "prenosivi računar", "лаптоп", "преносни рачунар", "llaptop", "kompjuter portativ",
            "kompjuter portabël", "dizüstü", "dizüstü bilgisayar", "taşınabilir bilgisayar"]),
        (DeviceType.Tablet, ["tablet", "tablets", "ipad", "tablet računar", "tablet računalo", "таблет", "tabletë", "tableta", "tablet bilgisayar"]),
        (DeviceType.Desktop, ["desktop", "desktop computer", "pc", "computer", "personal computer", "workstation", "all-in-one", "aio",
            "računar", "računalo", "stolni računar", "stolno računalo", "desktop računar", "kompjuter", "рачунар", "стони рачунар", "kompjuteri",
            "kompjuter desktop", "kompjuter i tavolinës", "bilgisayar", "masaüstü", "masaüstü bilgisayar"]),
        (DeviceType.Projector, ["projector", "beamer", "video projector", "projektor", "video projektor", "videoprojektor", "пројектор",
            "projektori", "projeksiyon", "projeksiyon cihazı", "projektör"]),
        (DeviceType.InteractiveBoard, ["interactive board", "interactive whiteboard", "smart board", "smartboard", "iwb", "interactive display",
            "interactive panel", "interactive flat panel", "pametna ploča", "interaktivna ploča", "interaktivna tabla", "pametna tabla",
            "паметна табла", "интерактивна табла", "tabelë interaktive", "tabela interaktive", "tabelë e mençur", "tabela e mençur",
            "tabelë smart", "akıllı tahta", "etkileşimli tahta", "interaktif tahta"]),
        (DeviceType.Router, ["router", "wifi router", "wi-fi router", "wireless router", "access point", "ap", "modem", "ruter", "usmjerivač",
            "usmerivač", "bežični ruter", "рутер", "ruteri", "yönlendirici", "kablosuz yönlendirici"]),
        (DeviceType.Printer, ["printer", "laser printer", "inkjet printer", "multifunction printer", "mfp", "printer/scanner", "štampač",
            "pisač", "stampač", "штампач", "printeri", "shtypës", "shtypes", "yazıcı", "lazer yazıcı"]),
        (DeviceType.Other, ["other", "others", "misc", "ostalo", "drugo", "остало", "tjetër", "tjeter", "të tjera", "diğer", "diger"]),
    ]);

    // In this order: "prijenosno računalo" is a laptop before "računalo" is a desktop; "tabelë interaktive" a board, not a tablet.
    private static readonly (string Stem, DeviceType Type)[] TypeStems =
    [
        ("laptop", DeviceType.Laptop), ("notebook", DeviceType.Laptop), ("prijenosn", DeviceType.Laptop), ("prenosn", DeviceType.Laptop),
        ("portativ", DeviceType.Laptop), ("dizustu", DeviceType.Laptop), ("лаптоп", DeviceType.Laptop),
        ("interakt", DeviceType.InteractiveBoard), ("smartboard", DeviceType.InteractiveBoard), ("pametnaploca", DeviceType.InteractiveBoard),
        ("pametnatabla", DeviceType.InteractiveBoard), ("akillitahta", DeviceType.InteractiveBoard), ("tabelesmart", DeviceType.InteractiveBoard),
        ("whiteboard", DeviceType.InteractiveBoard), ("projekt", DeviceType.Projector), ("projeks", DeviceType.Projector),
        ("projector", DeviceType.Projector), ("beamer", DeviceType.Projector), ("пројект", DeviceType.Projector), ("tablet", DeviceType.Tablet),
        ("ipad", DeviceType.Tablet), ("router", DeviceType.Router), ("ruter", DeviceType.Router), ("accesspoint", DeviceType.Router),
        ("printer", DeviceType.Printer), ("stampac", DeviceType.Printer), ("pisac", DeviceType.Printer), ("yazici", DeviceType.Printer),
        ("racunar", DeviceType.Desktop), ("racunal", DeviceType.Desktop), ("kompjuter", DeviceType.Desktop), ("computer", DeviceType.Desktop),
        ("bilgisayar", DeviceType.Desktop), ("desktop", DeviceType.Desktop),
    ];

    /// <summary>
    /// A device's state; an empty cell is working. Known words: working, ok, functional, in use, ispravan, ispravno, radi, u funkciji,
    /// në punë, funksional, punon, çalışıyor, sağlam; broken, faulty, not working, neispravan, pokvaren, ne radi, u kvaru, i prishur,
    /// nuk punon, arızalı, bozuk; in repair, na popravci, na servisu, në riparim, tamirde, serviste; lost, izgubljen, nestao, i humbur,
    /// kayıp; stolen, ukraden, i vjedhur, çalıntı; written off, otpisan, i çregjistruar, hurda (and the Cyrillic spellings).
    /// </summary>
    public static DeviceState? ParseState(string text)
    {
        var key = ColumnCatalogue.Key(text);
        if (States.TryGetValue(key, out var state)) return state;
        return key.Length > 0 && key.All(char.IsLetter) && Enum.TryParse<DeviceState>(key, ignoreCase: true, out var named) ? named : null;
    }

    private static readonly Dictionary<string, DeviceState> States = Keyed(
    [
        (DeviceState.Working, ["working", "works", "ok", "good", "functional", "in use", "active", "ispravan", "ispravno", "ispravna", "radi",
            "u funkciji", "funkcionalan", "u upotrebi", "исправан", "исправно", "ради", "në punë", "funksional", "funksionale", "punon",
            "në rregull", "i rregullt", "aktiv", "çalışıyor", "çalışır", "sağlam", "aktif", "kullanımda"]),
        (DeviceState.Broken, ["broken", "faulty", "defective", "not working", "out of order", "damaged", "neispravan", "neispravno",
            "neispravna", "pokvaren", "pokvareno", "pokvarena", "ne radi", "u kvaru", "oštećen", "неисправан", "покварен", "не ради",
            "i prishur", "e prishur", "prishur", "nuk punon", "defekt", "jashtë funksionit", "arızalı", "bozuk", "çalışmıyor", "hasarlı"]),
        (DeviceState.InRepair, ["in repair", "in_repair", "inrepair", "repair", "being repaired", "at service", "na popravci", "na popravku",
            "na servisu", "u servisu", "servis", "на поправци", "на сервису", "në riparim", "riparim", "në servis", "tamirde", "serviste",
            "onarımda", "tamir"]),
        (DeviceState.Lost, ["lost", "missing", "izgubljen", "izgubljeno", "nestao", "nestalo", "изгубљен", "нестао", "i humbur", "humbur",
            "e humbur", "kayıp", "kayboldu"]),
        (DeviceState.Stolen, ["stolen", "ukraden", "ukradeno", "ukradena", "украден", "i vjedhur", "vjedhur", "e vjedhur", "çalıntı",
            "çalındı"]),
        (DeviceState.WrittenOff, ["written off", "written_off", "writtenoff", "write-off", "disposed", "scrapped", "otpisan", "otpisano",
            "otpisana", "отписан", "i çregjistruar", "çregjistruar", "i shlyer", "jashtë përdorimit", "hurda", "hurdaya ayrıldı",
            "kayıttan düşürüldü"]),
    ]);

    // Makers' own spellings (a file's "DELL" or "hp" is Dell or HP); a make not listed is kept as written.
    private static readonly Dictionary<string, string> Makes = new[]
    {
        "Acer", "Apple", "Asus", "BenQ", "Brother", "Canon", "Cisco", "Dell", "Epson", "Fujitsu", "HP", "Huawei", "Lenovo", "LG", "MikroTik",
        "Microsoft", "MSI", "Optoma", "Promethean", "Samsung", "SMART", "Sony", "TP-Link", "Toshiba", "Ubiquiti", "ViewSonic", "Xerox", "Xiaomi",
        "Hisense", "Kyocera", "Ricoh", "Netgear", "D-Link", "Zyxel", "Panasonic", "NEC", "Hitachi", "Boxlight", "Clevertouch",
    }.ToDictionary(ColumnCatalogue.Key, m => m, StringComparer.Ordinal);

    /// <summary>The make as its maker spells it; a model cell that starts with a known make gives it when the make cell is empty.</summary>
    private static string? Make(string? make, string? model, DeviceDraft draft, out string? cleanModel)
    {
        cleanModel = model;
        if (make is null && model is not null && model.Split(' ', 2) is [var first, var rest]
            && Makes.TryGetValue(ColumnCatalogue.Key(first), out var fromModel))
        {
            draft.Corrections.Add(new Correction("make", "", fromModel));
            draft.Corrections.Add(new Correction("model", model, rest));
            cleanModel = rest;
            return fromModel;
        }
        if (make is null)
        {
            draft.Errors.Add(new RowProblem("make", "REQUIRED", "The make is missing (Dell, Lenovo, Epson)."));
            return null;
        }
        if (Makes.TryGetValue(ColumnCatalogue.Key(make), out var known))
        {
            if (!string.Equals(make, known, StringComparison.Ordinal)) draft.Corrections.Add(new Correction("make", make, known));
            return known;
        }
        return make;
    }

    private static DateOnly? Acquired(string? text, DeviceDraft draft, DateOnly today)
    {
        if (text is null) return null;
        DateOnly? date;
        string? problem = null;
        var year = YearOnly().Match(text);
        var month = MonthYear().Match(text);
        if (year.Success)
        {
            // A year alone (asset registers often keep only that): the first of January, said so in the corrections.
            date = new DateOnly(int.Parse(year.Value, CultureInfo.InvariantCulture), 1, 1);
        }
        else if (month.Success && int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var m)
        {
            date = new DateOnly(int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture), m, 1);
        }
        else
        {
            date = PersonCleaning.ParseDate(text, out problem);
        }
        if (date is not { } acquired)
        {
            draft.Errors.Add(new RowProblem("acquiredOn", "INVALID_DATE", problem ?? $"{text} is not a date."));
            return null;
        }
        if (acquired.Year < EarliestYear || acquired > today)
        {
            draft.Errors.Add(new RowProblem("acquiredOn", "IMPLAUSIBLE_DATE", acquired > today
                ? $"{text} ({acquired:yyyy-MM-dd}) is in the future."
                : $"{text} ({acquired:yyyy-MM-dd}) is before {EarliestYear}; no school ICT device is that old."));
            return null;
        }
        var iso = acquired.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (text != iso) draft.Corrections.Add(new Correction("acquiredOn", text, iso));
        return acquired;
    }

    private static void CostAndCurrency(string? cost, string? currency, string? costHeader, DeviceDraft draft)
    {
        var column = currency is null ? null : ParseCurrency(currency);
        if (currency is not null && column is null)
        {
            draft.Errors.Add(new RowProblem("currency", "INVALID", $"'{currency}' is not a currency (KM, BAM, EUR, €)."));
            return;
        }
        if (cost is null) return;
        if (ParseCost(cost, out var written) is not { } amount)
        {
            draft.Errors.Add(new RowProblem("cost", "INVALID", $"'{cost}' is not an amount (1.250,00 KM, 1,250.00, € 900)."));
            return;
        }
        if (written is not null && column is not null && written != column)
        {
            draft.Errors.Add(new RowProblem("currency", "INVALID", $"The cost says {written} and the currency column {column}."));
            return;
        }
        var header = costHeader is null ? null : CurrencyInHeader(costHeader);
        draft.Cost = amount;
        draft.Currency = written ?? column ?? header;
        if (draft.Currency is null)
        {
            draft.Errors.Add(new RowProblem("currency",
                "REQUIRED", $"The cost {cost} has no currency: write KM or EUR with it, or add a currency column."));
            return;
        }
        var canonical = amount.ToString("0.00", CultureInfo.InvariantCulture);
        if (cost != canonical) draft.Corrections.Add(new Correction("cost", cost, $"{canonical} {draft.Currency}"));
    }

    /// <summary>A currency as written: KM, BAM, KM., konvertibilna marka → BAM; €, EUR, euro, evro → EUR; any other ISO 4217 code as it is.</summary>
    public static string? ParseCurrency(string text)
    {
        var key = ColumnCatalogue.Key(text);
        if (text.Trim() == "€" || key is "eur" or "euro" or "eura" or "evro" or "evra" or "euros" or "avro") return "EUR";
        if (key is "km" or "bam" or "konvertibilnamarka" or "konvertibilnemarke" or "км") return "BAM";
        return Platform.Text.CurrencyCode.Of(text);
    }

    // "Cijena (KM)", "Cost [EUR]", "Vlera €": the header says the currency of every cost.
    private static string? CurrencyInHeader(string header)
    {
        foreach (var token in HeaderTokens().Split(header))
        {
            if (token.Length > 0 && ParseCurrency(token) is { } currency && (token.Length <= 3 || token == "€")) return currency;
        }
        return null;
    }

    /// <summary>
    /// An amount as written: "1.250,00 KM", "1,250.00", "€ 900", "1 250", "900,5 EUR", "KM 1250". With both separators the last is the
    /// decimal one; one separator followed by exactly three digits groups thousands ("1.250" is 1250), otherwise it is the decimal one.
    /// </summary>
    public static decimal? ParseCost(string text, out string? currency)
    {
        currency = null;
        var match = Amount().Match(text.Trim());
        if (!match.Success) return null;
        var before = match.Groups[1].Value.Trim();
        var after = match.Groups[3].Value.Trim();
        if (before.Length > 0 && after.Length > 0) return null;
        var unit = before.Length > 0 ? before : after;
        if (unit.Length > 0 && (currency = ParseCurrency(unit)) is null) return null;
        var digits = match.Groups[2].Value.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal)
            .Replace("\u202f", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
        var lastDot = digits.LastIndexOf('.');
        var lastComma = digits.LastIndexOf(',');
        string normal;
        if (lastDot >= 0 && lastComma >= 0)
        {
            var decimalMark = lastDot > lastComma ? '.' : ',';
            var group = decimalMark == '.' ? ',' : '.';
            normal = digits.Replace(group.ToString(), "", StringComparison.Ordinal).Replace(decimalMark, '.');
        }
        else if (lastDot >= 0 || lastComma >= 0)
        {
            var mark = lastDot >= 0 ? '.' : ',';
            var count = digits.Count(c => c == mark);
            var tail = digits.Length - digits.LastIndexOf(mark) - 1;
            normal = count > 1 || tail == 3 ? digits.Replace(mark.ToString(), "", StringComparison.Ordinal) : digits.Replace(mark, '.');
        }
        else
        {
            normal = digits;
        }
        return decimal.TryParse(normal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
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

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\d+([.,]\d+)?[eE]\+?\d+$")]
    private static partial Regex Scientific();

    [GeneratedRegex(@"^(19|20)\d\d$")]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"^(\d{1,2})\s*[./\-]\s*((?:19|20)\d\d)\.?$")]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"[\s()\[\]/,;:]+")]
    private static partial Regex HeaderTokens();

    // A unit before or after the number (letters, €, KM.), the number with its separators in the middle.
    [GeneratedRegex(@"^([^\d\s.,\-]*)\s*(\d[\d\s\u00a0\u202f.,']*\d|\d)\s*([^\d\s.,\-]*\.?)$")]
    private static partial Regex Amount();
}
