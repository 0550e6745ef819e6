namespace Emis.Budget.Tests;

/// <summary>One Emis host (Alba, real PostgreSQL) shared by the module's integration tests; each test works in its own jurisdiction.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<EmisHostFixture>
{
    public const string Name = "host";
}
