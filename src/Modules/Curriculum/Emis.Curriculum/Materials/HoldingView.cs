using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Curriculum.Materials;

/// <summary>A school's copies of one print title in one school year, by condition (one document per holding, kept inline).</summary>
public sealed class HoldingView
{
    public Guid Id { get; set; }
    public Guid SchoolId { get; set; }
    public string SchoolCode { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public Guid MaterialId { get; set; }
    public int Good { get; set; }
    public int Worn { get; set; }
    public int Unusable { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    /// <summary>Copies a learner can use: good and worn.</summary>
    public int Usable => Good + Worn;

    public int Total => Good + Worn + Unusable;
}

public sealed class HoldingProjection : SingleStreamProjection<HoldingView, Guid>
{
    public static HoldingView Create(IEvent<MaterialHoldingsRecorded> e) =>
        Apply(e, new HoldingView { Id = e.Data.HoldingId, RecordedAt = e.Timestamp });

    public static HoldingView Apply(IEvent<MaterialHoldingsRecorded> e, HoldingView view)
    {
        var d = e.Data;
        view.SchoolId = d.SchoolId;
        view.SchoolCode = d.SchoolCode;
        view.Municipality = d.Municipality;
        view.SchoolYear = d.SchoolYear;
        view.MaterialId = d.MaterialId;
        view.Good = d.Good;
        view.Worn = d.Worn;
        view.Unusable = d.Unusable;
        // Time and version from the event, never the clock.
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}

/// <summary>The identity of a holding: one stream per school, school year and title.</summary>
public static class MaterialHoldings
{
    private static readonly Guid Namespace = new("5e8a1c47-0b93-4f2d-9c6e-3a7d2b1f8e05");

    public static Guid IdOf(Guid schoolId, string schoolYear, Guid materialId) =>
        NameBasedGuid.Create(Namespace, $"{schoolId:N}|{schoolYear}|{materialId:N}");
}
