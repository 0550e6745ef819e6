using System.Globalization;
using Emis.Budget.Accounts;
using Emis.Budget.Accounts.ImportingTreasury;
using Emis.Budget.Chart;
using Emis.Budget.FiscalYears;
using Emis.Budget.Schools;
using Emis.Platform.Imports;

namespace Emis.Budget.Tests;

/// <summary>The treasury import's cleaning, holders and decisions without a host or a database.</summary>
public sealed class TreasuryPlannerTests
{
    [Theory]
    [InlineData("1.250,00", "1250.00", null)]
    [InlineData("1,250.00", "1250.00", null)]
    [InlineData("1250.00 KM", "1250.00", "BAM")]
    [InlineData("KM 1.250,50", "1250.50", "BAM")]
    [InlineData("€ 900", "900", "EUR")]
    [InlineData("1 250,50", "1250.50", null)]
    [InlineData("1\u202f250,50", "1250.50", null)]
    [InlineData("1.250.000", "1250000", null)]
    [InlineData("1,250,000.5", "1250000.5", null)]
    [InlineData("1250,005", "1250.005", null)]
    [InlineData("0,125", "0.125", null)]
    [InlineData("45", "45", null)]
    [InlineData("-45,10", "-45.10", null)]
    [InlineData("(45.10)", "-45.10", null)]
    public void an_amount_is_read_exactly_as_written_with_its_decimals(string text, string value, string? currency)
    {
        var amount = TreasuryCleaning.ParseAmount(text, out var written, out var problem);
        Assert.Equal((value, currency, TreasuryCleaning.AmountProblem.None),
            (amount?.ToString(CultureInfo.InvariantCulture), written, problem));
    }

