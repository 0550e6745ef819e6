using System.Globalization;
using System.Text;
using Emis.Credentials.Identity;

namespace Emis.Bench;

/// <summary>A school of the import benchmark's registry (the same in both jurisdictions).</summary>
internal sealed record ImportSchool(string Code, string Name, string Municipality, string Level, bool Albanian)
{
    public int FirstGrade => Level == "primary" ? 1 : 10;
    public int LastGrade => Level == "primary" ? 9 : 13;
}

/// <summary>One learner as the file means it: what a perfect import registers.</summary>
internal sealed record ImportLearner(
    string First, string? Parent, string Last, DateOnly Birth, char Sex, ImportSchool School, int Grade, string? Email);

/// <summary>What a row of a generated file is: a new learner, a repeat of an earlier row's learner, or a row that must not be imported.</summary>
internal enum RowKind
{
    Ok,
    Duplicate,
    Invalid,
}

/// <summary>The truth about one data row (<see cref="Line"/> is its line number; the header is line 1).</summary>
internal sealed record RowTruth(int Line, RowKind Kind, ImportLearner Learner, int? DuplicateOfLine, string Mess);

/// <summary>A generated learner file: its bytes and the truth about every row.</summary>
internal sealed record LearnerFileData(string Name, byte[] Content, IReadOnlyList<RowTruth> Rows)
{
    public int Count(RowKind kind) => Rows.Count(r => r.Kind == kind);
    public int CountMess(string mess) => Rows.Count(r => r.Mess.Split(',').Contains(mess));
}

/// <summary>
/// The import benchmark's data, deterministic for a seed: a national registry of schools in a few dozen municipalities
/// (Kosovo-style Albanian ones and Bosnian ones), fictitious learners with the region's Albanian, Bosnian and Turkish
/// names, and the learner template written twice — clean, and with a fraction of its rows made messy the way the
/// shared sample is (stray spaces, junk symbols, several date formats, sex written many ways, grades in words and Roman
/// numerals, school-name typos, whole rows in one cell, names in capitals, duplicates and rows that cannot be imported).
/// </summary>
internal static class ImportData
{
    public const string SchoolYear = "2025/2026";
    public const string Header = "Surname;birth_date;Emri i shkollës;Name;Spol;E-pošta;Ime oca;grade";
    private static readonly DateOnly YearStart = new(2025, 9, 1);

    // ------------------------------------------------------------------ schools

    private static readonly string[] AlbanianMunicipalities =
    [
        "Prishtinë", "Prizren", "Pejë", "Gjakovë", "Ferizaj", "Gjilan", "Mitrovicë", "Podujevë", "Vushtrri", "Suharekë", "Rahovec", "Drenas",
        "Lipjan", "Malishevë", "Kamenicë", "Viti", "Deçan", "Istog", "Klinë", "Skenderaj", "Dragash", "Kaçanik", "Shtime", "Fushë Kosovë",
    ];

    private static readonly string[] BosnianMunicipalities =
    [
        "Bihać", "Cazin", "Velika Kladuša", "Bužim", "Sanski Most", "Ključ", "Bosanski Petrovac", "Bosanska Krupa", "Tuzla", "Zenica",
        "Travnik", "Goražde", "Gradačac", "Srebrenik",
    ];

    private static readonly string[] AlbanianPatrons =
    [
        "Naim Frashëri", "Sami Frashëri", "Abdyl Frashëri", "Gjergj Fishta", "Pjetër Bogdani", "Ismail Qemali", "Andon Zako Çajupi", "Ndre Mjeda",
        "Asdreni", "Ali Kelmendi", "Jeronim De Rada", "Elena Gjika", "Hasan Prishtina", "Migjeni", "Luigj Gurakuqi", "Faik Konica", "Fan Noli",
        "Dëshmorët e Kombit", "Bajram Curri", "Isa Boletini", "Shote Galica", "Azem Galica", "Nëna Tereze", "Skënderbeu", "Lidhja e Prizrenit",
        "Rilindja", "Dituria", "Shkëndija", "Vëllezërit Frashëri", "Ymer Prizreni", "Eqrem Çabej", "Aleksandër Xhuvani", "Mustafa Bakija",
        "Hilmi Rakovica", "Xhemail Mustafa", "Zenel Hajdini", "Pashko Vasa", "Jani Vreto", "Kostandin Kristoforidhi", "Mihal Grameno",
        "Petro Nini Luarasi", "Gjon Buzuku", "Pjetër Budi", "Frang Bardhi", "Marin Barleti", "Naum Veqilharxhi", "Ali Podrimja", "Anton Pashku",
        "Esad Mekuli", "Hivzi Sulejmani", "Motrat Qiriazi", "Agimi", "Bashkimi", "Përparimi", "Ardhmëria", "Miqësia", "Selman Riza",
        "Emin Duraku", "Zef Lush Marku", "Avni Rrustemi", "Ulpiana", "Dardania", "Iliria", "Fazli Grajqevci",
    ];

