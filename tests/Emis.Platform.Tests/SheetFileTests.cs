using System.Text;
using Emis.Platform.Imports;

namespace Emis.Platform.Tests;

public sealed class SheetFileTests
{
    [Fact]
    public void a_semicolon_csv_with_quotes_and_blank_lines_is_read_with_its_line_numbers()
    {
        var csv = "Mbiemri;Emri;Shkolla\r\n\r\nHoxha;Jeta;\"SHFMU \"\"Gjergj Fishta\"\"\"\r\n;;\r\nKrasniqi;Arben;\"two\nlines\"\r\n";
        var sheet = SheetFile.Read(Encoding.UTF8.GetBytes(csv), "staff.csv", "the staff template");

        Assert.Equal(["Mbiemri", "Emri", "Shkolla"], sheet.Header);
        Assert.Equal([3, 5], sheet.Rows.Select(r => r.Line));
        Assert.Equal("SHFMU \"Gjergj Fishta\"", sheet.Rows[0].Cells[2]);
        Assert.Equal("two\nlines", sheet.Rows[1].Cells[2]);
        Assert.StartsWith("csv (UTF-8, semicolon-separated)", sheet.Format, StringComparison.Ordinal);
    }

    [Fact]
    public void a_windows_1250_file_is_read_as_the_regions_letters()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1250).GetBytes("prezime,ime\nĐulić,Šejla\n");
        var sheet = SheetFile.Read(bytes, "x.csv", "the staff template");
        Assert.Equal("Đulić", sheet.Rows[0].Cells[0]);
        Assert.Contains("Windows-1250", sheet.Format, StringComparison.Ordinal);
    }

    [Fact]
    public void a_pdf_is_refused_naming_the_importers_template()
    {
        var refused = Assert.Throws<UnreadableFileException>(() => SheetFile.Read("%PDF-1.7"u8.ToArray(), "scan.pdf", "the staff template"));
        Assert.Equal("UNSUPPORTED_FORMAT", refused.Code);
        Assert.Contains("Emis reads the staff template as CSV or Excel (XLSX, XLS)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_empty_file_is_refused()
    {
        Assert.Equal("EMPTY_FILE", Assert.Throws<UnreadableFileException>(() => SheetFile.Read([], "empty.csv", "the staff template")).Code);
    }
}
