using System.Globalization;
using System.Text.RegularExpressions;
using Emis.Platform.Imports;
using Emis.Staffing.Schools;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>
/// One staff row after cleaning: a person's fields (<see cref="PersonDraft"/>), and the member of staff's own: the
/// contract (role, type, FTE, level, start), the highest qualification as an ISCED level, and the subjects.
/// </summary>
public sealed class StaffDraft : PersonDraft
{
    public StaffRole? Role { get; set; }
    public ContractType? ContractType { get; set; }
    public decimal? Fte { get; set; }
    public DateOnly? StartDate { get; set; }

    /// <summary>When a fixed-term or substitute contract ends (the file has no column: the end of the school year).</summary>
    public DateOnly? EndsOn { get; set; }
    public EducationLevel? Level { get; set; }

    /// <summary>The qualification as written, and the ISCED level of the degree it names.</summary>
    public string? Qualification { get; set; }
    public int? QualificationLevel { get; set; }
    public string? Subjects { get; set; }

    public StaffSex? StaffSex => Sex switch { PersonSex.Female => Staff.StaffSex.Female, PersonSex.Male => Staff.StaffSex.Male, _ => null };
}

/// <summary>
/// Turns a row's cells into a <see cref="StaffDraft"/>: names, dates, sex and contacts cleaned as for any person
/// (<see cref="PersonCleaning"/>), and the staff fields as schools write them (roles, contract types, "0,5" or "50%",
/// "razredna nastava", "VSS" …) in the region's languages.
/// </summary>
public static partial class StaffCleaning
{
    /// <summary>The ages a member of staff may plausibly be at the start of the school year.</summary>
    public static AgeBounds Ages(int schoolYearStart) => new(schoolYearStart, 18, 75, "the start of the school year", "a member of staff");

    /// <summary>A contract starts, unless the file says otherwise, on the first day of the school year.</summary>
    public static DateOnly DefaultStart(int schoolYearStart) => new(schoolYearStart, 9, 1);

    public static StaffDraft Clean(SheetRow row, SheetColumns<StaffField> columns, int schoolYearStart, DateOnly today,
        SchoolMatcher<StaffingSchool> schools, NameVocabulary? names = null)
    {
        var draft = new StaffDraft { Row = row.Line };
        if (OneCell.IsOneCell(row, columns.Width, out var incomplete))
        {
            if (OneCell.Read(row.Cells[0], columns, StaffOneCellShape.Instance, schools, draft, names) is { } reading)
            {
                Fill(f => reading.GetValueOrDefault(f), draft, schoolYearStart, today);
            }
            return draft;
        }
        if (incomplete)
        {
            draft.Errors.Add(new RowProblem("row", "INCOMPLETE_ROW", "The row has a value in one column only."));
            return draft;
        }
        Fill(f => columns.Cell(row, f), draft, schoolYearStart, today);
        return draft;
    }

