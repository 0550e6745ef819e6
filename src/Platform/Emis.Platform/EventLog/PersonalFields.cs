using System.Collections.Concurrent;
using System.Reflection;

namespace Emis.Platform.EventLog;

public static class PersonalFields
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PersonalDataHandling>> Cache = new();

    /// <summary>Property name → handling, for the type's own properties (case-insensitive names).</summary>
    public static IReadOnlyDictionary<string, PersonalDataHandling> Of(Type type) => Cache.GetOrAdd(type, static t =>
    {
        var fields = new Dictionary<string, PersonalDataHandling>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<PersonalDataAttribute>() is { } a) fields[property.Name] = a.Handling;
        }
        // Positional records: attributes written on the parameter stay on the constructor's parameter.
        foreach (var constructor in t.GetConstructors())
        {
            foreach (var parameter in constructor.GetParameters())
            {
                if (parameter.GetCustomAttribute<PersonalDataAttribute>() is { } a && parameter.Name is { } name) fields[name] = a.Handling;
            }
        }
        return fields;
    });
}
