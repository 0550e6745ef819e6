using Emis.Platform.Imports;

namespace Emis.Budget.Accounts.ImportingTreasury;

/// <summary>The fields of a treasury export's execution lines, whatever the file calls its columns.</summary>
public enum TreasuryField
{
    Kind,
    Date,
    Reference,
    Amount,
    Currency,
    Line,
    Source,
    Holder,
    CommitmentReference,
    PayeeCategory,
    Payee,
    Description,
}

/// <summary>
/// The treasury export template: its fields, the names treasury systems and finance officers give its columns (English,
/// Bosnian/Croatian/Serbian in Latin and Cyrillic, Albanian, Turkish), and which a file must have. Reading the file and matching its
/// header are the platform's (<see cref="SheetFile"/>, <see cref="ColumnCatalogue{TField}"/>), as for every import.
/// </summary>
public static class TreasuryTemplate
{
    /// <summary>The template as the refusals of an unreadable file name it.</summary>
    public const string Name = "the treasury export";

    public static Sheet Read(byte[] content, string fileName) => SheetFile.Read(content, fileName, Name);

    /// <summary>The file's columns; a kind column whose header is not recognised is found by its values (obaveza, plaćanje …).</summary>
    public static SheetColumns<TreasuryField> Map(Sheet sheet, string fileName)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return Columns.Map(sheet.Header, fileName, sheet.Rows,
            (field, value) => field == TreasuryField.Kind && TreasuryCleaning.ParseKind(value) is not null);
    }

    /// <summary>A file must say what each line is, when, which document, how much, on which line, from which source, and whose.</summary>
    public static readonly ColumnCatalogue<TreasuryField> Columns = new(RawSynonyms(), Describe,
        [[TreasuryField.Kind], [TreasuryField.Date], [TreasuryField.Reference], [TreasuryField.Amount], [TreasuryField.Line],
            [TreasuryField.Source], [TreasuryField.Holder]]);

    public static string Describe(TreasuryField field) => field switch
    {
        TreasuryField.Kind => "kind (commitment or payment)",
        TreasuryField.Date => "date",
        TreasuryField.Reference => "document reference",
        TreasuryField.Amount => "amount",
        TreasuryField.Currency => "currency",
        TreasuryField.Line => "budget line",
        TreasuryField.Source => "funding source",
        TreasuryField.Holder => "holder (school, municipality or central)",
        TreasuryField.CommitmentReference => "commitment reference",
        TreasuryField.PayeeCategory => "payee category",
        TreasuryField.Payee => "payee",
        TreasuryField.Description => "description",
        _ => field.ToString(),
    };

    /// <summary>The field's name in a row's problems and corrections (camelCase, as recordCommitment's and recordPayment's arguments).</summary>
    public static string Key(TreasuryField field) => field switch
    {
        TreasuryField.Date => "on",
        TreasuryField.CommitmentReference => "commitmentReference",
        TreasuryField.PayeeCategory => "payeeCategory",
        _ => char.ToLowerInvariant(field.ToString()[0]) + field.ToString()[1..],
    };

    private static (TreasuryField Field, string Name)[] Of(TreasuryField field, params string[] names) => [.. names.Select(n => (field, n))];

    // The names treasury exports give the columns. The first field to claim a name keeps it: "type" is the kind, "payee type" the category.
    private static IEnumerable<(TreasuryField Field, string Name)> RawSynonyms() =>
    [
        .. Of(TreasuryField.Kind, "kind", "type", "entry type", "transaction type", "entry kind", "vrsta", "vrsta knjiženja", "vrsta knjizenja",
            "vrsta transakcije", "vrsta stavke", "tip", "tip transakcije", "врста", "врста књижења", "врста трансакције", "lloji",
            "lloji i transaksionit", "lloji i regjistrimit", "tür", "tur", "işlem türü", "islem turu", "kayıt türü"),
        .. Of(TreasuryField.Date, "date", "entry date", "posting date", "value date", "transaction date", "datum", "datum knjiženja",
            "datum knjizenja", "datum valute", "datum transakcije", "датум", "датум књижења", "data", "data e transaksionit",
            "data e regjistrimit", "tarih", "işlem tarihi", "islem tarihi", "kayıt tarihi"),
        .. Of(TreasuryField.Reference, "document reference", "reference", "document", "document number", "document no", "doc no", "ref",
            "broj dokumenta", "br. dokumenta", "br dokumenta", "dokument", "referenca", "oznaka dokumenta", "број документа", "документ",
            "numri i dokumentit", "nr. i dokumentit", "dokumenti", "referenca e dokumentit", "belge no", "belge numarası", "belge numarasi",
            "referans", "evrak no"),
        .. Of(TreasuryField.Amount, "amount", "value", "sum", "amount paid", "iznos", "svota", "vrijednost", "vrednost", "износ",
            "вредност", "shuma", "vlera", "shuma e paguar", "tutar", "miktar", "meblağ"),
        .. Of(TreasuryField.Currency, "currency", "valuta", "валута", "monedha", "para birimi", "döviz", "doviz"),
        .. Of(TreasuryField.Line, "budget line", "line", "economic code", "economic classification", "account", "budget code", "konto",
            "ekonomski kod", "ekonomska klasifikacija", "budžetska linija", "budzetska linija", "budžetska pozicija", "budzetska pozicija",
            "pozicija", "stavka", "економски код", "буџетска линија", "буџетска позиција", "конто", "kodi ekonomik", "linja buxhetore",
            "zëri buxhetor", "zeri buxhetor", "klasifikimi ekonomik", "bütçe kalemi", "butce kalemi", "ekonomik kod", "hesap kodu"),
        .. Of(TreasuryField.Source, "funding source", "source", "source of funds", "fund", "izvor", "izvor finansiranja", "izvor financiranja",
            "izvor sredstava", "fond", "извор", "извор финансирања", "burimi", "burimi i financimit", "burimi i fondeve", "fondi",
            "finansman kaynağı", "finansman kaynagi", "kaynak", "fon"),
        .. Of(TreasuryField.Holder, "holder", "budget holder", "spending unit", "budget user", "unit", "school", "institution", "korisnik",
            "budžetski korisnik", "budzetski korisnik", "korisnik budžeta", "potrošačka jedinica", "potrosacka jedinica", "jedinica",
            "ustanova", "škola", "skola", "буџетски корисник", "корисник", "установа", "школа", "njësia", "njesia", "njësia buxhetore",
            "shfrytëzuesi buxhetor", "institucioni", "shkolla", "harcama birimi", "birim", "kurum", "okul"),
        .. Of(TreasuryField.CommitmentReference, "commitment reference", "commitment", "commitment no", "purchase order", "po", "po number",
            "contract", "contract no", "obaveza", "broj obaveze", "obveza", "ugovor", "broj ugovora", "narudžbenica", "narudzbenica",
            "обавеза", "број обавезе", "уговор", "angazhimi", "nr. i angazhimit", "kontrata", "nr. i kontratës", "nr i kontrates",
            "taahhüt", "taahhut", "taahhüt no", "sözleşme", "sozlesme", "sözleşme no", "sipariş no"),
        .. Of(TreasuryField.PayeeCategory, "payee category", "payee type", "category", "kategorija", "kategorija primaoca",
            "vrsta primaoca", "kategorija primatelja", "категорија", "категорија примаоца", "kategoria", "kategoria e përfituesit",
            "kategoria e perfituesit", "lloji i përfituesit", "alıcı türü", "alici turu", "alıcı kategorisi", "kategori"),
        .. Of(TreasuryField.Payee, "payee", "supplier", "vendor", "recipient", "beneficiary", "primalac", "primatelj", "dobavljač", "dobavljac",
            "izvođač", "прималац", "добављач", "përfituesi", "perfituesi", "furnitori", "marrësi", "marresi", "alıcı", "alici",
            "tedarikçi", "tedarikci", "yüklenici"),
        .. Of(TreasuryField.Description, "description", "purpose", "note", "narrative", "opis", "svrha", "namjena", "namena", "napomena",
            "опис", "сврха", "намена", "përshkrimi", "pershkrimi", "qëllimi", "qellimi", "shënim", "açıklama", "aciklama", "amaç"),
    ];
}