    private static readonly string[] BosnianPatrons =
    [
        "Prekounje", "Brekovica", "Harmani I", "Harmani II", "Otoka", "Pećigrad", "Stijena", "Vrnograč", "Pokoj", "Mahmud Esad Ćatić",
        "Liskovac", "Stabandža", "Kulen Vakuf", "Ripač", "Orašac", "Izačić", "Gata", "Todorovo", "Podzvizd", "Šturlić", "Tržac", "Založje",
        "Ćoralići", "Skokovi", "Šumatac", "Čaglica", "Ostrožac", "Miostrah", "Pjanići", "Bajrići", "Safvet-beg Bašagić", "Meša Selimović",
        "Hasan Kikić", "Aleksa Šantić", "Mehmedalija Mak Dizdar", "Skender Kulenović", "Branko Ćopić", "Musa Ćazim Ćatić", "Edhem Mulabdić",
        "Džemaludin Čaušević", "Hamdija Kreševljaković", "Zaim Imamović", "Osman Nuri Hadžić", "Alija Nametak", "Abdulah Škaljić",
        "Derviš Sušić", "Ahmed Muradbegović", "Husein Gradaščević", "Kemal Kapetanović", "Vladimir Nazor", "Ivan Goran Kovačić", "Nikola Tesla",
        "Prva osnovna škola", "Druga osnovna škola", "Centar", "Novi Grad", "Stari Grad", "Hasan Kaimija",
    ];

    /// <summary>
    /// <paramref name="count"/> schools spread over the municipalities (about 60% Albanian-style, 40% Bosnian), a fifth
    /// of them upper secondary; names are unique (the patron differs within a municipality). With
    /// <paramref name="municipalities"/> (2 to 38), only that many municipalities, in the same 60/40 proportion; otherwise all 38.
    /// </summary>
    public static IReadOnlyList<ImportSchool> Schools(int count, int seed, int municipalities = 0)
    {
        var random = new Random(seed);
        var albanianMunicipalities = municipalities < 2 ? AlbanianMunicipalities.Length
            : Math.Clamp((int)Math.Round(municipalities * 0.6), 1, AlbanianMunicipalities.Length);
        var bosnianMunicipalities = municipalities < 2 ? BosnianMunicipalities.Length
            : Math.Clamp(municipalities - albanianMunicipalities, 1, BosnianMunicipalities.Length);
        var places = AlbanianMunicipalities.Take(albanianMunicipalities).Select(m => (Name: m, Albanian: true))
            .Concat(BosnianMunicipalities.Take(bosnianMunicipalities).Select(m => (Name: m, Albanian: false))).ToArray();
        var albanianShare = (int)Math.Round(count * 0.6);
        var schools = new List<ImportSchool>(count);
        var used = places.ToDictionary(m => m.Name, _ => new HashSet<string>());
        for (var i = 0; i < count; i++)
        {
            var albanian = i < albanianShare;
            var candidates = places.Where(m => m.Albanian == albanian).ToArray();
            // Round robin over the group's municipalities, so that each has about the same number of schools.
            var municipality = candidates[i % candidates.Length].Name;
            var patrons = albanian ? AlbanianPatrons : BosnianPatrons;
            string patron;
            var taken = used[municipality];
            if (taken.Count >= patrons.Length) throw new InvalidOperationException($"too many schools for {municipality}");
            do patron = patrons[random.Next(patrons.Length)]; while (!taken.Add(patron));
            var upper = random.NextDouble() < 0.2;
            var kind = (albanian, upper) switch
            {
                (true, false) => "SHFMU",
                (true, true) => random.Next(2) == 0 ? "Gjimnazi" : "SHMP",
                (false, false) => "JU OŠ",
                (false, true) => random.Next(2) == 0 ? "JU Gimnazija" : "JU Mješovita srednja škola",
            };
            schools.Add(new ImportSchool(
                "SCH" + (1000 + i).ToString(CultureInfo.InvariantCulture),
                $"{kind} \"{patron}\" {municipality}",
                municipality,
                upper ? "upper_secondary" : "primary",
                albanian));
        }
        return schools;
    }

