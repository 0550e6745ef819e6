using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Emis.Platform.Imports;
using NPOI.HSSF.UserModel;

namespace Emis.Platform.Tests;

/// <summary>
/// Excel workbooks as schools save them, written with the formats' own libraries (the OpenXML SDK for XLSX, NPOI for
/// Excel 97-2003), read back through <see cref="SheetFile"/>.
/// </summary>
public sealed class ExcelSheetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void an_xlsx_reads_its_first_tab_with_dates_in_its_own_date_system(bool date1904)
    {
        var born = new DateTime(2014, 3, 5);
        var bytes = Xlsx(date1904, born);

        var sheet = SheetFile.Read(bytes, "nxenesit.xlsx", "the learner template");

        Assert.Equal("xlsx", sheet.Format);
        Assert.Equal(["Mbiemri", "Emri", "Datëlindja", "Klasa"], sheet.Header);
        var row = Assert.Single(sheet.Rows);
        Assert.Equal(2, row.Line);
        // The birth date a Mac Excel (1904) workbook stores is the same day, not four years off; the grade a number as written.
        Assert.Equal(["Đulić", "Šejla", "2014-03-05", "5"], row.Cells);
    }

    [Fact]
    public void an_excel_97_2003_workbook_is_read_like_an_xlsx()
    {
        var workbook = new HSSFWorkbook();
        var sheet = workbook.CreateSheet("Učenici");
        var header = sheet.CreateRow(0);
        string[] titles = ["Prezime", "Ime", "Datum rođenja", "Razred"];
        for (var i = 0; i < titles.Length; i++) header.CreateCell(i).SetCellValue(titles[i]);
        var row = sheet.CreateRow(2);
        row.CreateCell(0).SetCellValue("Čaušević");
        row.CreateCell(1).SetCellValue("Džana");
        var date = row.CreateCell(2);
        date.SetCellValue(new DateTime(2013, 11, 21));
        var style = workbook.CreateCellStyle();
        style.DataFormat = workbook.CreateDataFormat().GetFormat("d.m.yyyy");
        date.CellStyle = style;
        row.CreateCell(3).SetCellValue(6);
        using var stream = new MemoryStream();
        workbook.Write(stream);

        var read = SheetFile.Read(stream.ToArray(), "ucenici.xls", "the learner template");

        Assert.Equal("xls", read.Format);
        Assert.Equal(titles, read.Header);
        var only = Assert.Single(read.Rows);
        Assert.Equal(3, only.Line);
        Assert.Equal(["Čaušević", "Džana", "2013-11-21", "6"], only.Cells);
    }

    [Fact]
    public void a_workbook_that_is_not_one_is_refused_with_a_clear_message()
    {
        // An OLE file (the .xls signature) with nothing readable in it.
        byte[] broken = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[600]];
        var refused = Assert.Throws<UnreadableFileException>(() => SheetFile.Read(broken, "old.xls", "the learner template"));
        Assert.Equal("UNREADABLE_FILE", refused.Code);
        Assert.Contains("old.xls could not be read as an Excel workbook", refused.Message, StringComparison.Ordinal);
    }

    // A workbook whose first tab is stored in the second worksheet part (sheet2.xml): the tab order decides, not the names.
    private static byte[] Xlsx(bool date1904, DateTime born)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new WorkbookProperties { Date1904 = date1904 });
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill(), new Fill()), new Borders(new Border()),
                new CellStyleFormats(new CellFormat()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var notes = workbook.AddNewPart<WorksheetPart>();
            notes.Worksheet = new Worksheet(new SheetData(Row(1, Text("A1", "Udhëzime: plotësoni fletën e parë"))));
            var learners = workbook.AddNewPart<WorksheetPart>();
            var serial = (born - (date1904 ? new DateTime(1904, 1, 1) : new DateTime(1899, 12, 30))).TotalDays;
            learners.Worksheet = new Worksheet(new SheetData(
                Row(1, Text("A1", "Mbiemri"), Text("B1", "Emri"), Text("C1", "Datëlindja"), Text("D1", "Klasa")),
                Row(2, Text("A2", "Đulić"), Text("B2", "Šejla"),
                    new Cell { CellReference = "C2", StyleIndex = 1, CellValue = new CellValue(serial.ToString(CultureInfo.InvariantCulture)) },
                    new Cell { CellReference = "D2", CellValue = new CellValue("5") })));
            Assert.EndsWith("sheet2.xml", learners.Uri.ToString(), StringComparison.Ordinal);
            workbook.Workbook.AppendChild(new Sheets(
                new DocumentFormat.OpenXml.Spreadsheet.Sheet { Name = "Nxënësit", SheetId = 1, Id = workbook.GetIdOfPart(learners) },
                new DocumentFormat.OpenXml.Spreadsheet.Sheet { Name = "Udhëzime", SheetId = 2, Id = workbook.GetIdOfPart(notes) }));
        }
        return stream.ToArray();
    }

    private static Row Row(uint index, params Cell[] cells) => new(cells) { RowIndex = index };

    private static Cell Text(string reference, string text) =>
        new()
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text)),
        };
}
