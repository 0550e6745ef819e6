using System.Globalization;
using System.Text;

namespace Emis.Assets.Tests;

/// <summary>A school as the generator writes it into a file.</summary>
public sealed record InventorySchool(string Code, string Name, string Municipality);

/// <summary>What a generated row should become: its status, and for a refused or held row the field and problem named.</summary>
/// <param name="Serial">The serial number as the row writes it (null when the row has none).</param>
/// <param name="Type">The type the row means (GraphQL's name, LAPTOP), for rows meant to be imported.</param>
/// <param name="OtherRow">For a serial written twice: the earlier row; <paramref name="OtherSerialInEmis"/> for one registered already.</param>
public sealed record ExpectedRow(int Row, string Status, string? Field, string? Code, string? Serial, string? SchoolCode, string? Type,
    string? Make, decimal? Cost, string? Currency, int? OtherRow = null, bool OtherSerialInEmis = false, string? Room = null);

/// <summary>
/// Messy device inventories, the same for a seed: a header in one of four languages (English, Bosnian, Albanian, Turkish) in a shuffled
/// order, types and states in that language's words, costs and dates in the region's several styles, makes in any case, school names with
/// typos or codes; and among the clean rows, rows meant to be refused or held: a serial written twice (another school: review; the very
/// same device: duplicate), a serial registered in Emis already, a cost or type that is not one, a missing serial, a future date, an
/// unknown school, a closed school, a school outside the importer's scope, a room the school does not have.
/// </summary>
public sealed class InventoryGenerator(int seed, string language)
{
    private readonly Random _random = new(seed);

    public static readonly string[] Languages = ["en", "bs", "sq", "tr"];

    private static readonly Dictionary<string, string[]> Headers = new()
    {
        ["en"] = ["School", "Serial number", "Type", "Make", "Model", "Acquired on", "Cost", "Currency", "Funding source", "Room", "State"],
        ["bs"] = ["Škola", "Serijski broj", "Vrsta uređaja", "Proizvođač", "Model", "Datum nabavke", "Cijena", "Valuta", "Izvor finansiranja",
            "Prostorija", "Stanje"],
        ["sq"] = ["Shkolla", "Numri serik", "Lloji i pajisjes", "Prodhuesi", "Modeli", "Data e blerjes", "Çmimi", "Monedha", "Burimi i financimit",
            "Dhoma", "Gjendja"],
        ["tr"] = ["Okul", "Seri numarası", "Cihaz türü", "Üretici", "Model", "Alım tarihi", "Fiyat", "Para birimi", "Finansman kaynağı", "Oda",
            "Durum"],
    };

    // Each language's words for the types, in the enum's order (LAPTOP, TABLET, DESKTOP, PROJECTOR, INTERACTIVE_BOARD, ROUTER, PRINTER).
    private static readonly Dictionary<string, string[][]> TypeWords = new()
    {
        ["en"] = [["Laptop", "notebook"], ["Tablet", "iPad"], ["Desktop", "PC"], ["Projector", "beamer"], ["Interactive board", "Smart Board"],
            ["Router", "Access point"], ["Printer", "MFP"]],
        ["bs"] = [["prijenosnik", "Prijenosno računalo", "laptop"], ["tablet"], ["računar", "Stolno računalo"], ["projektor"],
            ["pametna ploča", "Interaktivna tabla"], ["ruter"], ["štampač", "pisač"]],
        ["sq"] = [["laptop", "kompjuter portativ"], ["tabletë"], ["kompjuter"], ["projektor"], ["tabelë interaktive"], ["ruter"], ["printer"]],
        ["tr"] = [["dizüstü bilgisayar"], ["tablet"], ["masaüstü bilgisayar"], ["projeksiyon cihazı"], ["akıllı tahta"], ["yönlendirici"],
            ["yazıcı"]],
    };

    private static readonly string[] GraphTypes = ["LAPTOP", "TABLET", "DESKTOP", "PROJECTOR", "INTERACTIVE_BOARD", "ROUTER", "PRINTER"];

    private static readonly Dictionary<string, string[]> Working = new()
    {
        ["en"] = ["", "working", "OK"],
        ["bs"] = ["", "ispravan", "radi"],
        ["sq"] = ["", "në punë", "funksional"],
        ["tr"] = ["", "çalışıyor", "sağlam"],
    };

    private static readonly (string Make, string[] Models)[] Makes =
    [
        ("Dell", ["Latitude 3540", "OptiPlex 7010"]), ("Lenovo", ["ThinkPad E14", "Tab M10"]), ("HP", ["ProBook 450 G10", "LaserJet M111w"]),
        ("Epson", ["EB-W51", "EB-735Fi"]), ("Samsung", ["Galaxy Tab A8"]), ("TP-Link", ["Archer C6"]), ("Promethean", ["ActivPanel 9"]),
    ];

