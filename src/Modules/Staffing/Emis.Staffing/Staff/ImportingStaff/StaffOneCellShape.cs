using Emis.Platform.Imports;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>
/// How the staff template's fields read in a row typed into one cell (<see cref="OneCell"/>): names of one to three
/// words that are not a role's words, one word for the birth date, sex, FTE and start date, one to three for the role,
/// contract type, level and qualification.
/// </summary>
public sealed class StaffOneCellShape : OneCellShape<StaffField>
{
    public static readonly StaffOneCellShape Instance = new();

    private StaffOneCellShape()
    {
    }

    public override StaffField School => StaffField.School;
    public override StaffField SchoolCode => StaffField.SchoolCode;
    public override StaffField FirstName => StaffField.FirstName;
    public override IReadOnlyList<StaffField> GivenNames { get; } = [StaffField.FirstName, StaffField.ParentName];
    public override StaffField Surname => StaffField.LastName;

    public override (int Min, int Max) Span(StaffField field, int remaining) => field switch
    {
        StaffField.LastName or StaffField.FirstName => (1, 3),
        StaffField.ParentName => (0, 3),
        StaffField.BirthDate or StaffField.Sex => (1, 1),
        StaffField.Role => (1, 3),
        StaffField.ContractType or StaffField.Level or StaffField.Qualification => (0, 3),
        StaffField.Fte or StaffField.StartDate => (0, 1),
        StaffField.Subjects => (0, 3),
        StaffField.School => (1, Math.Max(1, remaining)),
        _ => (0, 1),
    };

    public override bool Fits(StaffField field, string text, ReadOnlySpan<string> words) => field switch
    {
        StaffField.LastName or StaffField.FirstName or StaffField.ParentName => IsName(words, IsStaffWord),
        StaffField.BirthDate or StaffField.StartDate => IsDate(text),
        StaffField.Sex => IsSex(text),
        StaffField.Role => StaffCleaning.ParseRole(text) is not null,
        StaffField.ContractType => StaffCleaning.ParseContractType(text) is not null,
        StaffField.Fte => StaffCleaning.ParseFte(text) is not null,
        StaffField.Level => StaffCleaning.ParseLevel(text) is not null,
        StaffField.Qualification => StaffCleaning.ParseQualification(text) is not null,
        StaffField.Email => IsEmail(text),
        StaffField.Phone => IsPhone(text),
        StaffField.SchoolCode => IsSchoolCode(text),
        _ => true,
    };

    /// <summary>A word that is a role's or contract's, not a name ("Mësues", "Nastavnik").</summary>
    private static bool IsStaffWord(string word) => StaffCleaning.ParseRole(word) is not null || StaffCleaning.ParseContractType(word) is not null;
}