    [Theory]
    [InlineData("1.250", TreasuryCleaning.AmountProblem.Ambiguous)]
    [InlineData("12,500", TreasuryCleaning.AmountProblem.Ambiguous)]
    [InlineData("999.999 KM", TreasuryCleaning.AmountProblem.Ambiguous)]
    [InlineData("oko 500 KM", TreasuryCleaning.AmountProblem.NotAnAmount)]
    [InlineData("1,25.00", TreasuryCleaning.AmountProblem.NotAnAmount)]
    [InlineData("1.2.3,45", TreasuryCleaning.AmountProblem.NotAnAmount)]
    [InlineData("KM 12 EUR", TreasuryCleaning.AmountProblem.NotAnAmount)]
    [InlineData("12 $$", TreasuryCleaning.AmountProblem.NotAnAmount)]
    public void an_amount_that_could_be_read_two_ways_or_is_none_is_not_guessed(string text, TreasuryCleaning.AmountProblem expected)
    {
        Assert.Null(TreasuryCleaning.ParseAmount(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Theory]
    [InlineData("obaveza", EntryKind.Commitment)]
    [InlineData("Ugovor", EntryKind.Commitment)]
    [InlineData("обавеза", EntryKind.Commitment)]
    [InlineData("angazhim", EntryKind.Commitment)]
    [InlineData("TAAHHÜT", EntryKind.Commitment)]
    [InlineData("purchase order", EntryKind.Commitment)]
    [InlineData("plaćanje", EntryKind.Payment)]
    [InlineData("ISPLATA", EntryKind.Payment)]
    [InlineData("исплата", EntryKind.Payment)]
    [InlineData("pagesë", EntryKind.Payment)]
    [InlineData("ödeme", EntryKind.Payment)]
    [InlineData("storno", null)]
    public void kinds_are_read_in_the_regions_languages(string text, EntryKind? kind) => Assert.Equal(kind, TreasuryCleaning.ParseKind(text));

    [Theory]
    [InlineData("dobavljač", PayeeCategory.Supplier)]
    [InlineData("yüklenici", PayeeCategory.Contractor)]
    [InlineData("shërbime komunale", PayeeCategory.Utility)]
    [InlineData("плате", PayeeCategory.Payroll)]
    [InlineData("public body", PayeeCategory.PublicBody)]
    [InlineData("NVO", PayeeCategory.NonProfit)]
    [InlineData("PublicBody", PayeeCategory.PublicBody)]
    [InlineData("tjetër", PayeeCategory.Other)]
    [InlineData("lottery", null)]
    public void payee_categories_are_read_in_the_regions_languages(string text, PayeeCategory? category) =>
        Assert.Equal(category, TreasuryCleaning.ParsePayeeCategory(text));

    [Theory]
    [InlineData("Vrsta knjiženja", "Datum valute", "Document No", "Iznos (KM)", "Economic code", "Izvor finansiranja", "Budget holder",
        "Broj obaveze", "Payee category", "Dobavljač", "Opis", "Interni ID")]
    [InlineData("1. Lloji i transaksionit", "Tarih *", "BELGE NO", "Shuma", "Kodi ekonomik", "Finansman kaynağı", "Njësia buxhetore",
        "Sözleşme no", "Alıcı türü", "Furnitori", "Açıklama", "ID e brendshme")]
    [InlineData("Врста књижења", "Датум", "Број документа", "Износ", "Економски код", "Извор финансирања", "Буџетски корисник",
        "Број обавезе", "Категорија примаоца", "Добављач", "Опис", "Интерни број")]
    public void a_header_mixing_languages_with_hints_and_numbering_names_every_field(params string[] header)
    {
        var columns = TreasuryTemplate.Map(new Sheet(header, [], "csv"), "t.csv");
        TreasuryField[] fields = [TreasuryField.Kind, TreasuryField.Date, TreasuryField.Reference, TreasuryField.Amount, TreasuryField.Line,
            TreasuryField.Source, TreasuryField.Holder, TreasuryField.CommitmentReference, TreasuryField.PayeeCategory, TreasuryField.Payee,
            TreasuryField.Description];
        Assert.Equal(Enumerable.Range(0, fields.Length).Select(i => (int?)i), fields.Select(f => columns[f]));
        Assert.Equal([header[^1]], columns.Ignored);
    }

    [Fact]
    public void a_file_without_a_required_column_is_refused_naming_it()
    {
        var refused = Assert.Throws<UnreadableFileException>(() => TreasuryTemplate.Map(
            new Sheet(["Vrsta", "Datum", "Broj dokumenta", "Iznos", "Konto", "Korisnik"], [], "csv"), "t.csv"));
        Assert.Equal("MISSING_COLUMNS", refused.Code);
        Assert.Contains("funding source", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void holders_are_schools_by_code_or_name_municipalities_or_the_ministry_and_never_a_guess()
    {
        var holders = new TreasuryHolders(Schools);
        Assert.Equal(("OS-A", HolderKind.School), Of(holders.Resolve("os-a")));
        var typo = holders.Resolve("JU OŠ Prekonuje Bihać");
        Assert.Equal(("OS-A", HolderKind.School), Of(typo));
        Assert.Equal("holder", typo.Correction!.Field);
        Assert.Equal(("Bihać", HolderKind.Municipality), Of(holders.Resolve("Općina Bihać")));
        Assert.Equal(("Bihać", HolderKind.Municipality), Of(holders.Resolve("BIHAC")));
        Assert.Equal(("Cazin", HolderKind.Municipality), Of(holders.Resolve("Grad Cazin")));
        foreach (var central in new[] { "central", "CENTRALNO", "Ministarstvo obrazovanja, nauke i mladih", "Ministria e Arsimit",
            "Milli Eğitim Bakanlığı" })
        {
            Assert.Equal((null, HolderKind.Central), Of(holders.Resolve(central)));
        }
        Assert.Equal("HOLDER_UNCERTAIN", holders.Resolve("JU OS Harmani Bihac").Problem!.Code);
        Assert.Equal("HOLDER_NOT_FOUND", holders.Resolve("Zzyzx Qwv").Problem!.Code);
    }

    [Fact]
    public void lines_are_decided_in_file_order_against_the_account_as_earlier_lines_left_it()
    {
        var (context, seed, account) = Ledger(1_000m);
        var sheet = Sheet(
            ["obaveza", "02.03.2026", "PO-1", "600,00", "613", "MIN", "OS-A", ""],
            ["obaveza", "03.03.2026", "PO-2", "500,00", "613", "MIN", "OS-A", ""],
            ["plaćanje", "04.03.2026", "PN-1", "700,00", "613", "MIN", "OS-A", "po-1"],
            ["plaćanje", "05.03.2026", "PN-2", "600,00", "613", "MIN", "OS-A", " PO-1 "],
            ["plaćanje", "06.03.2026", "PN-3", "400,00", "613", "MIN", "OS-A", ""],
            ["plaćanje", "07.03.2026", "PN-4", "0,01", "613", "MIN", "OS-A", ""],
            ["obaveza", "08.03.2026", "po-1", "600.00", "613", "MIN", "OS-A", ""],
            ["obaveza", "09.03.2026", "PO-1", "650,00", "613", "MIN", "OS-A", ""],
            ["plaćanje", "10.03.2026", "PN-5", "1,00", "613", "MIN", "OS-A", "PO-9"],
            ["obaveza", "11.03.2026", "PO-3", "10,00", "613", "MIN", "OS-B", ""]);
        var plan = Plan(sheet, context, seed);
        Assert.Equal(
            [("imported", null), ("rejected", "OVERSPENDING"), ("rejected", "EXCEEDS_OUTSTANDING"), ("imported", null), ("imported", null),
                ("rejected", "OVERSPENDING"), ("duplicate", null), ("rejected", "REFERENCE_CONFLICT"), ("rejected", "COMMITMENT_NOT_FOUND"),
                ("rejected", "OVERSPENDING")],
            plan.Select(p => (p.Status, p.Draft.Errors.FirstOrDefault()?.Code)));
        Assert.Equal([3L, 4L, 5L], plan.Where(p => p.Status == "imported").Select(p => p.AccountVersion));
        Assert.Equal(2, plan[6].DuplicateOfRow);
        var paid = Assert.IsType<PaymentRecorded>(plan[3].Event);
        Assert.Equal((plan[0].EntryId, 600m), (paid.CommitmentId, paid.Amount));
        // The seed is the accounts as they stand: the planner ran a copy forward.
        Assert.Equal((0m, 2L), (seed.Accounts[account].Committed, seed.Accounts[account].Version));
    }

    [Fact]
    public void a_line_outside_the_importers_scope_is_forbidden_whatever_else_is_wrong_with_it_and_tells_nothing_of_the_account()
    {
        var (context, seed, _) = Ledger(1_000m);
        context = context with { MayRecord = h => h.SchoolCode == "OS-A" };
        var plan = Plan(Sheet(
            ["obaveza", "02.03.2026", "PO-1", "1.250", "613", "MIN", "OS-B", ""],
            ["obaveza", "02.03.2026", "PO-2", "5000,00", "613", "MIN", "Bihać", ""],
            ["obaveza", "02.03.2026", "PO-3", "5000,00", "613", "MIN", "OS-A", ""]), context, seed);
        Assert.Equal(["forbidden", "forbidden", "rejected"], plan.Select(p => p.Status));
        Assert.All(plan.Take(2), p => Assert.Equal("FORBIDDEN", Assert.Single(p.Draft.Errors).Code));
        Assert.Equal("OVERSPENDING", plan[2].Draft.Errors.Single().Code);
    }

    [Fact]
    public void a_resumed_import_does_not_decide_the_lines_written_before_and_names_their_rows()
    {
        var (context, seed, account) = Ledger(1_000m);
        var sheet = Sheet(
            ["obaveza", "02.03.2026", "PO-1", "600,00", "613", "MIN", "OS-A", ""],
            ["obaveza", "03.03.2026", "PO-1", "600,00", "613", "MIN", "OS-A", ""],
            ["obaveza", "03.03.2026", "PO-2", "500,00", "613", "MIN", "OS-A", ""]);
        var first = Plan(sheet, context, seed);
        // What Emis holds after the first line's batch: the account moved on, the entry is recorded.
        var after = seed.Accounts[account];
        var moved = new Dictionary<Guid, BudgetAccountView> { [account] = Account(account, after.Holder, 1_000m, 600m, 3) };
        var recorded = new Dictionary<Guid, RecordedEntry> { [first[0].EntryId!.Value] = new(EntryKind.Commitment, 600m, null) };
        var written = new Dictionary<int, WrittenRow> { [2] = new(TreasuryStatus.Imported, first[0].EntryId) };
        var columns = TreasuryTemplate.Map(sheet, "t.csv");
        var prepared = TreasuryPlanner.Prepare(sheet, columns, context, written);
        var resumed = TreasuryPlanner.Decide(prepared, context, seed with { Accounts = moved, Recorded = recorded });
        Assert.Equal(first.Select(p => (p.Status, p.DuplicateOfRow)), resumed.Select(p => (p.Status, p.DuplicateOfRow)));
        Assert.True(resumed[0].Written);
        Assert.Null(resumed[0].Event);
    }

    private static readonly BudgetSchool[] Schools =
    [
        School('a', "OS-A", "JU OŠ Prekounje Bihać", "Bihać", "primary"), School('b', "OS-B", "Gimnazija Cazin", "Cazin", "upper_secondary"),
        School('c', "OS-H1", "JU OŠ Harmani I Bihać", "Bihać", "primary"), School('d', "OS-H2", "JU OŠ Harmani II Bihać", "Bihać", "primary"),
    ];

    private static BudgetSchool School(char id, string code, string name, string municipality, string level) => new()
    {
        Id = Guid.Parse("0195f0a0-0000-7000-8000-00000000000" + id),
        Code = code,
        Name = name,
        Municipality = municipality,
        Level = level,
    };

    private static (string? Where, HolderKind? Kind) Of(ResolvedHolder resolved) =>
        (resolved.Holder?.SchoolCode ?? resolved.Holder?.Municipality, resolved.Holder?.Kind);

    /// <summary>Fiscal year 2026 in BAM on 30 June, the chart (613 from MIN), and OS-A's account with <paramref name="budget"/> planned.</summary>
    private static (TreasuryContext Context, TreasurySeed Seed, Guid Account) Ledger(decimal budget)
    {
        var year = new FiscalYearView
        {
            Id = Guid.NewGuid(),
            Year = 2026,
            Currency = "BAM",
            StartsOn = new DateOnly(2026, 1, 1),
            EndsOn = new DateOnly(2026, 12, 31),
        };
        var chart = new BudgetChartView
        {
            Lines = [new BudgetLine("613", "Goods and services", EconomicCategory.GoodsAndServices, null)],
            Sources = [new FundingSource("MIN", "Ministry", FundingKind.Ministry)],
        };
        var school = Schools[0];
        var holder = new BudgetHolder(HolderKind.School, school.Id, school.Code, school.Municipality, school.Level);
        var target = AccountRef.For("t", 2026, holder, chart.Lines[0], chart.Sources[0], "BAM");
        var account = Account(target.Id, holder, budget, 0, 2);
        var context = new TreasuryContext("t", year, chart, new TreasuryHolders(Schools), new DateOnly(2026, 6, 30), null);
        return (context, TreasurySeed.Empty with { Accounts = new Dictionary<Guid, BudgetAccountView> { [target.Id] = account } }, target.Id);
    }

    private static BudgetAccountView Account(Guid id, BudgetHolder holder, decimal planned, decimal committed, long version) => new()
    {
        Id = id,
        FiscalYear = 2026,
        Holder = holder,
        Line = "613",
        Category = EconomicCategory.GoodsAndServices,
        Source = "MIN",
        Currency = "BAM",
        Planned = planned,
        Committed = committed,
        Entries = committed == 0 ? 1 : 2,
        Version = version,
    };

    private static Sheet Sheet(params string[][] rows) => new(
        ["Vrsta", "Datum", "Broj dokumenta", "Iznos", "Konto", "Izvor", "Korisnik", "Broj obaveze"],
        [.. rows.Select((cells, i) => new SheetRow(i + 2, cells))], "csv");

    /// <summary>The plan as the importer makes it: prepare, read what the lines name from <paramref name="seed"/>, decide.</summary>
    private static List<PlannedEntry> Plan(Sheet sheet, TreasuryContext context, TreasurySeed seed)
    {
        var prepared = TreasuryPlanner.Prepare(sheet, TreasuryTemplate.Map(sheet, "t.csv"), context);
        var (accounts, commitments, entries) = TreasuryPlanner.Named(prepared);
        var named = seed with
        {
            Accounts = seed.Accounts.Where(a => accounts.Contains(a.Key)).ToDictionary(),
            Commitments = seed.Commitments.Where(c => commitments.Contains(c.Key)).ToDictionary(),
            Recorded = seed.Recorded.Where(e => entries.Contains(e.Key)).ToDictionary(),
        };
        return TreasuryPlanner.Decide(prepared, context, named);
    }
}
