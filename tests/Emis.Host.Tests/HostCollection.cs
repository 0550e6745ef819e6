namespace Emis.Host.Tests;

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<EmisHostFixture>
{
    public const string Name = "host";
}
