namespace Emis.Platform.EventLog;

/// <summary>
/// Marks an event type as being about one person (a learner, a member of staff, an account holder), even where none of
/// its fields is personal data in itself: readers of the log then treat what is said about it in free text (the reason
/// a change was made, such as a withdrawal note) as personal data too, and withhold it from callers without the
/// personal-data grant. A module marks its own events; the platform holds no list of which ids are people.
/// </summary>
/// <remarks>
/// The event's personal fields are stored encrypted with the person's own key (<see cref="Privacy.PersonKeys"/>), so that
/// erasing the person destroys the key and leaves the events unreadable where they name them (adr/0024). The person is
/// the <see cref="Guid"/> property named by <paramref name="personIdProperty"/>, by default the first of
/// <c>PersonId</c>, <c>LearnerId</c> or <c>StaffId</c> the event has.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AboutPersonAttribute(string? personIdProperty = null) : Attribute
{
    public string? PersonIdProperty { get; } = personIdProperty;
}
