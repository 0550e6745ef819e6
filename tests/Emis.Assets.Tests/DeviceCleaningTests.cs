using Emis.Assets.Devices;
using Emis.Assets.Devices.ImportingDevices;
using Emis.Platform.Imports;

namespace Emis.Assets.Tests;

/// <summary>An inventory's cells as schools write them, read without a database.</summary>
public sealed class DeviceCleaningTests
{
    [Theory]
    [InlineData("Laptop", DeviceType.Laptop)]
    [InlineData("prijenosno računalo", DeviceType.Laptop)]
    [InlineData("Prenosni računar HP", DeviceType.Laptop)]
    [InlineData("kompjuter portativ", DeviceType.Laptop)]
    [InlineData("dizüstü bilgisayar", DeviceType.Laptop)]
    [InlineData("лаптоп", DeviceType.Laptop)]
    [InlineData("tabletë", DeviceType.Tablet)]
    [InlineData("iPad", DeviceType.Tablet)]
    [InlineData("računar", DeviceType.Desktop)]
    [InlineData("kompjuter", DeviceType.Desktop)]
    [InlineData("masaüstü bilgisayar", DeviceType.Desktop)]
    [InlineData("Projektori", DeviceType.Projector)]
    [InlineData("projeksiyon cihazı", DeviceType.Projector)]
    [InlineData("pametna ploča", DeviceType.InteractiveBoard)]
    [InlineData("Tabelë interaktive", DeviceType.InteractiveBoard)]
    [InlineData("akıllı tahta", DeviceType.InteractiveBoard)]
    [InlineData("SMART board", DeviceType.InteractiveBoard)]
    [InlineData("ruter", DeviceType.Router)]
    [InlineData("yönlendirici", DeviceType.Router)]
    [InlineData("štampač", DeviceType.Printer)]
    [InlineData("shtypës", DeviceType.Printer)]
    [InlineData("ostalo", DeviceType.Other)]
    public void device_types_are_read_in_the_regions_languages(string text, DeviceType type) => Assert.Equal(type, DeviceCleaning.ParseType(text));

    [Theory]
    [InlineData("toster")]
    [InlineData("")]
    [InlineData("123")]
    public void a_word_that_is_no_device_type_is_not_guessed(string text) => Assert.Null(DeviceCleaning.ParseType(text));

    [Theory]
    [InlineData("ispravan", DeviceState.Working)]
    [InlineData("në punë", DeviceState.Working)]
    [InlineData("pokvaren", DeviceState.Broken)]
    [InlineData("arızalı", DeviceState.Broken)]
    [InlineData("na servisu", DeviceState.InRepair)]
    [InlineData("i vjedhur", DeviceState.Stolen)]
    [InlineData("izgubljen", DeviceState.Lost)]
    [InlineData("otpisan", DeviceState.WrittenOff)]
    [InlineData("written off", DeviceState.WrittenOff)]
    public void device_states_are_read_in_the_regions_languages(string text, DeviceState state) =>
        Assert.Equal(state, DeviceCleaning.ParseState(text));

    [Theory]
    [InlineData("1.250,00 KM", 1250.00, "BAM")]
    [InlineData("1,250.00", 1250.00, null)]
    [InlineData("€ 900", 900, "EUR")]
    [InlineData("900 €", 900, "EUR")]
    [InlineData("KM 1250.5", 1250.5, "BAM")]
    [InlineData("1 250,75 EUR", 1250.75, "EUR")]
    [InlineData("1.250", 1250, null)]
    [InlineData("950,5", 950.5, null)]
    [InlineData("12.345.678,90 BAM", 12345678.90, "BAM")]
    public void costs_are_read_in_the_usual_styles(string text, double amount, string? currency)
    {
        Assert.Equal((decimal)amount, DeviceCleaning.ParseCost(text, out var written));
        Assert.Equal(currency, written);
    }

    [Theory]
    [InlineData("skupo")]
    [InlineData("oko 500 KM")]
    [InlineData("-100")]
    [InlineData("500 dinara i nešto")]
    public void what_is_no_amount_is_not_one(string text) => Assert.Null(DeviceCleaning.ParseCost(text, out _));

    [Fact]
    public void a_row_is_cleaned_with_its_corrections_and_its_problems_named_by_field()
    {
        var sheet = new Sheet(["Škola", "Serijski broj", "Vrsta", "Proizvođač", "Model", "Datum nabavke", "Cijena (KM)", "Stanje"], [], "csv");
        var columns = DeviceTemplate.Columns.Map(sheet.Header, "f.csv");
        var today = new DateOnly(2026, 3, 1);
        var good = DeviceCleaning.Clean(new SheetRow(2, ["OS-1", "sn 12-ab", "prijenosnik", "DELL", "Latitude", "2019", "1.250,00", "pokvaren"]),
            columns, "Cijena (KM)", today);
        Assert.Empty(good.Errors);
        Assert.Equal((DeviceType.Laptop, "Dell", new DateOnly(2019, 1, 1), 1250m, "BAM", DeviceState.Broken),
            (good.Type, good.Make, good.AcquiredOn, good.Cost, good.Currency, good.State));
        Assert.Contains(good.Corrections, c => c.Field == "acquiredOn" && c.To == "2019-01-01");

        var bad = DeviceCleaning.Clean(new SheetRow(3, ["OS-1", "1,23457E+11", "kettle", "", "", "31.02.2020", "skupo", ""]), columns, null, today);
        Assert.Equal(["serialNumber:INVALID", "type:INVALID", "make:REQUIRED", "model:REQUIRED", "acquiredOn:INVALID_DATE", "cost:INVALID"],
            bad.Errors.Select(e => $"{e.Field}:{e.Code}"));
    }
}
