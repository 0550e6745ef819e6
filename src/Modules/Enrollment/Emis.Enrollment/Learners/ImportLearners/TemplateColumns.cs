using Emis.Enrollment.Learners.GettingLearners;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>The fields of the learner template, whatever the file calls its columns.</summary>
public enum Field
{
    LastName,
    FirstName,
    ParentName,
    BirthDate,
    Sex,
    School,
    SchoolCode,
    Grade,
    Section,
    Email,
    Phone,
    GuardianPhone,
    GuardianEmail,
}

/// <summary>Which column holds which field, found from the header in any order and any of the region's languages.</summary>
public sealed class TemplateColumns
{
    private readonly Dictionary<Field, int> _columns;

    private TemplateColumns(Dictionary<Field, int> columns, int width, IReadOnlyList<string> ignored)
    {
        _columns = columns;
        Width = width;
        Ignored = ignored;
    }

    public int Width { get; }

    /// <summary>Header cells that name no field of the template (kept out of the import, listed in the report).</summary>
    public IReadOnlyList<string> Ignored { get; }

    public int? this[Field field] => _columns.TryGetValue(field, out var i) ? i : null;

    /// <summary>The fields in the file's column order (how a row typed into one cell is read).</summary>
    public IReadOnlyList<Field> Order => [.. _columns.OrderBy(c => c.Value).Select(c => c.Key)];

    public static readonly Field[] Required = [Field.LastName, Field.FirstName, Field.BirthDate, Field.Sex, Field.Grade];

