using Emis.Platform.Commands;
using Emis.Registry.Schools;
using Emis.Registry.Schools.ChangeSchoolStatus;
using Emis.Registry.Schools.MoveSchool;
using Emis.Registry.Schools.RegisterSchool;
using Emis.Registry.Schools.RenameSchool;
using Emis.Registry.Schools.SetSchoolLanguages;

namespace Emis.Registry.Tests;

/// <summary>The handlers' decisions, without a database.</summary>
public sealed class SchoolDecisionTests
{
    private static readonly School Open = new(Guid.NewGuid(), "SCH1", "JU OŠ Cazin I", "Cazin", SchoolLevel.Primary, SchoolStatus.Open, ["bs"]);

    [Fact]
    public void registering_normalises_the_code_and_cleans_the_names()
    {
        var e = RegisterSchoolHandler.Decide(
            new RegisterSchool(" sch-7 ", "  JU  OŠ   Ključ ", " Bihać ", SchoolLevel.Combined, ["BS", "hr", "bs"]), "una-sana", codeTaken: false);

        Assert.Equal("SCH-7", e.Code);
        Assert.Equal("JU OŠ Ključ", e.Name);
        Assert.Equal("Bihać", e.Municipality);
        Assert.Equal(["bs", "hr"], e.Languages);
        Assert.Equal(SchoolIdentity.For("una-sana", "sch-7"), e.SchoolId);
    }

    [Fact]
    public void registering_a_taken_code_is_refused_naming_the_code()
    {
        var ex = Assert.Throws<CommandRejectedException>(() =>
            RegisterSchoolHandler.Decide(new RegisterSchool("SCH1", "X", "Cazin", SchoolLevel.Primary, []), "una-sana", codeTaken: true));
        var error = Assert.Single(ex.Errors);
        Assert.Equal((ErrorCodes.Duplicate, "code"), (error.Code, error.Field));
    }

    [Fact]
    public void a_school_id_depends_on_jurisdiction_and_code_only()
    {
        Assert.Equal(SchoolIdentity.For("una-sana", "sch1"), SchoolIdentity.For("UNA-SANA", " SCH1 "));
        Assert.NotEqual(SchoolIdentity.For("una-sana", "SCH1"), SchoolIdentity.For("kosovo", "SCH1"));
        Assert.NotEqual(SchoolIdentity.For("una-sana", "SCH1"), SchoolIdentity.For("una-sana", "SCH2"));
        Assert.Equal(5, SchoolIdentity.For("una-sana", "SCH1").Version);
    }

    [Fact]
    public void renaming_to_the_same_name_is_refused_as_unchanged()
    {
        var ex = Assert.Throws<CommandRejectedException>(() => RenameSchoolHandler.Decide(new RenameSchool(Open.Id, " JU OŠ  Cazin I "), Open));
        Assert.Equal(ErrorCodes.Unchanged, ex.Errors[0].Code);
    }

    [Fact]
    public void renaming_records_the_old_and_new_name()
    {
        var e = RenameSchoolHandler.Decide(new RenameSchool(Open.Id, "JU OŠ Cazin Prvi"), Open);
        Assert.Equal(("JU OŠ Cazin I", "JU OŠ Cazin Prvi"), (e.From, e.Name));
        Assert.Equal("JU OŠ Cazin Prvi", Open.Apply(e).Name);
    }

    [Fact]
    public void moving_records_both_municipalities_and_refuses_a_move_to_the_same_one()
    {
        var e = MoveSchoolHandler.Decide(new MoveSchool(Open.Id, "Bužim"), Open);
        Assert.Equal(("Cazin", "Bužim"), (e.FromMunicipality, e.ToMunicipality));
        Assert.Throws<CommandRejectedException>(() => MoveSchoolHandler.Decide(new MoveSchool(Open.Id, "Cazin"), Open));
    }

    [Fact]
    public void a_status_change_keeps_the_reason_and_refuses_the_current_status()
    {
        var e = ChangeSchoolStatusHandler.Decide(new ChangeSchoolStatus(Open.Id, SchoolStatus.ClosedForEmergency, " flood "), Open);
        Assert.Equal((SchoolStatus.Open, SchoolStatus.ClosedForEmergency, "flood"), (e.From, e.To, e.Reason));
        Assert.Throws<CommandRejectedException>(
            () => ChangeSchoolStatusHandler.Decide(new ChangeSchoolStatus(Open.Id, SchoolStatus.Open, "x"), Open));
    }

    [Fact]
    public void setting_the_same_languages_in_another_order_is_unchanged()
    {
        var bilingual = Open with { Languages = ["bs", "hr"] };
        Assert.Throws<CommandRejectedException>(() => SetSchoolLanguagesHandler.Decide(new SetSchoolLanguages(Open.Id, ["HR", "bs"]), bilingual));
        Assert.Equal(["bs", "rom"], SetSchoolLanguagesHandler.Decide(new SetSchoolLanguages(Open.Id, ["bs", "rom"]), bilingual).Languages);
    }
}
