using System.Globalization;

namespace Emis.Enrollment.Schools;

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
