using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Emis.Platform.EventLog;

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PersonalDataAttribute(PersonalDataHandling handling = PersonalDataHandling.Pseudonymise) : Attribute
{
    public PersonalDataHandling Handling { get; } = handling;
}