    /// <summary>The registry CSV the Registry's school import reads.</summary>
    public static byte[] RegistryCsv(IReadOnlyList<ImportSchool> schools)
    {
        var csv = new StringBuilder("code,name,municipality,level,languages\n");
        foreach (var s in schools)
        {
            csv.Append(s.Code).Append(',').Append(Quote(s.Name, ',')).Append(',').Append(Quote(s.Municipality, ','))
                .Append(',').Append(s.Level).Append(',').Append(s.Albanian ? "sq" : "bs").Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    // ------------------------------------------------------------------ learners

    private sealed record Group(string[] Female, string[] Male, string[] Last);

    private static readonly Group Albanian = new(
        ["Blerta", "Elona", "Jetmira", "Ermira", "Besa", "Mimoza", "Drita", "Lumturie", "Shpresa", "Gëzime", "Vjosa", "Arbëresha", "Jeta", "Dafina",
         "Njomza", "Gentiana", "Zana", "Ardita", "Fjolla", "Albina", "Arta", "Rina", "Era", "Leonora", "Valbona", "Kaltrina", "Teuta", "Liridona",
         "Qëndresa", "Donika", "Fatbardha", "Lirie", "Mirlinda", "Ariana", "Dorentina", "Edona", "Erza", "Florentina", "Genta", "Hyrije",
         "Ilirjana", "Klea", "Lindita", "Majlinda", "Nora", "Orjeta", "Pranvera", "Rrezarta", "Shqipe", "Trëndelina", "Vlora", "Xhensila",
         "Yllka", "Zamira", "Ëndrita", "Besarta", "Diellza", "Elvira"],
        ["Arbën", "Ardit", "Drilon", "Lirim", "Fatjon", "Gëzim", "Çlirim", "Qëndrim", "Ilir", "Bujar", "Shkëlzen", "Dritëro", "Lavdim", "Egzon",
         "Jetmir", "Rinor", "Arlind", "Dardan", "Dren", "Endrit", "Altin", "Ylber", "Valon", "Besnik", "Kushtrim", "Donat", "Agon", "Alban",
         "Arianit", "Astrit", "Bardh", "Blerim", "Burim", "Dukagjin", "Edon", "Enis", "Fisnik", "Flamur", "Gent", "Granit", "Hekuran", "Ismet",
         "Kreshnik", "Labinot", "Leutrim", "Mentor", "Nazim", "Petrit", "Rron", "Sokol", "Shpëtim", "Taulant", "Uran", "Vigan", "Xhevdet", "Yll",
         "Zgjim", "Mërgim", "Besart"],
        ["Krasniqi", "Berisha", "Gashi", "Hoxha", "Shala", "Morina", "Kelmendi", "Bytyçi", "Lleshi", "Dervishi", "Rexhepi", "Çela", "Thaçi",
         "Hyseni", "Osmani", "Mustafa", "Sadiku", "Bajrami", "Musliu", "Selimi", "Dobranja", "Ramadani", "Ahmeti", "Avdiu", "Bekteshi", "Beqiri",
         "Bislimi", "Demolli", "Dibra", "Elezi", "Fazliu", "Gjinovci", "Halili", "Haxhiu", "Hajdari", "Hasani", "Ibrahimi", "Imeri", "Islami",
         "Jashari", "Kastrati", "Kryeziu", "Kurti", "Limani", "Maliqi", "Mehmeti", "Mazreku", "Nimani", "Pllana", "Qerimi", "Rama", "Salihu",
         "Shabani", "Sylejmani", "Tahiri", "Uka", "Veseli", "Xhaferi", "Ymeri", "Zeqiri", "Zymberi", "Abazi", "Aliu", "Azemi", "Bunjaku",
         "Cakaj", "Dedaj", "Dushi", "Emini", "Feta", "Gjoka", "Hoti", "Istrefi", "Jakupi", "Kadriu", "Latifi", "Murati", "Nuhiu"]);

    private static readonly Group Bosnian = new(
        ["Emina", "Ajla", "Lejla", "Amila", "Selma", "Šejla", "Džana", "Merima", "Aida", "Naida", "Hana", "Esma", "Ilma", "Nejla", "Ema",
         "Amina", "Adna", "Alma", "Belma", "Dženana", "Edina", "Elma", "Emra", "Ena", "Hatidža", "Iman", "Jasmina", "Kerima", "Lamija", "Lana",
         "Mediha", "Medina", "Minela", "Nadira", "Nermina", "Sabina", "Sajra", "Sara", "Sumeja", "Tajra", "Una", "Zehra", "Zerina", "Azra",
         "Berina", "Dalila", "Ćamila", "Đulsa", "Hena", "Melisa"],
        ["Amar", "Haris", "Tarik", "Edin", "Mirza", "Ćamil", "Dževad", "Kenan", "Adnan", "Nedim", "Emir", "Anes", "Damir", "Hamza", "Eldar",
         "Ismar", "Muhamed", "Faruk", "Vedad", "Harun", "Ćazim", "Adin", "Ahmed", "Alen", "Almir", "Arman", "Benjamin", "Dino", "Elvir", "Enes",
         "Emin", "Hamdija", "Ibrahim", "Jasmin", "Kerim", "Lejs", "Mahir", "Mustafa", "Nermin", "Omer", "Orhan", "Rijad", "Salih", "Samir",
         "Sead", "Zijad", "Đani", "Žan", "Šemsudin", "Dženan"],
        ["Hodžić", "Begić", "Delić", "Kovačević", "Hadžić", "Mujić", "Šabić", "Čaušević", "Ćehajić", "Đulić", "Žunić", "Softić", "Mehmedović",
         "Pašić", "Alić", "Bešić", "Zukić", "Omerović", "Šehić", "Hasanović", "Husić", "Ibrahimović", "Jusić", "Karić", "Kurtović",
         "Mahmutović", "Memić", "Muratović", "Mušić", "Nuhanović", "Osmanović", "Ramić", "Salihović", "Selimović", "Smajić", "Suljić",
         "Tahirović", "Topić", "Velić", "Zahirović", "Avdić", "Bajrić", "Čolić", "Dedić", "Durmić", "Fazlić", "Gušić", "Halilović", "Hrnjica",
         "Imamović", "Jašarević", "Kadić", "Kapić", "Kulenović", "Lipovača", "Mašić", "Nezirović", "Pehlivanović", "Ribić", "Sejdić", "Šišić",
         "Tatarević", "Vejzović", "Alagić", "Dizdarević", "Efendić", "Ganić", "Hamzić", "Islamović", "Kahrimanović"]);

    private static readonly Group Turkish = new(
        ["Ayşe", "Elif", "Zeynep", "Işıl", "Çağla", "Ilgın", "Ayşegül", "Yağmur", "Gökçe", "Şule", "Büşra", "Merve", "Esra", "Defne", "Ecrin",
         "Nehir", "Ebru", "Derya", "Sevgi", "Gül", "Hülya", "Kübra", "Özge", "Selin", "Tuğba", "Yasemin", "Melek", "Sude", "Beren", "Cansu"],
        ["Mehmet", "Emre", "Buğra", "Gökhan", "Şükrü", "Doğan", "Ömer", "Çağrı", "Oğuz", "Barış", "İsmail", "Burak", "Yusuf", "Ahmet", "Kerem",
         "Eymen", "Alperen", "Berat", "Cem", "Deniz", "Furkan", "Hakan", "Kaan", "Murat", "Onur", "Serkan", "Tolga", "Volkan", "Selim", "Tuncay"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Doğan", "Güneş", "Koç", "Kılıç", "Özdemir", "Arslan", "Yıldız",
         "Yıldırım", "Aslan", "Çetin", "Kara", "Kurt", "Özkan", "Şimşek", "Polat", "Korkmaz", "Erdoğan", "Tekin", "Bulut", "Ünal", "Yücel",
         "Güler", "Altun"]);

    /// <summary>
    /// <paramref name="count"/> learners in schools drawn at random, a grade the school teaches, a birth date that fits it; with
    /// <paramref name="graduating"/>, every learner in the school's last grade (a graduating cohort).
    /// </summary>
    public static IReadOnlyList<ImportLearner> Learners(IReadOnlyList<ImportSchool> schools, int count, int seed, bool graduating = false)
    {
        var random = new Random(seed);
        var learners = new ImportLearner[count];
        for (var i = 0; i < count; i++)
        {
            var school = schools[random.Next(schools.Count)];
            var grade = random.Next(school.FirstGrade, school.LastGrade + 1);
            if (graduating) grade = school.LastGrade;
            var roll = random.NextDouble();
            var group = school.Albanian
                ? roll < 0.85 ? Albanian : roll < 0.95 ? Turkish : Bosnian
                : roll < 0.88 ? Bosnian : roll < 0.95 ? Albanian : Turkish;
            var sex = random.Next(2) == 0 ? 'F' : 'M';
            var first = Pick(random, sex == 'F' ? group.Female : group.Male);
            var last = Pick(random, group.Last);
            var parent = random.NextDouble() < 0.95 ? Pick(random, group.Male) : null;
            // Age on 1 September is grade + 5 (born September to December) or grade + 6, and a few started a year late.
            var age = grade + 6 + (random.NextDouble() < 0.03 ? 1 : 0);
            var birth = YearStart.AddYears(-age).AddDays(random.Next(0, 365));
            string? email = null;
            if (grade >= 8 && random.NextDouble() < 0.25)
            {
                email = $"{Usernames.Part(first)}.{Usernames.Part(last)}{random.Next(1, 1000).ToString(CultureInfo.InvariantCulture)}@example.org";
            }
            learners[i] = new ImportLearner(first, parent, last, birth, sex, school, grade, email);
        }
        return learners;
    }

    // ------------------------------------------------------------------ files

    /// <summary>The template as a careful school sends it: every cell as the template asks (ISO dates, F/M, grade numbers).</summary>
    public static LearnerFileData CleanFile(IReadOnlyList<ImportLearner> learners)
    {
        var text = new StringBuilder(learners.Count * 96).Append(Header).Append('\n');
        var truth = new RowTruth[learners.Count];
        for (var i = 0; i < learners.Count; i++)
        {
            var l = learners[i];
            AppendRow(text, [l.Last, Iso(l.Birth), l.School.Name, l.First, l.Sex.ToString(), l.Email ?? "", l.Parent ?? "", Number(l.Grade)]);
            truth[i] = new RowTruth(i + 2, RowKind.Ok, l, null, "");
        }
        return new LearnerFileData("learners-clean.csv", Encoding.UTF8.GetBytes(text.ToString()), truth);
    }

    private static readonly string[] Kinds = ["school_typo", "spaces", "junk_char", "grade_text", "case", "one_cell"];
    private static readonly int[] KindWeights = [30, 18, 15, 12, 8, 7];

    /// <summary>
    /// The same learners with a fraction <paramref name="messy"/> of the rows spoilt as teachers spoil them. Of those, a
    /// tenth repeat an earlier row's learner instead (often written differently) and a fifteenth cannot be imported
    /// (no surname, an impossible or future birth date, a school not in the registry); the rest are the row's own
    /// learner written another way: any date format, sex in any language, plus one or two of school typo, stray
    /// spaces, junk symbols, grade in words or Roman numerals, name in capitals or small letters, whole row in one cell.
    /// </summary>
    public static LearnerFileData MessyFile(IReadOnlyList<ImportLearner> learners, double messy, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(learners.Count * 100).Append(Header).Append('\n');
        var truth = new List<RowTruth>(learners.Count);
        // Rows that registered a learner cleanly enough to be repeated (line, learner).
        var repeatable = new List<(int Line, ImportLearner Learner)>();
        for (var i = 0; i < learners.Count; i++)
        {
            var line = i + 2;
            var l = learners[i];
            if (random.NextDouble() >= messy)
            {
                AppendRow(text, [l.Last, Iso(l.Birth), l.School.Name, l.First, l.Sex.ToString(), l.Email ?? "", l.Parent ?? "", Number(l.Grade)]);
                truth.Add(new RowTruth(line, RowKind.Ok, l, null, ""));
                repeatable.Add((line, l));
                continue;
            }
            var roll = random.NextDouble();
            if (roll < 0.10 && repeatable.Count > 0)
            {
                // The same learner sent again (another class list, another teacher): sometimes written differently.
                var (originalLine, original) = repeatable[random.Next(repeatable.Count)];
                var variant = random.NextDouble() < 0.5;
                var cells = Cells(original, variant ? DateIn(random, original.Birth) : Iso(original.Birth),
                    variant ? SexIn(random, original.Sex) : original.Sex.ToString());
                if (variant && random.Next(2) == 0 && CasesCleanly(cells[3])) cells[3] = cells[3].ToUpperInvariant();
                AppendRow(text, cells);
                truth.Add(new RowTruth(line, RowKind.Duplicate, original, originalLine, variant ? "duplicate,dup_variant" : "duplicate"));
                continue;
            }
            if (roll < 0.10 + 0.066)
            {
                var cells = Cells(l, DateIn(random, l.Birth), SexIn(random, l.Sex));
                string mess;
                switch (random.Next(4))
                {
                    case 0:
                        cells[0] = "";
                        mess = "invalid_last_name";
                        break;
                    case 1:
                        cells[1] = $"{random.Next(1, 28):00}.{random.Next(1, 13):00}.{2027 + random.Next(0, 4)}";
                        mess = "invalid_birth_date";
                        break;
                    case 2:
                        cells[1] = $"{30 + random.Next(0, 2)}.02.{l.Birth.Year}";
                        mess = "invalid_birth_date";
                        break;
                    default:
                        cells[2] = UnknownSchools[random.Next(UnknownSchools.Length)];
                        mess = "invalid_school";
                        break;
                }
                AppendRow(text, cells);
                truth.Add(new RowTruth(line, RowKind.Invalid, l, null, mess));
                continue;
            }

            var row = Cells(l, DateIn(random, l.Birth), SexIn(random, l.Sex));
            var kinds = new List<string> { PickKind(random) };
            if (random.NextDouble() < 0.3 && PickKind(random) is var second && !kinds.Contains(second)) kinds.Add(second);
            foreach (var kind in kinds.Where(k => k != "one_cell"))
            {
                switch (kind)
                {
                    case "school_typo":
                        row[2] = Typo(random, l.School);
                        break;
                    case "spaces":
                        switch (random.Next(4))
                        {
                            case 0: row[0] = "  " + row[0] + " "; break;
                            case 1: row[2] = row[2].Replace(" ", "  ", StringComparison.Ordinal); break;
                            case 2: row[4] += " "; row[3] = " " + row[3]; break;
                            default: row[6] = row[6].Length > 0 ? row[6] + "  " : row[6]; row[0] += " "; break;
                        }
                        break;
                    case "junk_char":
                        var target = random.Next(3) switch { 0 => 0, 1 => 3, _ => row[6].Length > 0 ? 6 : 0 };
                        var junk = "^?#*!~"[random.Next(6)];
                        row[target] = random.Next(3) == 0 && row[target].Length > 3
                            ? row[target].Insert(1 + random.Next(row[target].Length - 2), junk.ToString())
                            : row[target] + junk;
                        break;
                    case "grade_text":
                        row[7] = GradeIn(random, l.Grade);
                        break;
                    case "case":
                        var which = random.Next(2) == 0 ? 0 : 3;
                        if (!CasesCleanly(row[which])) which = 3 - which;
                        if (CasesCleanly(row[which]))
                        {
                            row[which] = random.Next(3) == 0 ? row[which].ToLowerInvariant() : row[which].ToUpperInvariant();
                        }
                        break;
                }
            }
            if (kinds.Contains("one_cell"))
            {
                // Typed into the first cell, values in the header's order separated by spaces (an empty email leaves two).
                var cell = string.Join(' ', row.Select(c => c.Trim()));
                text.Append(Quote(cell, ';')).Append(";;;;;;;\n");
            }
            else
            {
                AppendRow(text, row);
            }
            truth.Add(new RowTruth(line, RowKind.Ok, l, null, string.Join(',', kinds)));
            if (!kinds.Contains("one_cell")) repeatable.Add((line, l));
        }
        return new LearnerFileData("learners-messy.csv", Encoding.UTF8.GetBytes(text.ToString()), truth);
    }

    private static readonly string[] UnknownSchools =
    [
        "Privatna škola \"Kvant\" Zagreb", "Shkolla private \"Horizonti\" Tiranë", "Özel Okul \"Yıldız\" Bursa",
        "Osnovna škola \"Sunce\" Mostar", "Kolegji \"Universum\" Durrës",
    ];

    /// <summary>
    /// Whether a name survives capitals and back: Turkish ı and İ do not ("YILDIRIM" cannot tell "Yıldırım" from
    /// "Yildirim"), so those names are never written in capitals here, and the accuracy check stays fair.
    /// </summary>
    private static bool CasesCleanly(string name) => !name.Contains('ı') && !name.Contains('İ');

    private static string[] Cells(ImportLearner l, string date, string sex) =>
        [l.Last, date, l.School.Name, l.First, sex, l.Email ?? "", l.Parent ?? "", Number(l.Grade)];

    private static string PickKind(Random random)
    {
        var roll = random.Next(KindWeights.Sum());
        for (var k = 0; k < Kinds.Length; k++)
        {
            if (roll < KindWeights[k]) return Kinds[k];
            roll -= KindWeights[k];
        }
        return Kinds[0];
    }

    private static string DateIn(Random random, DateOnly d) => random.Next(6) switch
    {
        0 => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        1 => d.ToString("d.M.yyyy", CultureInfo.InvariantCulture),
        2 => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        3 => d.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture),
        4 => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) + ".",
        _ => Iso(d),
    };

