using Emis.Platform.Imports;

namespace Emis.Platform.Tests;

public sealed class PersonCleaningTests
{
    private static readonly AgeBounds Staff = new(2025, 18, 75, "the start of the school year", "a member of staff");

    [Theory]
    [InlineData("  ALDINA  ", "Aldina")]
    [InlineData("ana - marija", "Ana-Marija")]
    [InlineData("o’brien", "O'Brien")]
    [InlineData("Šejla2", "Šejla")]
    [InlineData("McDonald", "McDonald")]
    public void names_are_cleaned_letter_for_letter(string written, string clean)
    {
        var draft = new PersonDraft { Row = 2 };
        Assert.Equal(clean, PersonCleaning.Name(written, "firstName", draft, required: true));
        Assert.Empty(draft.Errors);
    }

    [Fact]
    public void a_missing_required_name_is_an_error_naming_the_field()
    {
        var draft = new PersonDraft { Row = 2 };
        Assert.Null(PersonCleaning.Name(" 12 ", "lastName", draft, required: true));
        Assert.Equal(new RowProblem("lastName", "REQUIRED", "The last name has no letters."), Assert.Single(draft.Errors));
    }

    [Theory]
    [InlineData("04.03.1980", "1980-03-04")]
    [InlineData("4.3.1980.", "1980-03-04")]
    [InlineData("1980-03-04", "1980-03-04")]
    [InlineData("03/25/1980", "1980-03-25")]
    [InlineData("29221", "1980-01-01")]
    public void birth_dates_are_read_in_the_regions_ways(string written, string iso)
    {
        var draft = new PersonDraft { Row = 2 };
        Assert.Equal(DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture),
            PersonCleaning.BirthDate(written, draft, new DateOnly(2025, 11, 1), Staff));
    }

    [Fact]
    public void an_age_outside_the_importers_bounds_is_an_error_in_its_words()
    {
        var draft = new PersonDraft { Row = 2 };
        Assert.Null(PersonCleaning.BirthDate("01.01.2015", draft, new DateOnly(2025, 11, 1), Staff));
        Assert.Equal(
            new RowProblem("birthDate", "IMPLAUSIBLE_DATE",
                "01.01.2015 gives an age of 10 at the start of the school year; a member of staff is 18 to 75."),
            Assert.Single(draft.Errors));
    }

    [Fact]
    public void another_date_is_recorded_as_iso_with_a_correction()
    {
        var draft = new PersonDraft { Row = 2 };
        Assert.Equal(new DateOnly(2019, 9, 1), PersonCleaning.Date("1.9.2019", "startDate", draft, required: false));
        Assert.Equal(new Correction("startDate", "1.9.2019", "2019-09-01"), Assert.Single(draft.Corrections));
        Assert.Null(PersonCleaning.Date("soon", "startDate", draft, required: false));
        Assert.Equal("INVALID_DATE", Assert.Single(draft.Errors).Code);
    }

    [Theory]
    [InlineData("Femër", PersonSex.Female)]
    [InlineData("Ž", PersonSex.Female)]
    [InlineData("kadın", PersonSex.Female)]
    [InlineData("Muško", PersonSex.Male)]
    [InlineData("E", PersonSex.Male)]
    public void sex_is_read_in_the_regions_languages(string written, PersonSex sex) => Assert.Equal(sex, PersonCleaning.ParseSex(written));

    [Fact]
    public void contacts_are_cleaned_or_refused_on_their_field()
    {
        var draft = new PersonDraft { Row = 2 };
        Assert.Equal("jeta.hoxha@example.org", PersonCleaning.Email(" Jeta.Hoxha @Example.org", "email", draft));
        Assert.Equal("+38344123456", PersonCleaning.Phone("+383 44 123 456", "phone", draft));
        Assert.Null(PersonCleaning.Email("jeta at example", "email", draft));
        Assert.Null(PersonCleaning.Phone("12", "phone", draft));
        Assert.Equal(["email", "phone"], draft.Errors.Select(e => e.Field));
    }
}