    private readonly HashSet<string> _serials = new(StringComparer.Ordinal);
    private readonly StringBuilder _csv = new();
    private readonly List<ExpectedRow> _expected = [];
    private int[] _order = [];

    public IReadOnlyList<ExpectedRow> Expected => _expected;

    /// <summary>A serial number no other generated row has.</summary>
    public string NewSerial()
    {
        while (true)
        {
            var serial = $"{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}{_random.Next(100_000, 999_999)}"
                + $"{(char)('A' + _random.Next(26))}";
            if (_serials.Add(serial)) return serial;
        }
    }

    /// <param name="schools">Open schools the importer may import into.</param>
    /// <param name="room">A room of the first school, by name.</param>
    /// <param name="inEmis">A serial number registered in Emis already (at another school, or of another model).</param>
    /// <param name="closed">A closed school; <paramref name="outOfScope"/> a school the importer may not manage (or null).</param>
    public byte[] Generate(int cleanRows, IReadOnlyList<InventorySchool> schools, string room, string inEmis, InventorySchool closed,
        InventorySchool? outOfScope)
    {
        _serials.Add(inEmis);
        var header = Headers[language];
        _order = [.. Enumerable.Range(0, header.Length).OrderBy(_ => _random.Next())];
        Line(header);
        var line = 1;
        var clean = new List<(int Row, string[] Cells, ExpectedRow Expected)>();
        var specials = new Queue<Action>();
        for (var i = 0; i < cleanRows; i++)
        {
            var (cells, expected) = Clean(++line, schools[_random.Next(schools.Count)]);
            Line(cells);
            _expected.Add(expected);
            clean.Add((line, cells, expected));
            if (i % 4 == 3) Special(++line, clean, schools, room, inEmis, closed, outOfScope, i / 4);
        }
        return Encoding.UTF8.GetBytes(_csv.ToString());
    }