    private static void Fill(Func<StaffField, string?> cell, StaffDraft draft, int schoolYearStart, DateOnly today)
    {
        draft.LastName = PersonCleaning.Name(cell(StaffField.LastName), "lastName", draft, required: true);
        draft.FirstName = PersonCleaning.Name(cell(StaffField.FirstName), "firstName", draft, required: true);
        draft.ParentName = PersonCleaning.Name(cell(StaffField.ParentName), "parentName", draft, required: false);
        draft.BirthDate = PersonCleaning.BirthDate(cell(StaffField.BirthDate), draft, today, Ages(schoolYearStart));
        draft.Sex = PersonCleaning.SexOf(cell(StaffField.Sex), draft);
        draft.SchoolText = PersonCleaning.Spaces(cell(StaffField.School));
        draft.SchoolCodeText = PersonCleaning.Spaces(cell(StaffField.SchoolCode));
        if (string.IsNullOrEmpty(draft.SchoolText) && string.IsNullOrEmpty(draft.SchoolCodeText))
        {
            draft.Errors.Add(new RowProblem("school", "REQUIRED", "The school is missing."));
        }
        draft.Role = Parsed(cell(StaffField.Role), "role", draft, ParseRole, r => r.ToString(), required: true, "a role");
        draft.ContractType = Parsed(cell(StaffField.ContractType), "contractType", draft, ParseContractType, c => c.ToString(), required: false,
            "a contract type (permanent, fixed-term, substitute)") ?? ContractType.Permanent;
        draft.Fte = Parsed(cell(StaffField.Fte), "fte", draft, ParseFte, f => f.ToString(CultureInfo.InvariantCulture), required: false,
            "a full-time equivalent from 0 to 1 (1, 0,5, 50%)") ?? 1m;
        draft.Level = Parsed(cell(StaffField.Level), "level", draft, ParseLevel, l => l.ToString().ToUpperInvariant(), required: false,
            "a level (ISCED 0–3, primary, lower or upper secondary)");
        draft.StartDate = PersonCleaning.Date(cell(StaffField.StartDate), "startDate", draft, required: false) ?? DefaultStart(schoolYearStart);
        if (draft.ContractType is ContractType.FixedTerm or ContractType.Substitute)
        {
            draft.EndsOn = new DateOnly(schoolYearStart + 1, 8, 31);
        }
        if (draft.BirthDate is { } born && draft.StartDate is { } start && StaffRules.AgeOn(born, start) < StaffRules.MinimumWorkingAge)
        {
            draft.Errors.Add(new RowProblem("startDate", "RULE_VIOLATED",
                $"The member of staff would be under {StaffRules.MinimumWorkingAge} on the contract's first day."));
        }
        draft.Qualification = PersonCleaning.Spaces(cell(StaffField.Qualification));
        if (draft.Qualification is { } qualification)
        {
            draft.QualificationLevel = ParseQualification(qualification);
            if (draft.QualificationLevel is null)
            {
                draft.Doubts.Add(new RowProblem("qualification", "UNKNOWN_QUALIFICATION",
                    $"'{qualification}' names no degree Emis knows (e.g. SSS, VŠS, VSS, Bachelor, Master, PhD): say which ISCED level it is."));
            }
        }
        draft.Subjects = PersonCleaning.Spaces(cell(StaffField.Subjects));
        draft.Email = PersonCleaning.Email(cell(StaffField.Email), "email", draft);
        draft.Phone = PersonCleaning.Phone(cell(StaffField.Phone), "phone", draft);
    }

