using Emis.Platform.Imports;

namespace Emis.Platform.Tests;

public sealed class ColumnCatalogueTests
{
    public enum StaffField
    {
        LastName,
        FirstName,
        School,
        SchoolCode,
        Fte,
        Role,
    }

    private static readonly ColumnCatalogue<StaffField> Catalogue = new(
        [
            (StaffField.LastName, "surname"), (StaffField.LastName, "mbiemri"), (StaffField.LastName, "prezime"),
            (StaffField.FirstName, "name"), (StaffField.FirstName, "emri"), (StaffField.FirstName, "ime"),
            (StaffField.School, "school"), (StaffField.School, "shkolla"), (StaffField.SchoolCode, "school code"),
            (StaffField.Fte, "fte"), (StaffField.Fte, "norma"), (StaffField.Role, "role"), (StaffField.Role, "pozicija"),
        ],
        f => f switch { StaffField.LastName => "last name", StaffField.FirstName => "first name", _ => f.ToString().ToLowerInvariant() },
        [[StaffField.LastName], [StaffField.FirstName], [StaffField.School, StaffField.SchoolCode]]);

    [Fact]
    public void headers_are_matched_in_any_order_case_accent_and_spacing()
    {
        var columns = Catalogue.Map(["  Émri ", "MBIEMRI", "Šifra", "School Code"], "staff.csv");
        Assert.Equal(0, columns[StaffField.FirstName]);
        Assert.Equal(1, columns[StaffField.LastName]);
        Assert.Equal(3, columns[StaffField.SchoolCode]);
        Assert.Null(columns[StaffField.School]);
        Assert.Equal(["Šifra"], columns.Ignored);
        Assert.Equal([StaffField.FirstName, StaffField.LastName, StaffField.SchoolCode], columns.Order);
    }

    [Theory]
    [InlineData("FTE (0-1)", StaffField.Fte)]
    [InlineData("Norma [%]", StaffField.Fte)]
    [InlineData("1. Prezime", StaffField.LastName)]
    [InlineData("2) Ime *", StaffField.FirstName)]
    [InlineData("Shkolla (emri i plotë)", StaffField.School)]
    public void hints_numbering_and_notes_around_a_name_are_tolerated(string header, StaffField field) =>
        Assert.Equal(field, Catalogue.Find(header));

    [Fact]
    public void the_first_column_of_a_field_wins_and_a_second_is_ignored()
    {
        var columns = Catalogue.Map(["surname", "name", "school", "Mbiemri"], "staff.csv");
        Assert.Equal(0, columns[StaffField.LastName]);
        Assert.Equal(["Mbiemri"], columns.Ignored);
    }

    [Fact]
    public void missing_columns_are_one_message_naming_them_with_examples()
    {
        var refused = Assert.Throws<UnreadableFileException>(() => Catalogue.Map(["surname", "FTE"], "staff.csv"));
        Assert.Equal("MISSING_COLUMNS", refused.Code);
        Assert.Equal(
            "staff.csv has no column for first name, school. The header row was: surname | FTE. Add the column (any of the usual names " +
            "works, e.g. first name: name, emri, ime; school: school, shkolla).", refused.Message);
    }

    [Fact]
    public void a_cell_beyond_a_short_row_is_null()
    {
        var columns = Catalogue.Map(["surname", "name", "school"], "staff.csv");
        Assert.Null(columns.Cell(new SheetRow(2, ["Hoxha"]), StaffField.School));
        Assert.Equal("Hoxha", columns.Cell(new SheetRow(2, ["Hoxha"]), StaffField.LastName));
    }
}
