namespace Emis.Platform.EventLog;

public enum PersonalDataHandling
{
    /// <summary>
    /// Replaced by a stable pseudonym: the same value gives the same pseudonym within a jurisdiction, so records can be linked, never read.
    /// </summary>
    Pseudonymise,

    /// <summary>Left out (null).</summary>
    Withhold,

    /// <summary>A date reduced to its year.</summary>
    YearOnly,
}
