using Emis.Platform.Events;
using Emis.Registry.Contracts;
using Marten;

namespace Emis.Budget.Schools;

/// <summary>
/// Budget's own copy of what it needs to know about a school, kept from the Registry's published <see cref="SchoolChangedV1"/>
/// events (a module never reads another module's tables).
/// </summary>
public sealed class BudgetSchool : IReferenceCopy
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Municipality { get; set; } = "";

    /// <summary>primary, lower_secondary, upper_secondary or combined (the Registry's levels).</summary>
    public string Level { get; set; } = "";
    public string Status { get; set; } = "";
    public long Version { get; set; }
}

/// <summary>Keeps <see cref="BudgetSchool"/> up to date from the Registry's durable local queue.</summary>
public static class BudgetSchoolDirectoryHandler
{
    public static Task Handle(SchoolChangedV1 message, IDocumentStore store, CancellationToken ct) =>
        ReferenceCopy.KeepAsync(store, message.Jurisdiction, new BudgetSchool
        {
            Id = message.SchoolId,
            Code = message.Code,
            Name = message.Name,
            Municipality = message.Municipality,
            Level = message.Level,
            Status = message.Status,
            Version = message.Version,
        }, ct);
}
