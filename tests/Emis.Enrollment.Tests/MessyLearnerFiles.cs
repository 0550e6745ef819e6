using System.Globalization;
using System.Text;
using Emis.Enrollment.Schools;
using Emis.Platform.Events;

namespace Emis.Enrollment.Tests;

/// <summary>A generated learner file with what each row should become.</summary>
public sealed record MessyFile(string Csv, IReadOnlyList<TruthRow> Truth, IReadOnlyList<EnrollmentSchool> Schools);

/// <summary>
/// Learner files of the kind schools send, generated from a seed, so that the accuracy tests do not fit one sample: a
/// registry with schools whose names differ only by a trailing number, headers in one of the region's languages with
/// hints, numbering and marks, columns in any order, and the mess teachers make — typos in school names, stray symbols,
/// spaces, upper-cased names, grades written as text, dates in several styles, sex in several languages, whole rows
/// typed into one cell, repeated learners written differently — and invalid rows (no surname, an impossible date, an
/// unknown school), some of them typed into one cell too.
/// </summary>
public static class MessyLearnerFiles
{
    private static readonly string[] Towns = ["Bihać", "Cazin", "Bužim", "Ključ", "Sanski Most", "Prizren", "Gjilan", "Pejë", "Ferizaj", "Vushtrri"];

    private static readonly string[] SchoolNames =
    [
        "Harmani", "Brekovica", "Prekounje", "Pećigrad", "Ćoralići", "Mehmed Selimović", "Naim Frashëri", "Gjergj Fishta", "Ismail Qemali",
        "Ibrahim Rugova", "Safet Zajko", "Hasan Kikić", "Skender Kulenović", "Bedri Pejani", "Hasan Prishtina", "Mustafa Kamber",
        "Luigj Gurakuqi", "Ramiz Sadiku", "Ahmet Hromadžić", "Meša Selimović",
    ];

    private static readonly string[] Female =
    [
        "Amina", "Lejla", "Šejla", "Džana", "Ajla", "Emina", "Selma", "Jeta", "Ardita", "Blerta", "Erëza", "Vlora", "Fjolla", "Lirije", "Hana",
        "Nejla", "Melisa", "Arbnora", "Drita", "Mirela",
    ];

    private static readonly string[] Male =
    [
        "Emir", "Tarik", "Hamza", "Anes", "Faruk", "Harun", "Kenan", "Lavdim", "Arbër", "Dren", "Endrit", "Valon", "Besnik", "Ilir", "Mirza",
        "Adnan", "Damir", "Vedad", "Edin", "Gentrit",
    ];

    private static readonly string[] Surnames =
    [
        "Alić", "Bešić", "Hodžić", "Mehmedović", "Omerović", "Ćehajić", "Čaušević", "Kovačević", "Hadžić", "Muratović", "Rexhepi", "Hyseni",
        "Krasniqi", "Berisha", "Gashi", "Shala", "Morina", "Kastrati", "Bytyqi", "Halimi", "Zulfić", "Šabić", "Dizdarević", "Pašalić",
    ];

    // Header names per language: last, birth, school, first, sex, parent, grade.
    private static readonly string[][] Headers =
    [
        ["Mbiemri", "Datëlindja", "Shkolla", "Emri", "Gjinia", "Emri i prindit", "Klasa"],
        ["Prezime", "Datum rođenja", "Škola", "Ime", "Spol", "Ime roditelja", "Razred"],
        ["Презиме", "Датум рођења", "Школа", "Име", "Пол", "Име родитеља", "Разред"],
        ["Last name", "Date of birth", "School", "First name", "Sex", "Parent name", "Grade"],
        ["Soyadı", "Doğum tarihi", "Okul", "Adı", "Cinsiyet", "Veli adı", "Sınıf"],
    ];

    public static int Languages => Headers.Length;

