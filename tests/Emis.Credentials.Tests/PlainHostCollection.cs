namespace Emis.Credentials.Tests;

/// <summary>A host configured as out of the box (no Microsoft Graph), for what Credentials does without it.</summary>
[CollectionDefinition(Name)]
public sealed class PlainHostCollection : ICollectionFixture<EmisHostFixture>
{
    public const string Name = "plain-host";
}
