namespace Emis.Platform.EventLog;

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PersonalDataAttribute(PersonalDataHandling handling = PersonalDataHandling.Pseudonymise) : Attribute
{
    public PersonalDataHandling Handling { get; } = handling;
}
