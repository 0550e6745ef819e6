using Emis.Assets.Schools;
using Emis.Platform.Imports;

namespace Emis.Assets.Devices.ImportingDevices;

/// <summary>The fields of a device inventory, whatever the file calls its columns.</summary>
public enum DeviceField
{
    School,
    SchoolCode,
    SerialNumber,
    Type,
    Make,
    Model,
    AcquiredOn,
    Cost,
    Currency,
    FundingSource,
    Room,
    State,
}

/// <summary>
/// The device inventory template: its fields, the names schools give its columns, and which it must have. Reading the file
/// and matching its header are the platform's (<see cref="SheetFile"/>, <see cref="ColumnCatalogue{TField}"/>), as for people.
/// </summary>
public static class DeviceTemplate
{
    /// <summary>The template as the refusals of an unreadable file name it.</summary>
    public const string Name = "the device inventory";

    public static Sheet Read(byte[] content, string fileName) => SheetFile.Read(content, fileName, Name);

    /// <summary>
    /// The file's columns, with a school column whose header is not recognised found by its values (the jurisdiction's school
    /// names or codes) and a type column found by its values (laptop, projektor …).
    /// </summary>
    public static SheetColumns<DeviceField> Map(Sheet sheet, string fileName, SchoolMatcher<AssetsSchool>? schools)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return Columns.Map(sheet.Header, fileName, sheet.Rows, (field, value) => field switch
        {
            DeviceField.School => schools is not null && schools.Match(value, null).School is not null,
            DeviceField.Type => DeviceCleaning.ParseType(value) is not null,
            _ => false,
        });
    }

    /// <summary>A file must name the school (by name or code), the serial number, the type, the make and the model.</summary>
    public static readonly ColumnCatalogue<DeviceField> Columns = new(RawSynonyms(), Describe,
        [[DeviceField.School, DeviceField.SchoolCode], [DeviceField.SerialNumber], [DeviceField.Type], [DeviceField.Make], [DeviceField.Model]]);

    public static string Describe(DeviceField field) => field switch
    {
        DeviceField.School => "school (name or code)",
        DeviceField.SchoolCode => "school code",
        DeviceField.SerialNumber => "serial number",
        DeviceField.Type => "type",
        DeviceField.Make => "make",
        DeviceField.Model => "model",
        DeviceField.AcquiredOn => "acquired on",
        DeviceField.Cost => "cost",
        DeviceField.Currency => "currency",
        DeviceField.FundingSource => "funding source",
        DeviceField.Room => "room",
        DeviceField.State => "state",
        _ => field.ToString(),
    };

    /// <summary>The field's name in a row's problems and corrections (camelCase, as registerDevice's arguments).</summary>
    public static string Key(DeviceField field) => field switch
    {
        DeviceField.School or DeviceField.SchoolCode => "school",
        DeviceField.SerialNumber => "serialNumber",
        DeviceField.AcquiredOn => "acquiredOn",
        DeviceField.FundingSource => "fundingSource",
        _ => char.ToLowerInvariant(field.ToString()[0]) + field.ToString()[1..],
    };

    private static (DeviceField Field, string Name)[] Of(DeviceField field, params string[] names) => [.. names.Select(n => (field, n))];

    // The names schools give the columns, in English, Bosnian/Croatian/Serbian (Latin and Cyrillic), Albanian and Turkish.
    private static IEnumerable<(DeviceField Field, string Name)> RawSynonyms() =>
    [
        .. Of(DeviceField.School, "school", "school name", "school_name", "škola", "skola", "naziv škole", "naziv skole", "школа", "shkolla",
            "emri i shkollës", "emri i shkolles", "okul", "okul adı", "institution", "ustanova", "institucioni", "lokacija", "location"),
        .. Of(DeviceField.SchoolCode, "school code", "school_code", "school id", "šifra škole", "sifra skole", "šifra", "шифра школе",
            "kodi i shkollës", "kodi i shkolles", "kodi", "okul kodu"),
        .. Of(DeviceField.SerialNumber, "serial number", "serial_number", "serial", "serial no", "serial no.", "s/n", "sn", "serijski broj",
            "serijski br", "serijski br.", "ser. broj", "серијски број", "numri serik", "nr. serik", "nr serik", "numri i serisë",
            "seri numarası", "seri no", "seri numarasi", "asset tag", "inventarni broj", "inventurni broj"),
        .. Of(DeviceField.Type, "type", "device type", "kind", "category", "vrsta", "vrsta uređaja", "vrsta uredjaja", "tip", "tip uređaja",
            "врста", "врста уређаја", "lloji", "lloji i pajisjes", "pajisja", "tür", "tur", "cihaz türü", "cihaz turu", "cihaz", "uređaj", "uredjaj"),
        .. Of(DeviceField.Make, "make", "brand", "manufacturer", "vendor", "proizvođač", "proizvodjac", "proizvođac", "marka", "произвођач",
            "марка", "prodhuesi", "marka e pajisjes", "brendi", "üretici", "uretici"),
        .. Of(DeviceField.Model, "model", "model name", "naziv modela", "модел", "modeli"),
        .. Of(DeviceField.AcquiredOn, "acquired on", "acquired", "acquisition date", "date acquired", "purchase date", "purchased", "bought",
            "datum nabavke", "datum nabave", "nabavljeno", "godina nabavke", "датум набавке", "data e blerjes", "data e marrjes", "blerë më",
            "alım tarihi", "alim tarihi", "satın alma tarihi", "satin alma tarihi"),
        .. Of(DeviceField.Cost, "cost", "price", "value", "purchase price", "cijena", "cena", "nabavna cijena", "nabavna vrijednost",
            "vrijednost", "vrednost", "цена", "цијена", "kosto", "kostoja", "çmimi", "cmimi", "vlera", "maliyet", "fiyat", "tutar", "bedel"),
        .. Of(DeviceField.Currency, "currency", "valuta", "валута", "monedha", "para birimi", "döviz", "doviz"),
        .. Of(DeviceField.FundingSource, "funding source", "funding", "funded by", "source of funds", "donor", "izvor finansiranja",
            "izvor financiranja", "izvor sredstava", "donator", "финансирање", "извор финансирања", "burimi i financimit", "financuar nga",
            "donatori", "finansman kaynağı", "finansman kaynagi", "finansman", "bağışçı"),
        .. Of(DeviceField.Room, "room", "room name", "classroom", "location in school", "prostorija", "učionica", "ucionica", "kabinet",
            "soba", "просторија", "учионица", "salla", "klasa", "dhoma", "kabineti", "oda", "sınıf", "sinif", "derslik"),
        .. Of(DeviceField.State, "state", "status", "condition", "stanje", "ispravnost", "стање", "gjendja", "statusi", "durum", "durumu"),
    ];
}
