using Emis.Platform.Imports;
using School = Emis.Platform.Tests.SchoolMatcherTests.School;

namespace Emis.Platform.Tests;

public sealed class OneCellTests
{
    public enum StaffField
    {
        LastName,
        FirstName,
        BirthDate,
        School,
        SchoolCode,
        Fte,
    }

    private sealed class StaffShape : OneCellShape<StaffField>
    {
        public override StaffField School => StaffField.School;
        public override StaffField SchoolCode => StaffField.SchoolCode;
        public override StaffField FirstName => StaffField.FirstName;
        public override IReadOnlyList<StaffField> GivenNames { get; } = [StaffField.FirstName];
        public override StaffField Surname => StaffField.LastName;

        public override (int Min, int Max) Span(StaffField field, int remaining) => field switch
        {
            StaffField.LastName or StaffField.FirstName => (1, 3),
            StaffField.School => (1, Math.Max(1, remaining)),
            _ => (1, 1),
        };

        public override bool Fits(StaffField field, string text, ReadOnlySpan<string> words) => field switch
        {
            StaffField.LastName or StaffField.FirstName => IsName(words),
            StaffField.BirthDate => IsDate(text),
            StaffField.Fte => decimal.TryParse(text.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture, out _),
            _ => true,
        };
    }

    private static readonly ColumnCatalogue<StaffField> Catalogue = new(
        [(StaffField.LastName, "surname"), (StaffField.BirthDate, "born"), (StaffField.School, "school"), (StaffField.FirstName, "name"),
            (StaffField.Fte, "fte")],
        f => f.ToString(), [[StaffField.LastName]]);

    [Fact]
    public void a_row_typed_into_one_cell_is_split_in_the_headers_order_with_a_known_school()
    {
        var columns = Catalogue.Map(["surname", "born", "school", "name", "fte"], "staff.csv");
        var row = new SheetRow(2, ["Delić 12.08.1979 JU OŠ \"Prekounje\" Hana 50%", "", "", "", ""]);
        Assert.True(OneCell.IsOneCell(row, columns.Width, out _));

        var draft = new PersonDraft { Row = 2 };
        var reading = OneCell.Read<StaffField, School>(row.Cells[0], columns, new StaffShape(), SchoolMatcherTests.Matcher(), draft);

        Assert.NotNull(reading);
        Assert.Equal("Delić", reading[StaffField.LastName]);
        Assert.Equal("JU OŠ \"Prekounje\"", reading[StaffField.School]);
        Assert.Equal("Hana", reading[StaffField.FirstName]);
        Assert.Equal("50%", reading[StaffField.Fte]);
        Assert.Equal("row", Assert.Single(draft.Corrections).Field);
    }

    [Fact]
    public void a_cell_without_a_known_school_is_held_for_review()
    {
        var columns = Catalogue.Map(["surname", "born", "school", "name", "fte"], "staff.csv");
        var draft = new PersonDraft { Row = 2 };
        Assert.Null(OneCell.Read<StaffField, School>("Delić 12.08.1979 Gymnasium Mostar Hana 1", columns, new StaffShape(),
            SchoolMatcherTests.Matcher(), draft));
        Assert.Equal("ONE_CELL_UNREADABLE", Assert.Single(draft.Doubts).Code);
    }

    [Fact]
    public void a_value_in_one_cell_of_a_wide_row_without_spaces_is_incomplete()
    {
        Assert.False(OneCell.IsOneCell(new SheetRow(2, ["Delić", "", "", ""]), 4, out var incomplete));
        Assert.True(incomplete);
    }
}
