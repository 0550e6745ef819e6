using System.Runtime.CompilerServices;
using Marten;
using Marten.Services;

namespace Emis.Platform.Privacy;

/// <summary>Turns on the encryption of personal fields for a store (adr/0024).</summary>
public static class PersonalDataEncryption
{
    private static readonly ConditionalWeakTable<object, PersonKeys> Stores = [];

    /// <summary>
    /// Adds <see cref="PersonalDataConverter"/> to Marten's serializer (every event and document it writes and reads,
    /// bulk writers included) and the key table to the schema.
    /// </summary>
    public static StoreOptions EncryptPersonalData(this StoreOptions options, PersonKeys keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Serializer() is not SystemTextJsonSerializer serializer)
        {
            throw new InvalidOperationException("Personal data encryption needs Marten's System.Text.Json serializer.");
        }
        serializer.Configure(json => json.Converters.Add(new PersonalDataConverter(keys)));
        options.Storage.ExtendedSchemaObjects.Add(PersonKeys.Table(options.DatabaseSchemaName));
        Stores.AddOrUpdate(options, keys);
        return options;
    }

    /// <summary>The keys of a store with encryption on (null otherwise).</summary>
    public static PersonKeys? KeysOf(IDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Stores.TryGetValue(store.Options, out var keys) ? keys : null;
    }
}
