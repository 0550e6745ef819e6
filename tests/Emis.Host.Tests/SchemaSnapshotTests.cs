using System.Runtime.CompilerServices;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Utilities;

namespace Emis.Host.Tests;

/// <summary>
/// Every change to the public GraphQL schema shows up in review: the printed schema must equal schema.graphql.
/// When it differs, the new schema is written beside it as schema.graphql.received; review it and copy it over.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SchemaSnapshotTests(EmisHostFixture host)
{
    [Fact]
    public void the_graphql_schema_matches_the_reviewed_snapshot()
    {
        var schema = host.Service<EmisSchema>();
        schema.Initialize();
        var printed = schema.Print(new PrintOptions { IncludeDescriptions = false }).ReplaceLineEndings("\n").Trim() + "\n";

        var snapshot = Path.Combine(SourceDirectory(), "schema.graphql");
        var received = snapshot + ".received";
        var expected = File.Exists(snapshot) ? File.ReadAllText(snapshot).ReplaceLineEndings("\n") : "";
        if (expected != printed)
        {
            File.WriteAllText(received, printed);
            Assert.Fail($"The GraphQL schema changed. Review {received} and, if intended, copy it to {snapshot}.");
        }
        if (File.Exists(received)) File.Delete(received);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