    private void Special(int row, List<(int Row, string[] Cells, ExpectedRow Expected)> clean, IReadOnlyList<InventorySchool> schools, string room,
        string inEmis, InventorySchool closed, InventorySchool? outOfScope, int n)
    {
        var kinds = outOfScope is null ? 11 : 12;
        var (cells, expected) = Clean(row, schools[_random.Next(schools.Count)]);
        switch ((n + seed) % kinds)
        {
            case 0:
            {
                // The serial of an earlier row, at another school: held for review naming that row's device.
                var earlier = clean[_random.Next(clean.Count)];
                var other = schools.First(s => s.Code != earlier.Expected.SchoolCode);
                cells = [.. cells];
                cells[1] = Spaced(earlier.Expected.Serial!);
                cells[0] = other.Code;
                expected = expected with
                {
                    Status = "review",
                    Field = "serialNumber",
                    Code = "SERIAL_TWICE",
                    Serial = earlier.Expected.Serial,
                    OtherRow = earlier.Row
                };
                break;
            }
            case 1:
            {
                // The very same device listed twice: a duplicate of the earlier row.
                var earlier = clean[_random.Next(clean.Count)];
                cells = earlier.Cells;
                expected = earlier.Expected with { Row = row, Status = "duplicate", OtherRow = earlier.Row };
                break;
            }
            case 2:
                cells[1] = _random.Next(2) == 0 ? inEmis.ToLowerInvariant() : Spaced(inEmis);
                expected = expected with
                {
                    Status = "review",
                    Field = "serialNumber",
                    Code = "SERIAL_REGISTERED",
                    Serial = inEmis,
                    OtherSerialInEmis = true,
                };
                break;
            case 3:
                cells[6] = _random.Next(2) == 0 ? "skupo" : "oko 500 KM";
                cells[7] = "";
                expected = expected with { Status = "rejected", Field = "cost", Code = "INVALID" };
                break;
            case 4:
                cells[2] = _random.Next(2) == 0 ? "toster" : "kettle";
                expected = expected with { Status = "rejected", Field = "type", Code = "INVALID" };
                break;
            case 5:
                cells[1] = _random.Next(2) == 0 ? "" : "n/a";
                expected = expected with { Status = "rejected", Field = "serialNumber", Code = "REQUIRED", Serial = null };
                break;
            case 6:
                cells[5] = DateTime.UtcNow.AddYears(1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
                expected = expected with { Status = "rejected", Field = "acquiredOn", Code = "IMPLAUSIBLE_DATE" };
                break;
            case 7:
                cells[0] = "Škola koje nema Zzyzx " + _random.Next(1000);
                expected = expected with { Status = "rejected", Field = "school", Code = "SCHOOL_NOT_FOUND" };
                break;
            case 8:
                cells[0] = closed.Name;
                expected = expected with { Status = "rejected", Field = "school", Code = "SCHOOL_CLOSED", SchoolCode = closed.Code };
                break;
            case 9:
                cells[0] = schools[0].Code;
                cells[9] = "Sala 999";
                expected = expected with { Status = "review", Field = "room", Code = "ROOM_NOT_FOUND", SchoolCode = schools[0].Code };
                break;
            case 10:
                cells[0] = schools[0].Name;
                cells[9] = room.ToUpperInvariant();
                expected = expected with { SchoolCode = schools[0].Code, Room = room };
                break;
            default:
                cells[0] = outOfScope!.Name;
                expected = expected with { Status = "rejected", Field = "school", Code = "FORBIDDEN", SchoolCode = outOfScope.Code };
                break;
        }
        Line(cells);
        _expected.Add(expected);
    }

    /// <summary>A row meant to be imported as it stands, written in one of the many ways a school writes it (cells in the header's order).</summary>
    private (string[] Cells, ExpectedRow Expected) Clean(int row, InventorySchool school)
    {
        var serial = NewSerial();
        var type = _random.Next(GraphTypes.Length);
        var words = TypeWords[language][type];
        var (make, models) = Makes[_random.Next(Makes.Length)];
        var model = models[_random.Next(models.Length)];
        var acquired = new DateOnly(2015, 1, 1).AddDays(_random.Next(3000));
        var whole = _random.Next(150, 3000);
        var cents = _random.Next(4) == 0 ? _random.Next(1, 100) : 0;
        var cost = whole + cents / 100m;
        var euro = _random.Next(3) == 0;
        var (costText, currencyText) = CostText(cost, euro);
        var schoolText = _random.Next(4) switch
        {
            0 => school.Code,
            1 => school.Name.ToUpperInvariant(),
            2 when school.Name.Length > 12 => school.Name.Remove(4 + _random.Next(school.Name.Length - 8), 1),
            _ => school.Name,
        };
        string[] cells =
        [
            schoolText, _random.Next(5) == 0 ? Spaced(serial) : serial, words[_random.Next(words.Length)],
            _random.Next(3) == 0 ? make.ToUpperInvariant() : make, model, Date(acquired), costText, currencyText,
            _random.Next(2) == 0 ? "" : "EU grant " + _random.Next(1, 4), "", Working[language][_random.Next(3)],
        ];
        return (cells, new ExpectedRow(row, "imported", null, null, serial, school.Code, GraphTypes[type], make, cost, euro ? "EUR" : "BAM"));
    }

    private (string Cost, string Currency) CostText(decimal cost, bool euro)
    {
        var whole = (int)cost;
        var cents = (int)((cost - whole) * 100);
        var european = whole >= 1000 ? $"{whole / 1000}.{whole % 1000:000},{cents:00}" : $"{whole},{cents:00}";
        var english = whole >= 1000 ? $"{whole / 1000},{whole % 1000:000}.{cents:00}" : $"{whole}.{cents:00}";
        var plain = cents == 0 ? whole.ToString(CultureInfo.InvariantCulture) : $"{whole}.{cents:00}";
        return (_random.Next(5), euro) switch
        {
            (0, false) => ($"{european} KM", ""),
            (0, true) => ($"€ {european}", ""),
            (1, false) => (english, "BAM"),
            (1, true) => (english, "EUR"),
            (2, false) => (plain, "KM"),
            (2, true) => ($"{plain} €", ""),
            (3, false) => ($"KM {plain}", "KM"),
            (3, true) => ($"{european} EUR", "eur"),
            (_, false) => (european, "BAM"),
            (_, true) => (european, "€"),
        };
    }

    private string Date(DateOnly date) => _random.Next(5) switch
    {
        0 => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        1 => date.ToString("d.M.yyyy.", CultureInfo.InvariantCulture),
        2 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        3 => date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture),
        _ => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
    };

    private string Spaced(string serial) => _random.Next(2) == 0 ? serial.ToLowerInvariant() : $"{serial[..2]}-{serial[2..5]} {serial[5..]}";

    // Cells in the header's (shuffled) order, quoted where a comma or quote needs it.
    private void Line(string[] cells)
    {
        _csv.AppendJoin(',', _order.Select(i => Quote(cells[i]))).Append('\n');
    }

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
