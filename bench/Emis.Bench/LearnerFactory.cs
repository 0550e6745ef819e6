using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Enrollment.Schools;

namespace Emis.Bench;

/// <summary>A school as the benchmark uses it: Enrollment's own copy, with the grades it teaches.</summary>
internal sealed record BenchSchool(Guid Id, string Code, string Municipality, string Level, int FirstGrade, int LastGrade)
{
    public static BenchSchool From(EnrollmentSchool school) =>
        new(school.Id, school.Code, school.Municipality, school.Level, school.Grades.First, school.Grades.Last);
}

/// <summary>
/// Plausible learners of a canton like Una-Sana, deterministic for a seed: Bosnian, Albanian and Turkish names with
/// their own letters (ë ç č ć đ š ž ğ ı ş), a birth date that fits the grade, guardian contacts for every child and
/// own contacts only from 13, and the disaggregation attributes mostly collected, sometimes not.
/// </summary>
internal sealed class LearnerFactory(int seed)
{
    public const string SchoolYear = "2025/2026";
    private static readonly DateOnly YearStart = new(2025, 9, 1);
    private static readonly string[] Sections = ["A", "B", "C"];

    private sealed record Group(string Language, string? Community, string[] Female, string[] Male, string[] Last);

    private static readonly Group Bosnian = new("bs", "Bosniak",
        ["Emina", "Ajla", "Lejla", "Amila", "Selma", "Šejla", "Džana", "Žana", "Merima", "Aida", "Ćamila", "Đulsa", "Naida", "Hana"],
        ["Amar", "Haris", "Tarik", "Edin", "Mirza", "Ćamil", "Dževad", "Đulaga", "Kenan", "Adnan", "Šemsudin", "Žarko", "Nedim", "Emir"],
        ["Hodžić", "Begić", "Delić", "Kovačević", "Hadžić", "Mujić", "Šabić", "Čaušević", "Ćehajić", "Đulić", "Žunić", "Softić", "Mehmedović",
            "Pašić"]);

    private static readonly Group Albanian = new("sq", "Albanian",
        ["Blerta", "Elona", "Jetmira", "Ermira", "Besë", "Mimoza", "Dritë", "Lumturie", "Shpresë", "Gëzime", "Vjosa", "Arbëresha"],
        ["Arbën", "Ardit", "Drilon", "Lirim", "Fatjon", "Gëzim", "Çlirim", "Qëndrim", "Ilir", "Bujar", "Shkëlzen", "Dritëro"],
        ["Krasniqi", "Berisha", "Gashi", "Hoxha", "Shala", "Morina", "Kelmendi", "Bytyçi", "Lleshi", "Dervishi", "Rexhepi", "Çela", "Thaçi"]);

    private static readonly Group Turkish = new("tr", "Turkish",
        ["Ayşe", "Elif", "Zeynep", "Işıl", "Çağla", "Ilgın", "Ayşegül", "Yağmur", "Gökçe", "Şule", "Büşra"],
        ["Mehmet", "Emre", "Buğra", "Gökhan", "Şükrü", "Doğan", "Ömer", "Çağrı", "Oğuz", "Barış", "İsmail"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Doğan", "Güneş", "Koç", "Kılıç", "Özdemir"]);

    private static readonly Disability[] Disabilities =
        [Disability.Visual, Disability.Hearing, Disability.Physical, Disability.Intellectual, Disability.Multiple, Disability.Other];

    private static readonly Displacement[] Displacements =
        [Displacement.InternallyDisplaced, Displacement.Refugee, Displacement.Returnee, Displacement.MigrantInTransit];

    private readonly Random _random = new(seed);
    private readonly DateOnly _today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A learner registered and enrolled at once in one of the given schools, in a grade the school teaches.</summary>
    public RegisterLearner Next(IReadOnlyList<BenchSchool> schools)
    {
        var school = schools[_random.Next(schools.Count)];
        return Next(school, _random.Next(school.FirstGrade, school.LastGrade + 1));
    }

    public RegisterLearner Next(BenchSchool school, int grade)
    {
        var roll = _random.NextDouble();
        var group = roll < 0.7 ? Bosnian : roll < 0.9 ? Albanian : Turkish;
        var sex = _random.Next(2) == 0 ? Sex.Female : Sex.Male;
        var first = Pick(sex == Sex.Female ? group.Female : group.Male);
        var last = Pick(group.Last);
        var parent = _random.NextDouble() < 0.9 ? Pick(group.Male) : null;

        // Age at the start of the school year is grade + 6, give or take the month of birth (and a few who started late).
        var age = grade + 6 + (_random.NextDouble() < 0.05 ? 1 : 0);
        var birthDate = YearStart.AddYears(-age).AddDays(-_random.Next(0, 365));

        var guardianName = $"{parent ?? Pick(group.Male)} {last}";
        var guardianEmail = _random.NextDouble() < 0.6 ? Email(guardianName) : null;
        var guardianPhone = Phone();
        string? email = null, phone = null;
        if (LearnerRules.AgeOn(birthDate, _today) >= LearnerRules.ContactsOfTheirOwnFromAge && _random.NextDouble() < 0.7)
        {
            email = Email($"{first} {last}");
            phone = _random.NextDouble() < 0.8 ? Phone() : null;
        }

        var language = group.Language == "bs" || _random.NextDouble() < 0.3 ? "bs" : group.Language;
        var disability = _random.NextDouble() switch
        {
            < 0.05 => (Disability?)null,
            < 0.10 => Disabilities[_random.Next(Disabilities.Length)],
            _ => Disability.None,
        };
        var community = _random.NextDouble() switch
        {
            < 0.25 => null,
            < 0.27 => "Roma",
            _ => group.Community,
        };
        var displacement = _random.NextDouble() switch
        {
            < 0.10 => (Displacement?)null,
            < 0.14 => Displacements[_random.Next(Displacements.Length)],
            _ => Displacement.None,
        };

        return new RegisterLearner(
            Guid.CreateVersion7(),
            first,
            parent,
            last,
            birthDate,
            sex,
            group.Language,
            language,
            disability,
            community,
            displacement,
            new LearnerContacts(email, phone, guardianName, guardianEmail, guardianPhone),
            new InitialEnrollment(SchoolYear, school.Id, grade, Sections[_random.Next(Sections.Length)]));
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private string Email(string name) =>
        $"{LearnerProfile.Fold(name).Replace(' ', '.')}{_random.Next(1, 1000)}@example.org";

    private string Phone() => $"+387 6{_random.Next(0, 7)} {_random.Next(100, 1000)} {_random.Next(100, 1000)}";
}
