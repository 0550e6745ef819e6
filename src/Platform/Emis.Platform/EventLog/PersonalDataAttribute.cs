namespace Emis.Platform.EventLog;

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PersonalDataAttribute(PersonalDataHandling handling = PersonalDataHandling.Pseudonymise) : Attribute
{
    public PersonalDataHandling Handling { get; } = handling;

    /// <summary>
    /// Kept in clear in the stored event, and so after the person's erasure: an attribute figures are disaggregated by
    /// (disability, community, displacement) that names no one once the names, contacts and birth date are gone. Still
    /// withheld or pseudonymised for readers without the personal-data grant. See adr/0024.
    /// </summary>
    public bool KeptForFigures { get; set; }
}
