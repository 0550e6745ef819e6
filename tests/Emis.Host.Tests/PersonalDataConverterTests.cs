using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Enrollment.Learners;
using Emis.Platform.Privacy;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>The sealed fields as Marten stores them (adr/0024): what is encrypted, what stays in clear, and what breaks a seal.</summary>
[Collection(ErasureCollection.Name)]
public sealed class PersonalDataConverterTests(ErasureHostFixture host)
{
    private static LearnerRegistered Registered(Guid id) => new(id, "Drita", "Agim", "Berisha", new DateOnly(2014, 5, 6), Sex.Female, "sq", "sq",
        Disability.Visual, "Ashkali", null, new LearnerContacts(null, null, "Agim Berisha", null, "+383 44 000 111"));

    private ISerializer Serializer => host.Service<IDocumentStore>().Options.Serializer();

    private JsonObject Stored(object value) => JsonNode.Parse(Serializer.ToJson(value))!.AsObject();

    private T Read<T>(JsonObject json) => (T)Serializer.FromJson(typeof(T), new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString())));

    [Fact]
    public async Task names_contacts_and_the_birth_date_are_sealed_the_attributes_figures_use_are_not_and_all_read_back()
    {
        var original = Registered(Guid.NewGuid());
        var json = Stored(original);

        foreach (var field in new[] { "FirstName", "ParentName", "LastName", "Contacts" })
        {
            Assert.StartsWith(PersonalDataConverter.Prefix + ":", json[field]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.StartsWith(PersonalDataConverter.Prefix + "2014:", json["BirthDate"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Drita", json.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("2014-05-06", json.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Ashkali", json["Community"]!.GetValue<string>());
        Assert.Equal(original.LearnerId, json["LearnerId"]!.GetValue<Guid>());
        Assert.Equal(original, Read<LearnerRegistered>(json));

        // The key is stored wrapped by the master key (nonce, tag and key), never as the 32 bytes themselves.
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select length(key) from emis.prv_person_keys where person_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = original.LearnerId });
        Assert.Equal(60, await command.ExecuteScalarAsync());
    }

    [Fact]
    public void a_sealed_value_moved_to_another_field_or_another_person_or_altered_does_not_open()
    {
        var one = Stored(Registered(Guid.NewGuid()));
        var swapped = one.DeepClone().AsObject();
        swapped["FirstName"] = one["LastName"]!.DeepClone();
        Assert.ThrowsAny<CryptographicException>(() => Read<LearnerRegistered>(swapped));

        var other = Stored(Registered(Guid.NewGuid()));
        other["FirstName"] = one["FirstName"]!.DeepClone();
        Assert.ThrowsAny<CryptographicException>(() => Read<LearnerRegistered>(other));

        var altered = one.DeepClone().AsObject();
        var text = altered["LastName"]!.GetValue<string>();
        altered["LastName"] = text[..^2] + (text[^2] == 'A' ? 'B' : 'A') + text[^1];
        Assert.ThrowsAny<CryptographicException>(() => Read<LearnerRegistered>(altered));
    }

    [Fact]
    public void an_event_stored_in_clear_before_encryption_still_reads()
    {
        var original = Registered(Guid.NewGuid());
        var clear = JsonNode.Parse(
            $$$"""
            {"LearnerId":"{{{original.LearnerId}}}","FirstName":"Drita","ParentName":"Agim","LastName":"Berisha","BirthDate":"2014-05-06","Sex":0,
             "MotherTongue":"sq","LanguageOfInstruction":"sq","Disability":1,"Community":"Ashkali","Displacement":null,
             "Contacts":{"Email":null,"Phone":null,"GuardianName":"Agim Berisha","GuardianEmail":null,"GuardianPhone":"+383 44 000 111"}}
            """)!.AsObject();
        Assert.Equal(original, Read<LearnerRegistered>(clear));
    }

    [Fact]
    public void once_the_key_is_gone_names_read_as_erased_the_birth_date_as_its_year_and_contacts_as_empty()
    {
        var original = Registered(Guid.NewGuid());
        var json = Stored(original);
        var keys = host.Service<PersonKeys>();
        using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            connection.Open();
            using var delete = new NpgsqlCommand("delete from emis.prv_person_keys where person_id = $1", connection);
            delete.Parameters.Add(new NpgsqlParameter { Value = original.LearnerId });
            Assert.Equal(1, delete.ExecuteNonQuery());
        }
        keys.Forget(original.LearnerId);

        var erased = Read<LearnerRegistered>(json);
        Assert.Equal(PersonalDataConverter.ErasedText, erased.FirstName);
        Assert.Equal(PersonalDataConverter.ErasedText, erased.LastName);
        Assert.Equal(new DateOnly(2014, 1, 1), erased.BirthDate);
        Assert.Equal(new LearnerContacts(null, null, null, null, null), erased.Contacts);
        Assert.Equal((Sex.Female, Disability.Visual, "Ashkali"), (erased.Sex, erased.Disability, erased.Community));
    }

    [Fact]
    public void another_node_stops_opening_an_erased_persons_fields_once_its_cached_key_is_older_than_the_key_cache_lifetime()
    {
        var person = Registered(Guid.NewGuid());
        Stored(person);
        PersonKeys Node(string seconds) => new(host.Service<NpgsqlDataSource>(), new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Emis:Privacy:MasterKey"] = host.Service<IConfiguration>()["Emis:Privacy:MasterKey"],
                ["Emis:Privacy:KeyCacheSeconds"] = seconds,
            }).Build());
        var holding = Node("3600");
        var fresh = Node("0");
        var key = holding.Find(person.LearnerId);
        Assert.NotNull(key);
        Assert.Equal(key, fresh.Find(person.LearnerId));

        using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            connection.Open();
            using var delete = new NpgsqlCommand("delete from emis.prv_person_keys where person_id = $1", connection);
            delete.Parameters.Add(new NpgsqlParameter { Value = person.LearnerId });
            Assert.Equal(1, delete.ExecuteNonQuery());
        }

        Assert.Null(fresh.Find(person.LearnerId));
        Assert.Equal(key, holding.Find(person.LearnerId));
    }
}