    public static MessyFile Generate(int seed, int rows, int language)
    {
        var random = new Random(seed);
        var schools = Registry(random);
        var people = new List<(string First, string Parent, string Last, DateOnly Birth, string Sex, EnrollmentSchool School, int Grade)>();
        var truth = new List<TruthRow>();
        var valid = new List<int>();
        var order = Enumerable.Range(0, 7).OrderBy(_ => random.Next()).ToArray();
        var header = new string[7];
        for (var i = 0; i < 7; i++) header[i] = Hinted(Headers[language][order[i]], order[i], i, random);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', header.Select(Quote)));
        var nonsense = new[] { "JU OŠ \"Nepostojeća\" Bihać", "SHFMU \"Askund\" Prizren", "Shkolla e re" };

        for (var n = 0; n < rows; n++)
        {
            var roll = random.NextDouble();
            var mess = new List<string>();
            string kind;
            int person;
            if (roll < 0.06 && valid.Count > 10)
            {
                // A learner written again: one whose first row was a valid one (an invalid row's learner was never imported).
                kind = "duplicate";
                person = valid[random.Next(valid.Count)];
            }
            else
            {
                kind = roll < 0.085 ? "invalid" : "ok";
                var female = random.Next(2) == 0;
                var grade = random.Next(1, 13);
                var birth = new DateOnly(2025 - 6 - grade, 1, 1).AddDays(random.Next(365));
                var first = Pick(random, female ? Female : Male);
                // Some learners have two given names, as many do.
                if (random.NextDouble() < 0.03) first += " " + Pick(random, female ? Female : Male);
                people.Add((first, Pick(random, Male), Pick(random, Surnames), birth, female ? "F" : "M", Pick(random, schools), grade));
                person = people.Count - 1;
                if (kind == "ok") valid.Add(person);
            }
            var p = people[person];
            var cells = new string[7];
            cells[0] = p.Last;
            cells[1] = DateText(p.Birth, random);
            cells[2] = p.School.Name;
            cells[3] = p.First;
            cells[4] = SexText(p.Sex, random);
            cells[5] = p.Parent;
            cells[6] = p.Grade.ToString(CultureInfo.InvariantCulture);

            if (kind == "invalid")
            {
                switch (random.Next(3))
                {
                    case 0:
                        cells[0] = "";
                        mess.Add("invalid_last_name");
                        break;
                    case 1:
                        cells[1] = $"31.02.{p.Birth.Year}";
                        mess.Add("invalid_birth_date");
                        break;
                    default:
                        cells[2] = Pick(random, nonsense);
                        mess.Add("invalid_school");
                        break;
                }
            }
            else if (kind == "duplicate")
            {
                switch (random.Next(4))
                {
                    case 0:
                        cells[3] = cells[3].ToUpperInvariant();
                        break;
                    case 1:
                        cells[0] = cells[0] + "  ^";
                        cells[3] = " " + cells[3].Replace(" ", "  ", StringComparison.Ordinal);
                        break;
                    case 2:
                        cells[6] += ".";
                        break;
                    default:
                        cells[0] = cells[0].ToUpperInvariant();
                        break;
                }
                mess.Add("dup_variant");
            }

            if (random.NextDouble() < 0.12 && kind != "invalid")
            {
                // A typo that happens to write another school's name exactly could be told by nobody: typed again.
                string typo;
                do typo = Typo(p.School.Name, random); while (schools.Any(s => s.Name == typo));
                cells[2] = typo;
                mess.Add("school_typo");
            }
            if (random.NextDouble() < 0.06)
            {
                cells[3] = cells[3].ToUpperInvariant();
                mess.Add("case");
            }
            if (random.NextDouble() < 0.08)
            {
                var i = random.Next(7);
                cells[i] = "  " + cells[i].Replace(" ", "   ", StringComparison.Ordinal) + " ";
                mess.Add("spaces");
            }
            if (random.NextDouble() < 0.06)
            {
                var i = new[] { 0, 3, 5 }[random.Next(3)];
                cells[i] += Pick(random, ["^", "*", "`", "_", "#"]);
                mess.Add("junk_char");
            }
            if (random.NextDouble() < 0.06)
            {
                cells[6] = Pick(random, [$"Klasa {p.Grade}", $"{p.Grade}.", $"{p.Grade}-të", $"Razred {p.Grade}", $"kl. {p.Grade}"]);
                mess.Add("grade_text");
            }

            var written = new string[7];
            for (var i = 0; i < 7; i++) written[i] = cells[order[i]];
            if (random.NextDouble() < 0.025)
            {
                // The whole row typed into the first cell, in the file's column order.
                written = [string.Join(' ', written.Where(c => c.Trim().Length > 0).Select(c => c.Trim())), "", "", "", "", "", ""];
                mess.Add("one_cell");
            }
            csv.AppendLine(string.Join(';', written.Select(Quote)));
            var born = p.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            truth.Add(new TruthRow(n + 2, kind, person, p.First, p.Parent, p.Last, born, p.Sex,
                p.School.Code, p.Grade, mess));
        }
        return new MessyFile(csv.ToString(), truth, schools);
    }