    /// <summary>The header's columns, or the reason the file cannot be imported (one message for the whole file).</summary>
    public static TemplateColumns Map(string[] header, string fileName)
    {
        var columns = new Dictionary<Field, int>();
        var ignored = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var key = Key(header[i]);
            if (key.Length == 0) continue;
            if (Synonyms.TryGetValue(key, out var field) && !columns.ContainsKey(field)) columns[field] = i;
            else ignored.Add(header[i].Trim());
        }
        var missing = Required.Where(f => !columns.ContainsKey(f)).ToList();
        if (!columns.ContainsKey(Field.School) && !columns.ContainsKey(Field.SchoolCode)) missing.Add(Field.School);
        if (missing.Count > 0)
        {
            throw new UnreadableFileException("MISSING_COLUMNS",
                $"{fileName} has no column for {string.Join(", ", missing.Select(Describe))}. The header row was: " +
                $"{string.Join(" | ", header.Select(h => h.Trim()))}. Add the column (any of the usual names works, e.g. " +
                $"{string.Join("; ", missing.Select(m => $"{Describe(m)}: {string.Join(", ", Examples(m))}"))}).");
        }
        return new TemplateColumns(columns, header.Length, ignored);
    }

    public static string Describe(Field field) => field switch
    {
        Field.LastName => "last name",
        Field.FirstName => "first name",
        Field.ParentName => "parent's name",
        Field.BirthDate => "birth date",
        Field.Sex => "sex",
        Field.School => "school (name or code)",
        Field.SchoolCode => "school code",
        Field.Grade => "grade",
        Field.Section => "section",
        Field.Email => "email",
        Field.Phone => "phone",
        Field.GuardianPhone => "guardian's phone",
        Field.GuardianEmail => "guardian's email",
        _ => field.ToString(),
    };

    private static IEnumerable<string> Examples(Field field) =>
        RawSynonyms.Where(s => s.Field == field).Select(s => s.Name).Take(4);

    /// <summary>A header cell reduced for comparison: folded as names are for search, letters and digits only.</summary>
    public static string Key(string header) => new([.. LearnerProfile.Fold(header.Trim()).Where(char.IsLetterOrDigit)]);

    // The names teachers give the columns, in English, Albanian, Bosnian/Croatian/Serbian (Latin and Cyrillic) and Turkish.
    private static readonly (Field Field, string Name)[] RawSynonyms =
    [
        (Field.LastName, "last_name"), (Field.LastName, "last name"), (Field.LastName, "lastname"), (Field.LastName, "surname"),
        (Field.LastName, "family name"), (Field.LastName, "mbiemri"), (Field.LastName, "mbiemër"), (Field.LastName, "mbiemer"),
        (Field.LastName, "prezime"), (Field.LastName, "презиме"), (Field.LastName, "soyad"), (Field.LastName, "soyadı"),
        (Field.LastName, "soyisim"), (Field.LastName, "prezime učenika"), (Field.LastName, "mbiemri i nxënësit"),

        (Field.FirstName, "first_name"), (Field.FirstName, "first name"), (Field.FirstName, "firstname"), (Field.FirstName, "name"),
        (Field.FirstName, "given name"), (Field.FirstName, "forename"), (Field.FirstName, "emri"), (Field.FirstName, "emër"),
        (Field.FirstName, "emer"), (Field.FirstName, "ime"), (Field.FirstName, "име"), (Field.FirstName, "ad"), (Field.FirstName, "adı"),
        (Field.FirstName, "isim"), (Field.FirstName, "öğrenci adı"), (Field.FirstName, "ime učenika"), (Field.FirstName, "emri i nxënësit"),

        (Field.ParentName, "parent_name"), (Field.ParentName, "parent name"), (Field.ParentName, "parent's name"), (Field.ParentName, "parent"),
        (Field.ParentName, "father's name"), (Field.ParentName, "father name"), (Field.ParentName, "father"), (Field.ParentName, "mother's name"),
        (Field.ParentName, "emri i prindit"), (Field.ParentName, "prindi"), (Field.ParentName, "emri i babait"), (Field.ParentName, "babai"),
        (Field.ParentName, "ime oca"), (Field.ParentName, "ime roditelja"), (Field.ParentName, "roditelj"), (Field.ParentName, "očevo ime"),
        (Field.ParentName, "ime jednog roditelja"), (Field.ParentName, "име оца"), (Field.ParentName, "име родитеља"),
        (Field.ParentName, "veli adı"), (Field.ParentName, "baba adı"), (Field.ParentName, "anne baba adı"), (Field.ParentName, "veli"),

        (Field.BirthDate, "birth_date"), (Field.BirthDate, "birth date"), (Field.BirthDate, "birthdate"), (Field.BirthDate, "date of birth"),
        (Field.BirthDate, "dob"), (Field.BirthDate, "born"), (Field.BirthDate, "data e lindjes"), (Field.BirthDate, "datëlindja"),
        (Field.BirthDate, "datelindja"), (Field.BirthDate, "datum rođenja"), (Field.BirthDate, "datum rodjenja"),
        (Field.BirthDate, "датум рођења"), (Field.BirthDate, "doğum tarihi"), (Field.BirthDate, "dogum tarihi"), (Field.BirthDate, "rođen"),

        (Field.Sex, "sex"), (Field.Sex, "gender"), (Field.Sex, "gjinia"), (Field.Sex, "gjini"), (Field.Sex, "spol"), (Field.Sex, "пол"),
        (Field.Sex, "pol"), (Field.Sex, "cinsiyet"), (Field.Sex, "cinsiyeti"), (Field.Sex, "m/f"), (Field.Sex, "m/ž"),

        (Field.School, "school"), (Field.School, "school name"), (Field.School, "school_name"), (Field.School, "shkolla"),
        (Field.School, "emri i shkollës"), (Field.School, "emri i shkolles"), (Field.School, "shkolla e nxënësit"), (Field.School, "škola"),
        (Field.School, "skola"), (Field.School, "naziv škole"), (Field.School, "naziv skole"), (Field.School, "ime škole"),
        (Field.School, "школа"), (Field.School, "okul"), (Field.School, "okul adı"), (Field.School, "okulun adı"), (Field.School, "institution"),

        (Field.SchoolCode, "school_code"), (Field.SchoolCode, "school code"), (Field.SchoolCode, "school id"), (Field.SchoolCode, "kodi i shkollës"),
        (Field.SchoolCode, "kodi i shkolles"), (Field.SchoolCode, "kodi"), (Field.SchoolCode, "šifra škole"), (Field.SchoolCode, "sifra skole"),
        (Field.SchoolCode, "šifra"), (Field.SchoolCode, "okul kodu"),

        (Field.Grade, "grade"), (Field.Grade, "class"), (Field.Grade, "year"), (Field.Grade, "klasa"), (Field.Grade, "klasi"),
        (Field.Grade, "viti"), (Field.Grade, "razred"), (Field.Grade, "разред"), (Field.Grade, "sınıf"), (Field.Grade, "sinif"),
        (Field.Grade, "sınıfı"), (Field.Grade, "grade level"),

        (Field.Section, "section"), (Field.Section, "paralelja"), (Field.Section, "paralelka"), (Field.Section, "odjeljenje"),
        (Field.Section, "odeljenje"), (Field.Section, "одељење"), (Field.Section, "šube"), (Field.Section, "şube"), (Field.Section, "sube"),

        (Field.Email, "email"), (Field.Email, "e-mail"), (Field.Email, "e-mail address"), (Field.Email, "email address"), (Field.Email, "e-pošta"),
        (Field.Email, "e-posta"), (Field.Email, "eposta"), (Field.Email, "posta elektronike"), (Field.Email, "emaili"), (Field.Email, "imejli"),
        (Field.Email, "adresa e emailit"), (Field.Email, "e-posta adresi"),

        (Field.Phone, "phone"), (Field.Phone, "telephone"), (Field.Phone, "mobile"), (Field.Phone, "telefon"), (Field.Phone, "telefoni"),
        (Field.Phone, "nr. telefonit"), (Field.Phone, "broj telefona"), (Field.Phone, "telefon numarası"),

        (Field.GuardianPhone, "guardian phone"), (Field.GuardianPhone, "parent phone"), (Field.GuardianPhone, "telefoni i prindit"),
        (Field.GuardianPhone, "telefon roditelja"), (Field.GuardianPhone, "veli telefonu"),
        (Field.GuardianEmail, "guardian email"), (Field.GuardianEmail, "parent email"), (Field.GuardianEmail, "emaili i prindit"),
        (Field.GuardianEmail, "e-pošta roditelja"), (Field.GuardianEmail, "veli e-posta"),
    ];

    private static readonly Dictionary<string, Field> Synonyms = RawSynonyms
        .GroupBy(s => Key(s.Name)).ToDictionary(g => g.Key, g => g.First().Field, StringComparer.Ordinal);
}
