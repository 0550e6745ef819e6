using Emis.Registry.Schools;
using Emis.Registry.Schools.ChangeSchoolStatus;
using Emis.Registry.Schools.ImportingSchools;
using Emis.Registry.Schools.RegisterSchool;
using Emis.Registry.Schools.SetSchoolLanguages;

namespace Emis.Registry.Tests;

public sealed class ValidatorTests
{
    [Fact]
    public void a_valid_registration_passes()
    {
        var result = new RegisterSchool.Validator().Validate(
            new RegisterSchool("SCH1000", "SHFMU \"Pjetër Bogdani\"", "Vushtrri", SchoolLevel.Primary, ["sq", "tr", "rom"]));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("", "Name", "Cazin", "Code")]
    [InlineData("has space", "Name", "Cazin", "Code")]
    [InlineData("SCH1", "", "Cazin", "Name")]
    [InlineData("SCH1", "Name", "", "Municipality")]
    public void a_registration_missing_or_malformed_names_the_field(string code, string name, string municipality, string field)
    {
        var result = new RegisterSchool.Validator().Validate(new RegisterSchool(code, name, municipality, SchoolLevel.Primary, []));
        Assert.Contains(result.Errors, e => e.PropertyName == field);
    }

    [Fact]
    public void an_unknown_language_is_named_with_its_position()
    {
        var result = new RegisterSchool.Validator().Validate(new RegisterSchool("S", "N", "M", SchoolLevel.Primary, ["bs", "xx"]));
        var error = Assert.Single(result.Errors);
        Assert.Equal("Languages[1]", error.PropertyName);
        Assert.Contains("'xx'", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void an_undefined_level_is_refused() =>
        Assert.False(new RegisterSchool.Validator().Validate(new RegisterSchool("S", "N", "M", (SchoolLevel)42, [])).IsValid);

    [Fact]
    public void a_status_change_needs_a_reason() =>
        Assert.Contains(new ChangeSchoolStatus.Validator().Validate(new ChangeSchoolStatus(Guid.NewGuid(), SchoolStatus.Closed, "  ")).Errors,
            e => e.PropertyName == "Reason");

    [Fact]
    public void setting_no_languages_is_refused() =>
        Assert.False(new SetSchoolLanguages.Validator().Validate(new SetSchoolLanguages(Guid.NewGuid(), [])).IsValid);

    [Theory]
    [InlineData("primary", SchoolLevel.Primary)]
    [InlineData("Lower secondary", SchoolLevel.LowerSecondary)]
    [InlineData("upper-secondary", SchoolLevel.UpperSecondary)]
    [InlineData("COMBINED", SchoolLevel.Combined)]
    [InlineData("kindergarten", null)]
    public void import_levels_are_read_in_their_usual_spellings(string text, SchoolLevel? expected) =>
        Assert.Equal(expected, SchoolImporter.ParseLevel(text));
}
