using Emis.Staffing.Staff;
using Emis.Staffing.Staff.ImportingStaff;

namespace Emis.Staffing.Tests;

public sealed class StaffParserTests
{
    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("0,5", 0.5)]
    [InlineData("0.5", 0.5)]
    [InlineData("50%", 0.5)]
    [InlineData("50 %", 0.5)]
    [InlineData("100%", 1.0)]
    [InlineData("1/2", 0.5)]
    [InlineData("75", 0.75)]
    [InlineData(" 0,25 ", 0.25)]
    public void a_full_time_equivalent_is_read_as_schools_write_it(string text, double expected) =>
        Assert.Equal((decimal)expected, StaffCleaning.ParseFte(text));

    [Theory]
    [InlineData("0")]
    [InlineData("1,5")]
    [InlineData("150%")]
    [InlineData("half")]
    [InlineData("-1")]
    public void a_full_time_equivalent_outside_0_to_1_or_not_a_number_is_refused(string text) => Assert.Null(StaffCleaning.ParseFte(text));

    [Theory]
    [InlineData("Mësues", StaffRole.Teacher)]
    [InlineData("mesuese", StaffRole.Teacher)]
    [InlineData("Nastavnik razredne nastave", StaffRole.Teacher)]
    [InlineData("Öğretmen", StaffRole.Teacher)]
    [InlineData("Teacher", StaffRole.Teacher)]
    [InlineData("Drejtoreshë", StaffRole.Director)]
    [InlineData("Direktor", StaffRole.Director)]
    [InlineData("Okul Müdürü", StaffRole.Director)]
    [InlineData("Pedagog", StaffRole.Pedagogue)]
    [InlineData("Psiholog", StaffRole.Pedagogue)]
    [InlineData("Sekretar", StaffRole.Administrative)]
    [InlineData("Računovođa", StaffRole.Administrative)]
    [InlineData("Pastruese", StaffRole.Support)]
    [InlineData("Higijeničarka", StaffRole.Support)]
    public void a_role_is_recognised_in_the_regions_languages(string text, StaffRole expected) =>
        Assert.Equal(expected, StaffCleaning.ParseRole(text));

    [Fact]
    public void an_unknown_role_is_not_guessed() => Assert.Null(StaffCleaning.ParseRole("Astronaut"));

    [Theory]
    [InlineData("ISCED1", EducationLevel.Isced1)]
    [InlineData("isced 2", EducationLevel.Isced2)]
    [InlineData("1", EducationLevel.Isced1)]
    [InlineData("razredna nastava", EducationLevel.Isced1)]
    [InlineData("I–V", EducationLevel.Isced1)]
    [InlineData("I - V", EducationLevel.Isced1)]
    [InlineData("1-5", EducationLevel.Isced1)]
    [InlineData("mësim klasor", EducationLevel.Isced1)]
    [InlineData("VI–IX", EducationLevel.Isced2)]
    [InlineData("predmetna nastava", EducationLevel.Isced2)]
    [InlineData("Ortaokul", EducationLevel.Isced2)]
    [InlineData("X-XII", EducationLevel.Isced3)]
    [InlineData("srednja škola", EducationLevel.Isced3)]
    [InlineData("parashkollor", EducationLevel.Isced0)]
    public void a_level_is_read_as_a_word_a_range_of_grades_or_an_isced_level(string text, EducationLevel expected) =>
        Assert.Equal(expected, StaffCleaning.ParseLevel(text));

    [Theory]
    [InlineData("VSS", 6)]
    [InlineData("Bachelor", 6)]
    [InlineData("Fakultet", 6)]
    [InlineData("Fakulteti i Edukimit", 6)]
    [InlineData("Lisans", 6)]
    [InlineData("Master", 7)]
    [InlineData("Magistar", 7)]
    [InlineData("Yüksek Lisans", 7)]
    [InlineData("VŠS", 5)]
    [InlineData("Viša", 5)]
    [InlineData("Shkolla e Lartë Pedagogjike", 5)]
    [InlineData("SSS", 3)]
    [InlineData("Srednja", 3)]
    [InlineData("Dr", 8)]
    [InlineData("Dr.", 8)]
    [InlineData("PhD", 8)]
    [InlineData("ISCED 7", 7)]
    public void a_qualification_word_gives_the_isced_level_of_the_degree(string text, int expected) =>
        Assert.Equal(expected, StaffCleaning.ParseQualification(text));

    [Fact]
    public void an_unknown_qualification_is_not_guessed() => Assert.Null(StaffCleaning.ParseQualification("kurs vozačke"));

    [Theory]
    [InlineData("i përhershëm", ContractType.Permanent)]
    [InlineData("na neodređeno", ContractType.Permanent)]
    [InlineData("Kadrolu", ContractType.Permanent)]
    [InlineData("me afat të caktuar", ContractType.FixedTerm)]
    [InlineData("na određeno vrijeme", ContractType.FixedTerm)]
    [InlineData("Sözleşmeli", ContractType.FixedTerm)]
    [InlineData("zëvendësuese", ContractType.Substitute)]
    [InlineData("zamjena", ContractType.Substitute)]
    public void a_contract_type_is_recognised_in_the_regions_languages(string text, ContractType expected) =>
        Assert.Equal(expected, StaffCleaning.ParseContractType(text));

    [Theory]
    [InlineData("Mbiemri", StaffField.LastName)]
    [InlineData("Prezime", StaffField.LastName)]
    [InlineData("Soyadı", StaffField.LastName)]
    [InlineData("Surname", StaffField.LastName)]
    [InlineData("Pozita", StaffField.Role)]
    [InlineData("Radno mjesto", StaffField.Role)]
    [InlineData("Görev", StaffField.Role)]
    [InlineData("Norma (0-1)", StaffField.Fte)]
    [InlineData("Angažman", StaffField.Fte)]
    [InlineData("FTE", StaffField.Fte)]
    [InlineData("Kualifikimi", StaffField.Qualification)]
    [InlineData("Stručna sprema", StaffField.Qualification)]
    [InlineData("Okul kodu", StaffField.SchoolCode)]
    public void a_header_is_found_by_its_synonyms_and_hints(string header, StaffField expected) =>
        Assert.Equal(expected, StaffTemplate.Columns.Find(header));

    /// <summary>The staff import gets issue 21's reading of files too: a school column headed in words no catalogue has.</summary>
    [Fact]
    public void a_school_column_whose_header_is_not_recognised_is_found_by_its_values()
    {
        var schools = new[]
        {
            new Schools.StaffingSchool { Id = Guid.NewGuid(), Code = "SHF-01", Name = "Shkolla Fillore \"Naim Frashëri\"", Municipality = "Prizren" },
            new Schools.StaffingSchool { Id = Guid.NewGuid(), Code = "OS-02", Name = "JU OŠ \"Prekounje\"", Municipality = "Bihać" },
        };
        var csv = "Mbiemri;Emri;Gjinia;Datëlindja;Vendi i punës;Pozita\n" + string.Join('\n', Enumerable.Range(0, 8).Select(i =>
            $"Krasniqi;Arbër;M;12.03.1980;{schools[i % 2].Name.Replace("\"", "\"\"", StringComparison.Ordinal).Insert(0, "\"")}\";Mësues")) + "\n";
        var sheet = StaffTemplate.Read(System.Text.Encoding.UTF8.GetBytes(csv), "staff.csv");

        var columns = StaffTemplate.Map(sheet, "staff.csv", new Platform.Imports.SchoolMatcher<Schools.StaffingSchool>(schools));

        Assert.Equal(4, columns[StaffField.School]);
        Assert.Equal("column 5 ('Vendi i punës') read as school (name or code) from its values", Assert.Single(columns.Inferred));
    }
}
