using Microsoft.Extensions.Configuration;

namespace Emis.Platform.Privacy;

/// <summary>
/// How long a jurisdiction keeps a person's data after they left: <c>Emis:Privacy:Retention:&lt;kind&gt;Years</c>, overridden
/// per jurisdiction by <c>Emis:Privacy:Retention:&lt;jurisdiction&gt;:&lt;kind&gt;Years</c>. Defaults: learners 10 years after
/// their last enrolment ended, staff 10 years after their last contract ended.
/// </summary>
public sealed class RetentionRules(IConfiguration configuration)
{
    public const int DefaultYears = 10;

    /// <summary>The years a person of this kind (<c>Learner</c>, <c>Staff</c>) is kept after leaving, in the jurisdiction.</summary>
    public int YearsFor(string jurisdiction, string kind)
    {
        var section = configuration.GetSection("Emis:Privacy:Retention");
        var value = section[$"{jurisdiction}:{kind}Years"] ?? section[$"{kind}Years"];
        return value is not null && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var years) && years >= 0
            ? years
            : DefaultYears;
    }

    /// <summary>The first day erasure is allowed for someone of this kind who left on <paramref name="left"/>.</summary>
    public DateOnly Until(string jurisdiction, string kind, DateTimeOffset left) =>
        DateOnly.FromDateTime(left.UtcDateTime).AddYears(YearsFor(jurisdiction, kind));
}
