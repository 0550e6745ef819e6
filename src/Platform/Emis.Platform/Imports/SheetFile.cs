using System.IO.Compression;
using System.Text;
using System.Globalization;

namespace Emis.Platform.Imports;

/// <summary>A file that cannot be read as an import template at all: one clear message, nothing half-read.</summary>
public sealed class UnreadableFileException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>One line of the file as cells; <see cref="Line"/> is its line number (the header is line 1).</summary>
public sealed record SheetRow(int Line, string[] Cells);

/// <summary>A template read into cells: its header, its data rows, and how it was read.</summary>
public sealed record Sheet(string[] Header, IReadOnlyList<SheetRow> Rows, string Format);

/// <summary>
/// Reads an import template (a spreadsheet of people, whatever the importer): CSV separated by <c>,</c> <c>;</c> or
/// tab in UTF-8 (with or without BOM), UTF-16 or Windows-1250/1252, or an Excel workbook, XLSX or Excel 97-2003 XLS
/// (through ExcelDataReader: the first sheet in tab order, dates in the workbook's own date system; an XLSX's declared
/// decompressed size capped). Scans, images, PDFs, empty files and other binaries are refused before anything is read.
/// </summary>
public static class SheetFile
{
    /// <summary>The most an XLSX may decompress to (a zip bomb stops here, not in memory).</summary>
    public const long MaxDecompressedBytes = 200L * 1024 * 1024;

    /// <summary>The largest file accepted at all.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    static SheetFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The file's header and rows as cells, or <see cref="UnreadableFileException"/> with the reason.</summary>
    /// <param name="template">What the importer reads, as its refusals name it ("the learner template").</param>
    public static Sheet Read(byte[] content, string fileName, string template)
    {
        if (content.Length == 0) throw new UnreadableFileException("EMPTY_FILE", $"{fileName} is empty.");
        if (content.Length > MaxFileBytes)
        {
            throw new UnreadableFileException("FILE_TOO_LARGE", $"{fileName} is larger than {MaxFileBytes / 1024 / 1024} MB; split it by school.");
        }
        var kind = Sniff(content);
        return kind switch
        {
            "xlsx" => ReadExcel(content, fileName, binary: false),
            "xls" => ReadExcel(content, fileName, binary: true),
            "text" => ReadCsv(content, fileName),
            "pdf" => throw new UnreadableFileException(
                "UNSUPPORTED_FORMAT",
                $"{fileName} is a PDF. Emis reads {template} as CSV or Excel (XLSX, XLS); a PDF or a scan cannot be imported, please send the " +
                "spreadsheet itself."),
            "image" => throw new UnreadableFileException("UNSUPPORTED_FORMAT",
                $"{fileName} is an image (a scan or a photo). Emis reads {template} as CSV or Excel (XLSX, XLS); " +
                "please send the spreadsheet itself."),
            "zip" => throw new UnreadableFileException(
                "UNSUPPORTED_FORMAT", $"{fileName} is a zip archive or a document that is not an XLSX workbook."),
            _ => throw new UnreadableFileException(
                "UNSUPPORTED_FORMAT", $"{fileName} is not a text or spreadsheet file (it looks binary). Emis reads CSV or Excel (XLSX, XLS)."),
        };
    }

