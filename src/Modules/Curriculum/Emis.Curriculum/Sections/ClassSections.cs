using System.Globalization;
using Emis.Platform.Events;

namespace Emis.Curriculum.Sections;

/// <summary>
/// The identity of a class section: one per school, school year, grade and letter (adr/0027). Derived, not drawn, so that an
/// enrolment or a teaching assignment written with a school, a year, a grade and a letter refers to exactly one section,
/// including those written before sections were entities.
/// </summary>
public static class ClassSections
{
    private static readonly Guid Namespace = new("6c1e9d07-3b52-4f8a-a2c4-0d7e5b19f3a6");

    /// <summary>A section's letter as stored: trimmed and upper case (the enrolments' own rule).</summary>
    public static string Letter(string letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return letter.Trim().ToUpperInvariant();
    }

    public static Guid IdOf(Guid schoolId, string schoolYear, int grade, string letter) =>
        NameBasedGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture, $"{schoolId:N}|{schoolYear}|{grade}|{Letter(letter)}"));
}
