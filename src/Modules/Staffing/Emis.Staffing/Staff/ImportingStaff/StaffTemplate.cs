using Emis.Platform.Imports;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>The fields of the staff template, whatever the file calls its columns.</summary>
public enum StaffField
{
    LastName,
    FirstName,
    ParentName,
    Sex,
    BirthDate,
    School,
    SchoolCode,
    Role,
    ContractType,
    Fte,
    StartDate,
    Level,
    Qualification,
    Subjects,
    Email,
    Phone,
}

/// <summary>
/// The staff template: its fields, the names schools give its columns, and which it must have. Reading the file and
/// matching its header are the platform's (<see cref="SheetFile"/>, <see cref="ColumnCatalogue{TField}"/>), as for learners.
/// </summary>
public static class StaffTemplate
{
    /// <summary>The template as the refusals of an unreadable file name it.</summary>
    public const string Name = "the staff template";

    public static Sheet Read(byte[] content, string fileName) => SheetFile.Read(content, fileName, Name);

    public static SheetColumns<StaffField> Map(string[] header, string fileName) => Columns.Map(header, fileName);

    /// <summary>
    /// The file's columns, with a required column whose header is not recognised found by its values: the jurisdiction's
    /// school names, birth dates, sexes.
    /// </summary>
    public static SheetColumns<StaffField> Map(Sheet sheet, string fileName, SchoolMatcher<Schools.StaffingSchool>? schools)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return Columns.Map(sheet.Header, fileName, sheet.Rows, (field, value) => field switch
        {
            StaffField.School => schools is not null && schools.Match(value, null).School is not null,
            StaffField.BirthDate => value.Length >= 6 && PersonCleaning.ParseDate(value, out _) is not null,
            StaffField.Sex => PersonCleaning.ParseSex(value) is not null,
            _ => false,
        });
    }

    /// <summary>A file must name the member of staff, their sex, birth date and role, and the school by its name or code.</summary>
    public static readonly ColumnCatalogue<StaffField> Columns = new(RawSynonyms(), Describe,
        [[StaffField.LastName], [StaffField.FirstName], [StaffField.Sex], [StaffField.BirthDate], [StaffField.Role],
            [StaffField.School, StaffField.SchoolCode]]);

    public static string Describe(StaffField field) => field switch
    {
        StaffField.LastName => "last name",
        StaffField.FirstName => "first name",
        StaffField.ParentName => "parent's name",
        StaffField.Sex => "sex",
        StaffField.BirthDate => "birth date",
        StaffField.School => "school (name or code)",
        StaffField.SchoolCode => "school code",
        StaffField.Role => "role",
        StaffField.ContractType => "contract type",
        StaffField.Fte => "full-time equivalent",
        StaffField.StartDate => "start date",
        StaffField.Level => "level",
        StaffField.Qualification => "qualification",
        StaffField.Subjects => "subjects",
        StaffField.Email => "email",
        StaffField.Phone => "phone",
        _ => field.ToString(),
    };

    private static (StaffField Field, string Name)[] Of(StaffField field, params string[] names) => [.. names.Select(n => (field, n))];

    // The names schools give the columns, in English, Albanian, Bosnian/Croatian/Serbian (Latin and Cyrillic) and Turkish.
    private static IEnumerable<(StaffField Field, string Name)> RawSynonyms() =>
    [
        .. Of(StaffField.LastName, "last_name", "last name", "lastname", "surname", "family name", "mbiemri", "mbiemër", "mbiemer", "prezime",
            "презиме", "soyad", "soyadı", "soyisim", "prezime zaposlenog", "mbiemri i punonjësit"),
        .. Of(StaffField.FirstName, "first_name", "first name", "firstname", "name", "given name", "forename", "emri", "emër", "emer", "ime",
            "име", "ad", "adı", "isim", "ime zaposlenog", "emri i punonjësit"),
        .. Of(StaffField.ParentName, "parent_name", "parent name", "parent's name", "father's name", "father name", "emri i prindit",
            "emri i babait", "ime oca", "ime roditelja", "očevo ime", "име оца", "baba adı", "veli adı"),
        .. Of(StaffField.Sex, "sex", "gender", "gjinia", "gjini", "spol", "пол", "pol", "cinsiyet", "cinsiyeti", "m/f", "m/ž"),
        .. Of(StaffField.BirthDate, "birth_date", "birth date", "birthdate", "date of birth", "dob", "data e lindjes", "datëlindja",
            "datelindja", "datum rođenja", "datum rodjenja", "датум рођења", "doğum tarihi", "dogum tarihi"),
        .. Of(StaffField.School, "school", "school name", "school_name", "shkolla", "emri i shkollës", "emri i shkolles", "škola", "skola",
            "naziv škole", "naziv skole", "школа", "okul", "okul adı", "institution", "institucioni", "ustanova"),
        .. Of(StaffField.SchoolCode, "school_code", "school code", "school id", "kodi i shkollës", "kodi i shkolles", "kodi", "šifra škole",
            "sifra skole", "šifra", "okul kodu"),
        .. Of(StaffField.Role, "role", "position", "job", "job title", "pozita", "pozicioni", "roli", "funksioni", "detyra", "radno mjesto",
            "radno mesto", "радно место", "funkcija", "zvanje", "görev", "gorev", "pozisyon", "unvan"),
        .. Of(StaffField.ContractType, "contract type", "contract", "contract_type", "lloji i kontratës", "lloji i kontrates", "kontrata",
            "vrsta ugovora", "ugovor", "врста уговора", "sözleşme türü", "sozlesme turu", "sözleşme"),
        .. Of(StaffField.Fte, "fte", "full-time equivalent", "norma", "norma e punës", "angazman", "angažman", "angažovanje", "radno vrijeme",
            "норма", "çalışma oranı", "calisma orani", "norm"),
        .. Of(StaffField.StartDate, "start date", "start_date", "started", "employed since", "data e fillimit", "fillimi i punës",
            "data e punësimit", "datum početka", "datum pocetka", "datum zaposlenja", "датум запослења", "başlama tarihi", "baslama tarihi",
            "işe başlama tarihi"),
        .. Of(StaffField.Level, "level", "isced", "isced level", "niveli", "niveli i mësimit", "nivo", "nivo obrazovanja", "ниво", "kademe",
            "seviye"),
        .. Of(StaffField.Qualification, "qualification", "degree", "education", "kualifikimi", "kualifikimet", "përgatitja", "pergatitja",
            "stručna sprema", "strucna sprema", "kvalifikacija", "стручна спрема", "öğrenim durumu", "ogrenim durumu",
            "eğitim", "diploma"),
        .. Of(StaffField.Subjects, "subjects", "subject", "lënda", "lenda", "lëndët", "lendet", "predmet", "predmeti", "предмет", "ders",
            "dersler", "branş", "brans"),
        .. Of(StaffField.Email, "email", "e-mail", "e-mail address", "email address", "e-pošta", "e-posta", "eposta", "posta elektronike",
            "emaili", "imejli"),
        .. Of(StaffField.Phone, "phone", "telephone", "mobile", "telefon", "telefoni", "nr. telefonit", "broj telefona", "telefon numarası"),
    ];
}
