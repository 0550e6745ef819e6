using System.Globalization;
using Emis.Registry.Contracts;
using Marten;

namespace Emis.Enrollment.Schools;

/// <summary>
/// Enrollment's own copy of what it needs to know about a school, kept from the Registry's published
/// <see cref="SchoolChangedV1"/> events (a module never reads another module's tables).
/// </summary>
public sealed class EnrollmentSchool
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string Level { get; set; } = "";
    public string Status { get; set; } = "";
    public long Version { get; set; }

    public bool IsClosed => Status == "closed";

    public GradeRange Grades => GradeRange.For(Level);
}

/// <summary>
/// The grades a school level teaches, numbered continuously from the first year of primary (grade 10 is the first
/// year of upper secondary), as UIS statistics count them.
/// </summary>
public sealed record GradeRange(int First, int Last)
{
    public const int Lowest = 1;
    public const int Highest = 13;

    public bool Contains(int grade) => grade >= First && grade <= Last;

    public static GradeRange For(string level) => level switch
    {
        "primary" => new(1, 9),
        "lower_secondary" => new(6, 9),
        "upper_secondary" => new(10, 13),
        _ => new(Lowest, Highest),
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{First}–{Last}");
}

/// <summary>Keeps <see cref="EnrollmentSchool"/> up to date from the Registry's durable local queue.</summary>
public static class SchoolDirectoryHandler
{
    public static async Task Handle(SchoolChangedV1 message, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.LightweightSession(message.Jurisdiction);
        var existing = await session.LoadAsync<EnrollmentSchool>(message.SchoolId, ct);
        // Deliveries can arrive out of order after a retry: never let an older version win.
        if (existing is not null && existing.Version >= message.Version) return;
        session.Store(new EnrollmentSchool
        {
            Id = message.SchoolId,
            Code = message.Code,
            Name = message.Name,
            Municipality = message.Municipality,
            Level = message.Level,
            Status = message.Status,
            Version = message.Version,
        });
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>School years are written <c>2025/2026</c>: two consecutive calendar years.</summary>
public static class SchoolYear
{
    public static bool IsValid(string? text) => TryParse(text, out _);

    public static bool TryParse(string? text, out int startYear)
    {
        startYear = 0;
        if (text is null || text.Length != 9 || text[4] != '/') return false;
        return int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out startYear)
            && int.TryParse(text.AsSpan(5, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            && end == startYear + 1 && startYear is >= 1950 and <= 2200;
    }

    public static string Next(string year)
    {
        if (!TryParse(year, out var start)) throw new ArgumentException($"'{year}' is not a school year.", nameof(year));
        return string.Create(CultureInfo.InvariantCulture, $"{start + 1}/{start + 2}");
    }

    public const string FormatMessage = "A school year is written as two consecutive years, e.g. 2025/2026.";
}
