using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Emis.Platform.Observability;

/// <summary>Emis's own traces and metrics. Tags carry ids and operation names, never personal data.</summary>
public static class EmisTelemetry
{
    public const string Name = "Emis";
    public static readonly ActivitySource ActivitySource = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> GraphQLDuration =
        Meter.CreateHistogram<double>("emis.graphql.duration", "ms", "Duration of GraphQL operations");

    public static readonly Counter<long> CommandsRefused =
        Meter.CreateCounter<long>("emis.commands.refused", description: "Commands refused by validation or rules");
}