    private static T? Parsed<T>(string? raw, string field, StaffDraft draft, Func<string, T?> parse, Func<T, string> written, bool required,
        string what) where T : struct
    {
        var text = PersonCleaning.Spaces(raw);
        if (text is null)
        {
            if (required) draft.Errors.Add(new RowProblem(field, "REQUIRED", $"The {what[2..]} is missing."));
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

    /// <summary>A role as schools write it: "Mësues", "Nastavnik", "Öğretmen", "Drejtor", "Pedagog", "Sekretar", "Pastrues" …</summary>
    public static StaffRole? ParseRole(string text)
    {
        var key = ColumnCatalogue.Key(text);
        if (Roles.TryGetValue(key, out var role)) return role;
        foreach (var (word, r) in RolePrefixes)
        {
            if (key.StartsWith(word, StringComparison.Ordinal)) return r;
        }
        return Enum.TryParse<StaffRole>(text.Trim(), ignoreCase: true, out var named) && Enum.IsDefined(named) ? named : null;
    }

    private static readonly Dictionary<string, StaffRole> Roles = Keyed(
    [
        (StaffRole.Teacher, ["teacher", "mësues", "mësuese", "mësimdhënës", "mësimdhënëse", "arsimtar", "arsimtare", "profesor",
            "profesoreshë", "profesorica", "nastavnik", "nastavnica", "nastavnik razredne nastave", "nastavnik predmetne nastave", "učitelj",
            "učiteljica", "наставник", "учитељ", "öğretmen", "sınıf öğretmeni", "branş öğretmeni", "edukatore", "vaspitač", "odgajatelj"]),
        (StaffRole.Director, ["director", "principal", "head teacher", "headteacher", "drejtor", "drejtore", "drejtoreshë", "zëvendësdrejtor",
            "direktor", "direktorica", "direktorka", "pomoćnik direktora", "директор", "müdür", "okul müdürü", "müdür yardımcısı"]),
        (StaffRole.Pedagogue, ["pedagogue", "pedagog", "pedagoge", "psikolog", "psikologe", "psiholog", "psychologist", "defektolog",
            "counsellor", "counselor", "педагог", "rehber öğretmen", "bibliotekar", "librarian", "bibliotekiste"]),
        (StaffRole.Administrative, ["administrative", "administration", "administrator", "administratë", "sekretar", "sekretare",
            "sekretarka", "secretary", "sekreter", "računovođa", "racunovodja", "accountant", "financier", "financijer", "zyrtar", "службеник",
            "memur", "referent"]),
        (StaffRole.Support, ["support", "support staff", "cleaner", "pastrues", "pastruese", "mirëmbajtës", "kujdestar", "roje", "higijeničar",
            "higijeničarka", "spremačica", "čistačica", "domar", "janitor", "caretaker", "hizmetli", "bekçi", "tehničko osoblje", "portir"]),
    ]);

    private static readonly (string Word, StaffRole Role)[] RolePrefixes =
    [
        ("mesues", StaffRole.Teacher), ("mesimdhen", StaffRole.Teacher), ("nastavni", StaffRole.Teacher), ("ogretmen", StaffRole.Teacher),
        ("profesor", StaffRole.Teacher), ("ucitelj", StaffRole.Teacher), ("teacher", StaffRole.Teacher), ("drejtor", StaffRole.Director),
        ("direktor", StaffRole.Director), ("mudur", StaffRole.Director), ("pedagog", StaffRole.Pedagogue), ("psiholog", StaffRole.Pedagogue),
        ("sekretar", StaffRole.Administrative), ("administr", StaffRole.Administrative), ("pastru", StaffRole.Support),
    ];

    /// <summary>A contract type: "i përhershëm"/"neodređeno"/"kadrolu", "me afat"/"određeno"/"sözleşmeli", "zëvendësues"/"zamjena"/"vekil".</summary>
    public static ContractType? ParseContractType(string text) => ContractTypes.TryGetValue(ColumnCatalogue.Key(text), out var type) ? type : null;

    private static readonly Dictionary<string, ContractType> ContractTypes = Keyed(
    [
        (ContractType.Permanent, ["permanent", "indefinite", "open-ended", "i përhershëm", "e përhershme", "përhershëm",
            "me afat të pacaktuar", "pa afat", "neodređeno", "na neodređeno", "neodređeno vrijeme", "na neodređeno vrijeme",
            "неодређено", "kadrolu", "süresiz", "belirsiz süreli"]),
        (ContractType.FixedTerm, ["fixed-term", "fixed term", "fixedterm", "temporary", "me afat", "me afat të caktuar", "i përkohshëm",
            "određeno", "na određeno", "određeno vrijeme", "na određeno vrijeme", "одређено", "sözleşmeli", "süreli", "belirli süreli",
            "geçici"]),
        (ContractType.Substitute, ["substitute", "replacement", "zëvendësues", "zëvendësuese", "zëvendësim", "zamjena", "zamena",
            "na zamjeni", "замена", "vekil", "vekil öğretmen", "ücretli"]),
    ]);

    /// <summary>A full-time equivalent: "1", "0,5", "0.5", "50%", "50 %", "1/2", or a whole percentage without its sign ("50").</summary>
    public static decimal? ParseFte(string text)
    {
        var t = text.Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
        decimal value;
        if (t.EndsWith('%'))
        {
            if (!decimal.TryParse(t[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)) return null;
            value = percent / 100m;
        }
        else if (t.Split('/') is [var a, var b])
        {
            if (!decimal.TryParse(a, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                || !decimal.TryParse(b, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) || d == 0) return null;
            value = n / d;
        }
        else
        {
            if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return null;
            // "50" in an FTE column is a percentage; "1,5" is not an FTE.
            if (value is >= 10m and <= 100m && value == Math.Floor(value)) value /= 100m;
        }
        value = Math.Round(value, 2);
        return value is > 0m and <= 1m ? value : null;
    }

    /// <summary>
    /// The level a teacher teaches at: "ISCED1", "1", "primary", "razredna nastava", "mësim klasor", "I–V", "1-5" (ISCED 1);
    /// "predmetna nastava", "VI–IX" (ISCED 2); "srednja", "X–XII" (ISCED 3); "parashkollor", "predškolsko" (ISCED 0).
    /// </summary>
    public static EducationLevel? ParseLevel(string text)
    {
        var compact = LevelDash().Replace(text.Trim().ToLowerInvariant(), "-").Replace(" ", "", StringComparison.Ordinal);
        if (LevelRanges.TryGetValue(compact, out var range)) return range;
        var key = ColumnCatalogue.Key(text);
        if (key.StartsWith("isced", StringComparison.Ordinal)) key = key[5..];
        if (key is ['0' or '1' or '2' or '3']) return (EducationLevel)(key[0] - '0');
        return LevelWords.TryGetValue(key, out var level) ? level : null;
    }

    private static readonly Dictionary<string, EducationLevel> LevelRanges = new(StringComparer.Ordinal)
    {
        ["i-v"] = EducationLevel.Isced1,
        ["1-5"] = EducationLevel.Isced1,
        ["i-iv"] = EducationLevel.Isced1,
        ["1-4"] = EducationLevel.Isced1,
        ["vi-ix"] = EducationLevel.Isced2,
        ["6-9"] = EducationLevel.Isced2,
        ["v-viii"] = EducationLevel.Isced2,
        ["5-8"] = EducationLevel.Isced2,
        ["x-xii"] = EducationLevel.Isced3,
        ["10-12"] = EducationLevel.Isced3,
        ["x-xiii"] = EducationLevel.Isced3,
        ["10-13"] = EducationLevel.Isced3,
        ["i-iv(sm)"] = EducationLevel.Isced3,
    };

    private static readonly Dictionary<string, EducationLevel> LevelWords = Keyed(
    [
        (EducationLevel.Isced0, ["pre-primary", "preprimary", "preschool", "early childhood", "parashkollor", "parafillor", "predškolsko",
            "predškolski", "predškolski odgoj", "okul öncesi", "anaokulu"]),
        (EducationLevel.Isced1, ["primary", "fillor", "e fillore", "mësim klasor", "mësimi klasor", "klasor", "razredna nastava", "razredna",
            "разредна настава", "ilkokul", "ilköğretim", "sınıf öğretmenliği"]),
        (EducationLevel.Isced2, ["lower secondary", "e mesme e ulët", "mesme e ulët", "mësim lëndor", "mësimi lëndor", "lëndor",
            "predmetna nastava", "predmetna", "предметна настава", "ortaokul"]),
        (EducationLevel.Isced3, ["upper secondary", "secondary", "e mesme e lartë", "mesme e lartë", "gjimnaz", "srednja", "srednja škola",
            "средња школа", "gimnazija", "lise"]),
    ]);

    /// <summary>
    /// The ISCED level of a qualification as written: "SSS"/"Srednja" 3, "VŠS"/"Viša"/"Shkolla e lartë" 5, "VSS"/"Bachelor"/"Fakultet" 6,
    /// "Master"/"Magistar" 7, "Dr"/"PhD" 8, or an ISCED level given as a number (3–8).
    /// </summary>
    public static int? ParseQualification(string text)
    {
        // Š matters here: VŠS (a two-year college, 5) is not VSS (a faculty, 6).
        var lower = text.Trim().ToLowerInvariant().Replace(".", "", StringComparison.Ordinal);
        if (Abbreviations.TryGetValue(lower, out var abbreviated)) return abbreviated;
        var key = ColumnCatalogue.Key(text);
        if (key.StartsWith("isced", StringComparison.Ordinal)) key = key[5..];
        if (key is [>= '3' and <= '8']) return key[0] - '0';
        foreach (var (word, level) in QualificationWords)
        {
            if (key.Contains(word, StringComparison.Ordinal)) return level;
        }
        return null;
    }

    private static readonly Dictionary<string, int> Abbreviations = new(StringComparer.Ordinal)
    {
        ["sss"] = 3,
        ["ss"] = 3,
        ["ssp"] = 3,
        ["ссс"] = 3,
        ["všs"] = 5,
        ["vš"] = 5,
        ["вшс"] = 5,
        ["vss"] = 6,
        ["всс"] = 6,
        ["ba"] = 6,
        ["bsc"] = 6,
        ["bed"] = 6,
        ["ma"] = 7,
        ["msc"] = 7,
        ["mr"] = 7,
        ["med"] = 7,
        ["dr"] = 8,
        ["phd"] = 8,
        ["dr sc"] = 8,
        ["drsc"] = 8,
    };

    // Checked in order on the folded text: the longer or more specific word first ("yükseklisans" before "lisans").
    private static readonly (string Word, int Level)[] QualificationWords =
    [
        ("doktor", 8), ("phd", 8), ("doctor", 8),
        ("master", 7), ("magist", 7), ("yukseklisans", 7), ("mba", 7),
        ("onlisans", 5), ("visa", 5), ("visaskola", 5), ("shkollaelarte", 5), ("pedagogjikaelarte", 5), ("yuksekokul", 5),
        ("bachelor", 6), ("fakultet", 6), ("universit", 6), ("lisans", 6), ("visokastrucna", 6), ("visoko", 6), ("diplomuniversitare", 6),
        ("bsc", 6), ("baccalaur", 6), ("univerzitet", 6),
        ("srednja", 3), ("secondary", 3), ("mesme", 3), ("gjimnaz", 3), ("gimnazij", 3), ("lise", 3), ("shkollaemesme", 3),
    ];

    private static Dictionary<string, T> Keyed<T>((T Value, string[] Names)[] groups)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (value, names) in groups)
        {
            foreach (var name in names) result.TryAdd(ColumnCatalogue.Key(name), value);
        }
        return result;
    }

    [GeneratedRegex(@"\s*[–—-]\s*")]
    private static partial Regex LevelDash();
}
