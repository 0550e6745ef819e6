namespace Emis.Platform.EventLog;

/// <summary>
/// Marks an event type as being about one person (a learner, a member of staff, an account holder), even where none of
/// its fields is personal data in itself: readers of the log then treat what is said about it in free text (the reason
/// a change was made, such as a withdrawal note) as personal data too, and withhold it from callers without the
/// personal-data grant. A module marks its own events; the platform holds no list of which ids are people.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AboutPersonAttribute : Attribute;
