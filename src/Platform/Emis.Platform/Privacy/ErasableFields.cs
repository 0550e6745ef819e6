using System.Collections.Concurrent;
using System.Reflection;
using Emis.Platform.EventLog;

namespace Emis.Platform.Privacy;

/// <summary>One field stored encrypted with its person's key.</summary>
/// <param name="Name">The property's name (matched case-insensitively against the JSON).</param>
/// <param name="Type">The property's type: what an erased value reads as depends on it.</param>
public sealed record ErasableField(string Name, Type Type)
{
    /// <summary>A date keeps its year after erasure (figures by age), and reads as 1 January of it.</summary>
    public bool KeepsYear => Type == typeof(DateOnly) || Type == typeof(DateOnly?);
}

/// <summary>
/// Which fields of an event type are encrypted with the person's key: every <see cref="PersonalDataAttribute"/> field of
/// an <see cref="AboutPersonAttribute"/> type, except those kept for figures; and which property names the person.
/// </summary>
public sealed record ErasableFields(string PersonIdProperty, IReadOnlyList<ErasableField> Fields)
{
    private static readonly string[] PersonIdNames = ["PersonId", "LearnerId", "StaffId"];
    private static readonly ConcurrentDictionary<Type, ErasableFields?> Cache = new();

    /// <summary>The type's erasable fields, or null when it has none (or names no person).</summary>
    public static ErasableFields? Of(Type type) => Cache.GetOrAdd(type, static t =>
    {
        if (t.GetCustomAttribute<AboutPersonAttribute>(inherit: false) is not { } about) return null;
        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var person = about.PersonIdProperty is { } named
            ? properties.FirstOrDefault(p => p.Name == named)
            : PersonIdNames.Select(n => properties.FirstOrDefault(p => p.Name == n)).FirstOrDefault(p => p is not null);
        if (person is null || person.PropertyType != typeof(Guid))
        {
            throw new InvalidOperationException($"{t.Name} is [AboutPerson] but has no Guid property naming the person; name it in the attribute.");
        }
        var marked = new Dictionary<string, PersonalDataAttribute>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            if (property.GetCustomAttribute<PersonalDataAttribute>() is { } a) marked[property.Name] = a;
        }
        // Positional records: attributes written on the parameter stay on the constructor's parameter.
        foreach (var parameter in t.GetConstructors().SelectMany(c => c.GetParameters()))
        {
            if (parameter.GetCustomAttribute<PersonalDataAttribute>() is { } a && parameter.Name is { } name) marked[name] = a;
        }
        var fields = properties
            .Where(p => marked.TryGetValue(p.Name, out var a) && !a.KeptForFigures)
            .Select(p => new ErasableField(p.Name, p.PropertyType))
            .ToList();
        return fields.Count == 0 ? null : new ErasableFields(person.Name, fields);
    });

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> PersonIds = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> MessagePersonIds = new();

    /// <summary>The person an event of this type is about.</summary>
    public Guid PersonOf(object data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return (Guid)PersonIds.GetOrAdd(data.GetType(), t => t.GetProperty(PersonIdProperty))!.GetValue(data)!;
    }

    /// <summary>
    /// The person a command or other message is about, by the same convention as events: its <c>PersonId</c>,
    /// <c>LearnerId</c> or <c>StaffId</c> (null when it has none, or it is empty).
    /// </summary>
    public static Guid? PersonIdOf(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var property = MessagePersonIds.GetOrAdd(message.GetType(), static t =>
            PersonIdNames.Select(n => t.GetProperty(n)).FirstOrDefault(p => p?.PropertyType == typeof(Guid)));
        return property?.GetValue(message) is Guid id && id != Guid.Empty ? id : null;
    }

    /// <summary>The distinct people the given events are about, for those of them with erasable fields.</summary>
    public static IEnumerable<Guid> PeopleOf(IEnumerable<object> events) =>
        events.Select(e => (Fields: Of(e.GetType()), Data: e)).Where(x => x.Fields is not null).Select(x => x.Fields!.PersonOf(x.Data)).Distinct();
}
