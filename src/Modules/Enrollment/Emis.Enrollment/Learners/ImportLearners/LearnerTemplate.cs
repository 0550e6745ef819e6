using Emis.Enrollment.Schools;
using Emis.Platform.Imports;

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

/// <summary>
/// The learner template: its fields, the names teachers give its columns, and which it must have. Reading the file and
/// matching its header are the platform's (<see cref="SheetFile"/>, <see cref="ColumnCatalogue{TField}"/>).
/// </summary>
public static class LearnerTemplate
{
    /// <summary>The template as the refusals of an unreadable file name it.</summary>
    public const string Name = "the learner template";

    /// <summary>A learner file read into cells (or <see cref="UnreadableFileException"/>).</summary>
    public static Sheet Read(byte[] content, string fileName) => SheetFile.Read(content, fileName, Name);

    /// <summary>The header's columns, or the reason the file cannot be imported (one message for the whole file).</summary>
    public static SheetColumns<Field> Map(string[] header, string fileName) => Columns.Map(header, fileName);

    /// <summary>
    /// The file's columns, with a required column whose header is not recognised found by its values: grades of 1 to 13,
    /// the names of the jurisdiction's schools, birth dates, sexes.
    /// </summary>
    public static SheetColumns<Field> Map(Sheet sheet, string fileName, SchoolMatcher<EnrollmentSchool>? schools)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return Columns.Map(sheet.Header, fileName, sheet.Rows, (field, value) => field switch
        {
            Field.Grade => RowCleaning.ParseGrade(value) is not null,
            Field.School => schools is not null && schools.Match(value, null).School is not null,
            Field.BirthDate => value.Length >= 6 && PersonCleaning.ParseDate(value, out _) is not null,
            Field.Sex => PersonCleaning.ParseSex(value) is not null,
            _ => false,
        });
    }

    /// <summary>A file must name the learner, their birth date, sex and grade, and the school by its name or code.</summary>
    public static readonly ColumnCatalogue<Field> Columns = new(RawSynonyms(), Describe,
        [[Field.LastName], [Field.FirstName], [Field.BirthDate], [Field.Sex], [Field.Grade], [Field.School, Field.SchoolCode]]);

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

    // The names teachers give the columns, in English, Albanian, Bosnian/Croatian/Serbian (Latin and Cyrillic) and Turkish.
    private static (Field Field, string Name)[] RawSynonyms() =>
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
}