    private static List<EnrollmentSchool> Registry(Random random)
    {
        var schools = new List<EnrollmentSchool>();
        var ns = Guid.Parse("0b5d7a61-2c1e-4f0a-9a9e-0f3e6d2c7b11");
        void Add(string name, string town)
        {
            var code = "G" + (1000 + schools.Count).ToString(CultureInfo.InvariantCulture);
            schools.Add(new EnrollmentSchool
            {
                Id = NameBasedGuid.Create(ns, code),
                Code = code,
                Name = name,
                Municipality = town,
                Level = "combined",
                Status = "open",
                Version = 1,
            });
        }
        // Each name in three towns (60 schools or so, as a municipality's file meets), and rarely twins: the same name with a
        // trailing number in the same town, as real registries have a few.
        foreach (var name in SchoolNames)
        {
            foreach (var town in Towns.OrderBy(_ => random.Next()).Take(3))
            {
                var prefix = Towns.Take(5).Contains(town) ? "JU OŠ" : "SHFMU";
                if (random.NextDouble() < 0.01)
                {
                    Add($"{prefix} \"{name} I\" {town}", town);
                    Add($"{prefix} \"{name} II\" {town}", town);
                }
                else
                {
                    Add($"{prefix} \"{name}\" {town}", town);
                }
            }
        }
        return schools;
    }

    private static string Hinted(string name, int field, int position, Random random) => random.Next(6) switch
    {
        0 when field == 6 => name + " (1-12)",
        1 when field == 1 => name + " [dd.mm.yyyy]",
        2 => $"{position + 1}. {name}",
        3 => name + " *",
        4 => name.ToUpperInvariant(),
        _ => name,
    };

    private static string DateText(DateOnly date, Random random) => random.Next(5) switch
    {
        0 => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        1 => date.ToString("d.M.yyyy", CultureInfo.InvariantCulture),
        2 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        3 => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        _ => date.ToString("dd.MM.yyyy.", CultureInfo.InvariantCulture),
    };

    private static string SexText(string sex, Random random) => sex == "F"
        ? Pick(random, ["F", "f", "Femër", "Ž", "ženski", "K", "female"])
        : Pick(random, ["M", "m", "Mashkull", "muški", "E", "male"]);

    // One letter dropped, doubled or swapped with the next, inside the school's own name (between the quotes), its trailing
    // number too: "Harmani II" typed "Harmani I" is the other school's name, which the truth still says is the first one's.
    private static string Typo(string name, Random random)
    {
        var start = name.IndexOf('"', StringComparison.Ordinal) + 1;
        var end = name.LastIndexOf('"');
        var letters = Enumerable.Range(start, end - start).Where(i => char.IsLetter(name[i]) && i + 1 < end && char.IsLetter(name[i + 1])).ToList();
        var at = letters[random.Next(letters.Count)];
        return random.Next(3) switch
        {
            0 => name.Remove(at, 1),
            1 => name.Insert(at, name[at].ToString()),
            _ => name[..at] + name[at + 1] + name[at] + name[(at + 2)..],
        };
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Quote(string cell) => cell.Contains(';') || cell.Contains('"') ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
