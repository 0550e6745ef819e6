namespace Emis.Platform.Auth;

/// <summary>One class section of a school: a grade and the section's name within it.</summary>
public sealed record ClassSection(int Grade, string Section)
{
    public override string ToString() => $"{Grade}:{Section}";

    public static IReadOnlyList<ClassSection> ParseList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var sections = new List<ClassSection>();
        foreach (var item in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var grade) && parts[1].Length > 0)
            {
                sections.Add(new ClassSection(grade, parts[1].ToUpperInvariant()));
            }
        }
        return sections;
    }
}