    private static string Sniff(byte[] b)
    {
        bool Starts(params byte[] magic) => b.Length >= magic.Length && b.AsSpan(0, magic.Length).SequenceEqual(magic);
        if (Starts("%PDF"u8.ToArray())) return "pdf";                                   // %PDF
        if (Starts(0x89, 0x50, 0x4E, 0x47) || Starts(0xFF, 0xD8, 0xFF) || Starts("GIF8"u8.ToArray())
            || Starts(0x49, 0x49, 0x2A, 0x00) || Starts(0x4D, 0x4D, 0x00, 0x2A) || Starts("BM"u8.ToArray())
            || (Starts("RIFF"u8.ToArray()) && b.Length > 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P'))
        {
            return "image";
        }
        if (Starts(0xD0, 0xCF, 0x11, 0xE0)) return "xls";
        if (Starts(0x50, 0x4B, 0x03, 0x04)) return IsXlsx(b) ? "xlsx" : "zip";
        // UTF-16 (Excel's "Unicode text") has NUL bytes but says so with its byte order mark.
        if (Starts(0xFF, 0xFE) || Starts(0xFE, 0xFF)) return "text";
        // Text: no NUL bytes and few control characters in the first 64 KiB (a UTF-16 file has NULs: refused).
        var sample = b.AsSpan(0, Math.Min(b.Length, 65536));
        var controls = 0;
        foreach (var x in sample)
        {
            if (x == 0) return "binary";
            if (x is < 0x09 or > 0x0D and < 0x20 and not 0x1B) controls++;
        }
        return controls > sample.Length / 100 ? "binary" : "text";
    }

    private static bool IsXlsx(byte[] b)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(b), ZipArchiveMode.Read);
            return zip.GetEntry("xl/workbook.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // ---- CSV ----

    private static Sheet ReadCsv(byte[] content, string fileName)
    {
        var (text, encoding) = Decode(content);
        var delimiter = Delimiter(text);
        var records = ParseCsv(text, delimiter);
        // Blank lines and rows with only empty cells are not people; trailing ones are ignored, inner ones too.
        var header = records.FirstOrDefault(r => r.Cells.Any(c => c.Trim().Length > 0))
            ?? throw new UnreadableFileException("EMPTY_FILE", $"{fileName} has no header and no rows.");
        var rows = records.Where(r => r.Line > header.Line && r.Cells.Any(c => c.Trim().Length > 0)).ToList();
        var name = delimiter switch { '\t' => "tab", ';' => "semicolon", _ => "comma" };
        return new Sheet(header.Cells, rows, $"csv ({encoding}, {name}-separated)");
    }

    /// <summary>
    /// UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1250 or -1252, whichever reads more like the region's languages.
    /// </summary>
    internal static (string Text, string Encoding) Decode(byte[] content)
    {
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
        {
            return (new UTF8Encoding(false, true).GetString(content, 3, content.Length - 3), "UTF-8 with BOM");
        }
        if (content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF)))
        {
            var unicode = content[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return (unicode.GetString(content, 2, content.Length - 2), "UTF-16");
        }
        try
        {
            return (new UTF8Encoding(false, true).GetString(content), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            var central = Encoding.GetEncoding(1250).GetString(content);
            var western = Encoding.GetEncoding(1252).GetString(content);
            return RegionalScore(central) >= RegionalScore(western) ? (central, "Windows-1250") : (western, "Windows-1252");
        }
    }

    // Letters of Albanian, Bosnian/Croatian/Serbian and Turkish score; letters these languages never use cost.
    private static int RegionalScore(string text)
    {
        var score = 0;
        foreach (var c in text)
        {
            if ("čćđšžČĆĐŠŽëËçÇğĞşŞıİüÜöÖ".Contains(c)) score += 2;
            else if ("èæðÐÈÆ¹¾ºª±¼½¿¡ÞþÕõÃã".Contains(c)) score -= 3;
        }
        return score;
    }

    private static char Delimiter(string text)
    {
        // Count each candidate outside quotes on the first lines; the one that splits lines most consistently wins.
        char[] candidates = [';', ',', '\t'];
        var lines = text.AsSpan(0, Math.Min(text.Length, 64 * 1024)).ToString().Split('\n').Take(20).ToArray();
        var best = ';';
        var bestScore = -1.0;
        foreach (var d in candidates)
        {
            var counts = lines.Take(20).Where(l => l.Trim().Length > 0).Select(l => CountOutsideQuotes(l, d)).ToList();
            if (counts.Count == 0 || counts[0] == 0) continue;
            var header = counts[0];
            var agreeing = counts.Count(c => c == header);
            var score = agreeing * 100.0 + header;
            if (score > bestScore)
            {
                bestScore = score;
                best = d;
            }
        }
        return best;
    }

    private static int CountOutsideQuotes(string line, char d)
    {
        var inQuotes = false;
        var n = 0;
        foreach (var c in line)
        {
            if (c == '"') inQuotes = !inQuotes;
            else if (c == d && !inQuotes) n++;
        }
        return n;
    }

    /// <summary>
    /// RFC 4180 records with their starting line numbers, through CsvHelper (quoted cells may span lines; a stray quote
    /// inside a cell is kept as written); every import reads CSV this way.
    /// </summary>
    internal static List<SheetRow> ParseCsv(string text, char delimiter)
    {
        var configuration = new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = CsvHelper.Configuration.TrimOptions.None,
        };
        var rows = new List<SheetRow>();
        using var parser = new CsvHelper.CsvParser(new StringReader(text), configuration);
        var before = 0;
        while (parser.Read())
        {
            // The record starts on the line after the last one the previous record ended on.
            rows.Add(new SheetRow(before + 1, parser.Record ?? []));
            before = parser.RawRow;
        }
        return rows;
    }

    // ---- Excel (XLSX and Excel 97-2003) ----

    // Through ExcelDataReader: the first sheet in tab order, dates as dates in the workbook's own date system (1900 or
    // the 1904 system Mac Excel saves), numbers as written, every row with its line number in the sheet.
    private static Sheet ReadExcel(byte[] content, string fileName, bool binary)
    {
        if (!binary)
        {
            // A zip bomb is refused on the sizes the parts declare, before anything is inflated (reading never passes them).
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.Entries.Sum(e => e.Length) > MaxDecompressedBytes)
            {
                throw new UnreadableFileException("FILE_TOO_LARGE",
                    $"{fileName} decompresses to more than {MaxDecompressedBytes / 1024 / 1024} MB; it is refused (split it, or save it as CSV).");
            }
        }
        var rows = new List<SheetRow>();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var configuration = new ExcelDataReader.ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding(1252) };
            using var reader = binary
                ? ExcelDataReader.ExcelReaderFactory.CreateBinaryReader(stream, configuration)
                : ExcelDataReader.ExcelReaderFactory.CreateOpenXmlReader(stream, configuration);
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = Text(reader.GetValue(i));
                rows.Add(new SheetRow(reader.Depth + 1, cells));
            }
        }
        catch (Exception e) when (e is not UnreadableFileException and (InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException
            or FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or NotSupportedException))
        {
            throw new UnreadableFileException("UNREADABLE_FILE",
                $"{fileName} could not be read as an Excel workbook ({e.Message}); save it again or as CSV.");
        }
        var header = rows.FirstOrDefault(r => r.Cells.Any(c => c.Trim().Length > 0))
            ?? throw new UnreadableFileException("EMPTY_FILE", $"{fileName} has no header and no rows.");
        var data = rows.Where(r => r.Line > header.Line && r.Cells.Any(c => c.Trim().Length > 0)).ToList();
        return new Sheet(header.Cells, data, binary ? "xls" : "xlsx");
    }

    /// <summary>A cell as text: a date as <c>yyyy-MM-dd</c> (with the time when it has one), a number as written, in invariant culture.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        DateTime date when date.TimeOfDay == TimeSpan.Zero => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime date => date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double number when number == Math.Floor(number) && Math.Abs(number) < 1e15 => number.ToString("0", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "TRUE" : "FALSE",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
