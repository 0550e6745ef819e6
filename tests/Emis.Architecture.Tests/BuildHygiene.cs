using System.Text.RegularExpressions;

namespace Emis.Architecture.Tests;

/// <summary>
/// The repository's build hygiene, checked on text so that the checks can be proved on samples: C# lines at most
/// <see cref="MaxLineLength"/> characters, and no warning suppressed without a comment saying why.
/// </summary>
public static partial class BuildHygiene
{
    /// <summary>The widest a line of C# may be (the .editorconfig's <c>max_line_length</c>).</summary>
    public const int MaxLineLength = 150;

    /// <summary>A suppression's comment must hold at least this many words to say why.</summary>
    private const int MinReasonWords = 3;

    /// <summary>Written by <c>./emis codegen</c>, checked against a fresh generation and never edited by hand.</summary>
    public static readonly string GeneratedFolder = Path.Combine("src", "Host", "Emis.Host", "Internal", "Generated");

    /// <summary>The C# files under src, tests and bench that people write (no build output, no generated code).</summary>
    public static IReadOnlyList<string> CSharpFiles(string root) =>
        [.. new[] { "src", "tests", "bench" }
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(path => IsWrittenByHand(root, path))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every file that can suppress a warning: C# (<c>#pragma warning disable</c>, <c>SuppressMessage</c>), MSBuild
    /// (<c>NoWarn</c>) and analyzer configuration (<c>dotnet_diagnostic.*.severity = none</c>).
    /// </summary>
    public static IReadOnlyList<string> SuppressingFiles(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => KindOf(path) is not FileKind.Other)
            .Where(path => IsWrittenByHand(root, path))
            .Order(StringComparer.Ordinal)];

    /// <summary>Each line of <paramref name="text"/> wider than <see cref="MaxLineLength"/>, as "path:line (N characters)".</summary>
    public static IEnumerable<string> LongLines(string path, string text) =>
        Lines(text)
            .Select((line, index) => (Line: line, Number: index + 1))
            .Where(line => line.Line.Length > MaxLineLength)
            .Select(line => $"{path}:{line.Number} ({line.Line.Length} characters)");

    /// <summary>
    /// Each warning suppression in <paramref name="text"/> that no comment explains, as "path:line: the line". A
    /// suppression is explained by a comment of at least <see cref="MinReasonWords"/> words on its own line or on the
    /// line or lines just above it (for <c>SuppressMessage</c>, a <c>Justification</c> does as well).
    /// </summary>
    public static IEnumerable<string> UnexplainedSuppressions(string path, string text)
    {
        var kind = KindOf(path);
        var lines = Lines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsSuppression(kind, lines[i]) && !IsExplained(kind, lines, i))
            {
                yield return $"{path}:{i + 1}: {lines[i].Trim()}";
            }
        }
    }

    private enum FileKind { Other, CSharp, MSBuild, AnalyzerConfig }

    private static FileKind KindOf(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".cs", StringComparison.Ordinal)) return FileKind.CSharp;
        if (name.EndsWith(".csproj", StringComparison.Ordinal) || name.EndsWith(".props", StringComparison.Ordinal)
            || name.EndsWith(".targets", StringComparison.Ordinal))
        {
            return FileKind.MSBuild;
        }
        if (name == ".editorconfig" || name.EndsWith(".globalconfig", StringComparison.Ordinal)) return FileKind.AnalyzerConfig;
        return FileKind.Other;
    }

    private static bool IsSuppression(FileKind kind, string line) => kind switch
    {
        FileKind.CSharp => PragmaDisable().IsMatch(line) || SuppressMessage().IsMatch(line),
        FileKind.MSBuild => NoWarn().IsMatch(line),
        FileKind.AnalyzerConfig => SeverityNone().IsMatch(line),
        _ => false,
    };

    private static bool IsExplained(FileKind kind, string[] lines, int index)
    {
        var line = lines[index];
        if (kind is FileKind.CSharp && Justification().IsMatch(line)) return true;
        if (Reason(InlineComment(kind, line))) return true;

        // The comment just above: the contiguous comment lines ending on the line before the suppression.
        var above = new List<string>();
        for (var i = index - 1; i >= 0; i--)
        {
            var previous = lines[i].Trim();
            if (kind is FileKind.MSBuild)
            {
                // An XML comment, possibly over several lines, that ends just above.
                if (above.Count == 0 && !previous.EndsWith("-->", StringComparison.Ordinal)) break;
                above.Add(previous);
                if (previous.StartsWith("<!--", StringComparison.Ordinal)) break;
                continue;
            }
            var marker = kind is FileKind.CSharp ? "//" : "#";
            if (!previous.StartsWith(marker, StringComparison.Ordinal)
                && !(kind is FileKind.AnalyzerConfig && previous.StartsWith(';')))
            {
                break;
            }
            above.Add(previous);
        }
        return Reason(string.Join(' ', above));
    }

    /// <summary>The comment on the suppression's own line, after it.</summary>
    private static string InlineComment(FileKind kind, string line)
    {
        switch (kind)
        {
            case FileKind.CSharp:
                var slash = line.IndexOf("//", StringComparison.Ordinal);
                return slash < 0 ? "" : line[(slash + 2)..];
            case FileKind.MSBuild:
                var open = line.IndexOf("<!--", StringComparison.Ordinal);
                return open < 0 ? "" : line[(open + 4)..];
            default:
                // An .editorconfig allows comments on their own lines only.
                return "";
        }
    }

    private static bool Reason(string comment) =>
        Words().Matches(comment.Replace("<!--", " ").Replace("-->", " ")).Count >= MinReasonWords;

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');

    private static bool IsWrittenByHand(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative.StartsWith(GeneratedFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return false;
        var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return !parts.Any(part => part is "bin" or "obj" or ".git" or ".emis" or "node_modules" or "TestResults");
    }

    [GeneratedRegex(@"^\s*#\s*pragma\s+warning\s+disable\b")]
    private static partial Regex PragmaDisable();

    [GeneratedRegex(@"[\[,]\s*((assembly|module)\s*:\s*)?(System\.Diagnostics\.CodeAnalysis\.)?SuppressMessage(Attribute)?\s*\(")]
    private static partial Regex SuppressMessage();

    [GeneratedRegex(@"\bJustification\s*=\s*""[^""]*\w+\s+\w+\s+\w+")]
    private static partial Regex Justification();

    [GeneratedRegex(@"<NoWarn\b|\bNoWarn\s*=")]
    private static partial Regex NoWarn();

    [GeneratedRegex(@"^\s*dotnet_(analyzer_)?diagnostic\.[^\s=]+\.severity\s*=\s*(none|silent)\b")]
    private static partial Regex SeverityNone();

    [GeneratedRegex(@"[\p{L}\p{N}]{2,}")]
    private static partial Regex Words();
}