    private static readonly string[] FemaleWords = ["F", "f", "Femër", "femër", "Žensko", "žensko", "Kadın", "K", "Ž", "female", "Z"];
    private static readonly string[] MaleWords = ["M", "m", "Mashkull", "mashkull", "Muško", "muško", "Erkek", "E", "male"];

    private static string SexIn(Random random, char sex) => sex == 'F' ? Pick(random, FemaleWords) : Pick(random, MaleWords);

    private static string GradeIn(Random random, int g) => random.Next(6) switch
    {
        0 => Number(g) + ".",
        1 => "Klasa " + Number(g),
        2 => Number(g) + " razred",
        3 => Roman(g),
        4 => Number(g) + ". sınıf",
        _ => Number(g) + ". razred",
    };

    private static string Roman(int g) => g switch
    {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        5 => "V",
        6 => "VI",
        7 => "VII",
        8 => "VIII",
        9 => "IX",
        10 => "X",
        11 => "XI",
        12 => "XII",
        _ => "XIII",
    };

    /// <summary>A school name as a hurried teacher types it: a letter doubled, dropped, swapped or wrong, accents or quotes left out.</summary>
    private static string Typo(Random random, ImportSchool school)
    {
        var name = school.Name;
        var roll = random.NextDouble();
        if (roll < 0.10)
        {
            // No accents, no quotes: "SHFMU Naim Frasheri Gjilan".
            var plain = new StringBuilder();
            foreach (var c in name.Normalize(NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && c != '"') plain.Append(c);
            }
            return plain.ToString().Replace('đ', 'd').Replace('Đ', 'D');
        }
        var edits = roll < 0.75 ? 1 : 2;
        var chars = name.ToList();
        // Only letters after the school kind are touched (the patron and the municipality), as in the sample.
        var from = name.IndexOf('"', StringComparison.Ordinal) + 1;
        for (var e = 0; e < edits; e++)
        {
            int at;
            var tries = 0;
            do at = from + random.Next(chars.Count - from); while (!char.IsLetter(chars[at]) && ++tries < 20);
            switch (random.Next(4))
            {
                case 0: chars.Insert(at, chars[at]); break;                                        // doubled
                case 1: chars.RemoveAt(at); break;                                                  // dropped
                case 2 when at + 1 < chars.Count && char.IsLetter(chars[at + 1]):
                    (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);                        // swapped
                    break;
                default: chars[at] = "aeioutrnskl"[random.Next(11)]; break;                         // wrong letter
            }
        }
        return new string([.. chars]);
    }

    private static void AppendRow(StringBuilder text, string[] cells)
    {
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0) text.Append(';');
            text.Append(Quote(cells[c], ';'));
        }
        text.Append('\n');
    }

    private static string Quote(string cell, char separator) =>
        cell.Contains('"') || cell.Contains(separator) || cell.Contains('\n')
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
