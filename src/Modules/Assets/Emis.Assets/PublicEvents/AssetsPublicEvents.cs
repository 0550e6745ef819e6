using Emis.Assets.Devices;
using Emis.Assets.Infrastructure;
using Emis.Assets.Norms;
using Emis.Assets.Proposals;
using Emis.Platform.EventLog;

namespace Emis.Assets.PublicEvents;

// Assets' public integration events. Buildings, services, connections and devices are public within the jurisdiction; who holds
// a device (a teacher, a learner on loan) is personal: partners without the personal-data grant see that it is held, not by whom.

/// <summary>Where a school is, as published.</summary>
public sealed record SchoolPlaceV1(Guid SchoolId, string SchoolCode, string Municipality, string Level);

[PublicEvent("assets.room_registered", 1, "A room of a school: its building, name, use (classroom, lab, library, gym, …) and capacity.")]
public sealed record RoomRegisteredV1(SchoolPlaceV1 School, Guid RoomId, string Building, string Name, string Kind, int? Capacity);

[PublicEvent("assets.room_changed", 1, "A room's building, name, use or capacity changed.")]
public sealed record RoomChangedV1(Guid RoomId, string Building, string Name, string Kind, int? Capacity);

[PublicEvent("assets.room_closed", 1, "A room was taken out of use.")]
public sealed record RoomClosedV1(Guid RoomId, string Reason);

/// <summary>A school's basic services (SDG 4.a.1) as published.</summary>
public sealed record BasicServicesV1(string Electricity, string Internet, bool Computers, bool Ramps, bool AccessibleToilets, bool AdaptedMaterials,
    bool DrinkingWater, bool SingleSexSanitation, bool Handwashing);

[PublicEvent("assets.basic_services_reported", 1, "A school's census answer about its basic services for a school year, or a correction of it.")]
public sealed record BasicServicesReportedV1(SchoolPlaceV1 School, string SchoolYear, string Kind, BasicServicesV1 Services, string? Reason);

[PublicEvent("assets.connection_recorded", 1, "A school's Internet connection from a date: type, bandwidth down and up, provider.")]
public sealed record ConnectionRecordedV1(SchoolPlaceV1 School, string Type, decimal DownMbps, decimal UpMbps, string? Provider, DateOnly Since);

[PublicEvent("assets.outage_reported", 1, "A school lost its connection.")]
public sealed record OutageReportedV1(Guid OutageId, DateOnly Started, string Description);

[PublicEvent("assets.outage_ended", 1, "A school's connection is back.")]
public sealed record OutageEndedV1(Guid OutageId, DateOnly Ended);

[PublicEvent("assets.device_registered", 1, "A device entered a school's inventory: type, make, model, serial number, cost and funding source.")]
public sealed record DeviceRegisteredV1(Guid DeviceId, string SerialNumber, string Type, string Make, string Model, DateOnly? AcquiredOn,
    decimal? Cost,
    string? Currency, string? FundingSource, SchoolPlaceV1 School, Guid? RoomId, string State);

[PublicEvent("assets.device_assigned", 1, "A device was given to a room or a teacher of its school.")]
public sealed record DeviceAssignedV1(Guid DeviceId, string Holder, Guid? RoomId,
    [property: PersonalData(PersonalDataHandling.Withhold)] Guid? StaffId,
    DateOnly On);

[PublicEvent("assets.device_loaned", 1, "A device was loaned to a learner of its school (distance learning), with its due date.")]
public sealed record DeviceLoanedV1(Guid DeviceId, [property: PersonalData(PersonalDataHandling.Withhold)] Guid? LearnerId, DateOnly DueOn,
    DateOnly On);

[PublicEvent("assets.device_returned", 1, "A device came back to its school's pool.")]
public sealed record DeviceReturnedV1(Guid DeviceId, DateOnly On);

[PublicEvent("assets.device_state_changed", 1, "A device broke, went to repair, was lost, stolen, found or written off, with the reason.")]
public sealed record DeviceStateChangedV1(Guid DeviceId, string From, string To,
    [property: PersonalData(PersonalDataHandling.Withhold)] string? Reason,
    DateOnly On);

[PublicEvent("assets.device_transferred", 1, "A device moved to another school.")]
public sealed record DeviceTransferredV1(Guid DeviceId, SchoolPlaceV1 From, SchoolPlaceV1 To, string Reason, DateOnly On);

/// <summary>A device norm as published.</summary>
public sealed record DeviceNormV1(string Code, string Description, string DeviceType, string Basis, int Quantity, int? LearnersPerDevice,
    int? GradeFrom,
    int? GradeTo);

[PublicEvent("assets.device_norm_set", 1,
    "A device norm of the jurisdiction: devices per classroom, per school, or one per so many learners of some grades.")]
public sealed record DeviceNormSetV1(DeviceNormV1 Norm);

[PublicEvent("assets.device_norm_removed", 1, "A device norm was removed.")]
public sealed record DeviceNormRemovedV1(string Code);

[PublicEvent("assets.bandwidth_norm_set", 1, "The least bandwidth down a school needs per learner, in Mbit/s.")]
public sealed record BandwidthNormSetV1(decimal MbpsPerLearner);

[PublicEvent("assets.device_price_set", 1, "A price of the price list: a device type's unit price in a currency.")]
public sealed record DevicePriceSetV1(string DeviceType, string Currency, decimal UnitPrice);

/// <summary>A device type's total in a proposal as published.</summary>
public sealed record ProposalTotalV1(string DeviceType, int Required, int Working, int Shortfall, decimal? UnitPrice, decimal? Amount);

[PublicEvent("assets.purchase_proposal_saved", 1,
    "A costed purchase proposal was saved: the sequence it was computed at and its totals per device type.")]
public sealed record PurchaseProposalSavedV1(Guid ProposalId, string Name, string SchoolYear, string Currency, long Sequence, int Schools,
    IReadOnlyList<ProposalTotalV1> Totals, decimal Total);

[PublicEvent("assets.purchase_proposal_sent_to_budget", 1, "A saved purchase proposal was sent to Budget as a budget request.")]
public sealed record PurchaseProposalSentToBudgetV1(Guid ProposalId, DateTimeOffset SentAt);

/// <summary>A funded line of a proposal as published.</summary>
public sealed record FundedLineV1(Guid SchoolId, string SchoolCode, string DeviceType, int Quantity, decimal UnitPrice, decimal Amount);

[PublicEvent("assets.purchase_proposal_funded", 1,
    "Budget decided a purchase proposal's request: approved, partly approved or rejected, and what was funded from which line and source.")]
public sealed record PurchaseProposalFundedV1(Guid ProposalId, string Decision, int? FiscalYear, decimal Amount, string? Line, string? FundingSource,
    IReadOnlyList<FundedLineV1> Items);

internal static class AssetsPublicEvents
{
    private static SchoolPlaceV1 Place(SchoolPlace p) => new(p.SchoolId, p.SchoolCode, p.Municipality, p.SchoolLevel);

    public static PublicEventMap Map() => new PublicEventMap()
        .Add<RoomRegistered, RoomRegisteredV1>((e, _) => new(Place(e.School), e.RoomId, e.Building, e.Name, PublicEventMap.Name(e.Kind), e.Capacity),
            e => e.InfrastructureId, PublicChange.Updated)
        .Add<RoomChanged, RoomChangedV1>((e, _) => new(e.RoomId, e.Building, e.Name, PublicEventMap.Name(e.Kind), e.Capacity), e =>
            e.InfrastructureId,
            PublicChange.Updated)
        .Add<RoomClosed, RoomClosedV1>((e, _) => new(e.RoomId, e.Reason), e => e.InfrastructureId, PublicChange.Updated)
        .Add<BasicServicesReported, BasicServicesReportedV1>((e, _) => new(Place(e.School), e.SchoolYear, PublicEventMap.Name(e.Kind),
                new(PublicEventMap.Name(e.Services.Electricity), PublicEventMap.Name(e.Services.Internet), e.Services.Computers, e.Services.Ramps,
                    e.Services.AccessibleToilets, e.Services.AdaptedMaterials, e.Services.DrinkingWater, e.Services.SingleSexSanitation,
                    e.Services.Handwashing), e.Reason),
            e => e.InfrastructureId, PublicChange.Updated)
        .Add<ConnectionRecorded, ConnectionRecordedV1>((e, _) => new(Place(e.School), PublicEventMap.Name(e.Type), e.DownMbps, e.UpMbps, e.Provider,
            e.Since), e => e.InfrastructureId, PublicChange.Updated)
        .Add<OutageReported, OutageReportedV1>((e, _) => new(e.OutageId, e.Started, e.Description), e => e.InfrastructureId, PublicChange.Updated)
        .Add<OutageEnded, OutageEndedV1>((e, _) => new(e.OutageId, e.Ended), e => e.InfrastructureId, PublicChange.Updated)
        .Add<DeviceRegistered, DeviceRegisteredV1>((e, _) => new(e.DeviceId, e.SerialNumber, PublicEventMap.Name(e.Type), e.Make, e.Model,
            e.AcquiredOn,
            e.Cost, e.Currency, e.FundingSource, Place(e.School), e.RoomId, PublicEventMap.Name(e.State)), e => e.DeviceId, PublicChange.Created)
        .Add<DeviceAssigned, DeviceAssignedV1>((e, _) => new(e.DeviceId, PublicEventMap.Name(e.Kind), e.RoomId, e.StaffId, e.On), e => e.DeviceId,
            PublicChange.Updated)
        .Add<DeviceLoaned, DeviceLoanedV1>((e, _) => new(e.DeviceId, e.LearnerId, e.DueOn, e.On), e => e.DeviceId, PublicChange.Updated)
        .Add<DeviceReturned, DeviceReturnedV1>((e, _) => new(e.DeviceId, e.On), e => e.DeviceId, PublicChange.Updated)
        .Add<DeviceStateChanged, DeviceStateChangedV1>((e, _) => new(e.DeviceId, PublicEventMap.Name(e.From), PublicEventMap.Name(e.To), e.Reason,
            e.On),
            e => e.DeviceId, PublicChange.Updated)
        .Add<DeviceTransferred, DeviceTransferredV1>((e, _) => new(e.DeviceId, Place(e.From), Place(e.To), e.Reason, e.On), e => e.DeviceId,
            PublicChange.Updated)
        .Add<DeviceNormSet, DeviceNormSetV1>((e, _) => new(new(e.Norm.Code, e.Norm.Description, PublicEventMap.Name(e.Norm.DeviceType),
            PublicEventMap.Name(e.Norm.Basis), e.Norm.Quantity, e.Norm.LearnersPerDevice, e.Norm.GradeFrom, e.Norm.GradeTo)), e => e.NormsId,
            PublicChange.Updated)
        .Add<DeviceNormRemoved, DeviceNormRemovedV1>((e, _) => new(e.Code), e => e.NormsId, PublicChange.Updated)
        .Add<BandwidthNormSet, BandwidthNormSetV1>((e, _) => new(e.MbpsPerLearner), e => e.NormsId, PublicChange.Updated)
        .Add<DevicePriceSet, DevicePriceSetV1>((e, _) => new(PublicEventMap.Name(e.Price.DeviceType), e.Price.Currency, e.Price.UnitPrice), e =>
            e.NormsId,
            PublicChange.Updated)
        .Add<PurchaseProposalSaved, PurchaseProposalSavedV1>((e, _) => new(e.ProposalId, e.Name, e.SchoolYear, e.Currency, e.Sequence,
            e.SchoolIds.Count,
            [.. e.Totals.Select(t => new ProposalTotalV1(PublicEventMap.Name(t.DeviceType), t.Required, t.Working, t.Shortfall, t.UnitPrice,
                t.Amount))],
            e.Total), e => e.ProposalId, PublicChange.Created)
        .Add<PurchaseProposalSentToBudget, PurchaseProposalSentToBudgetV1>((e, _) => new(e.ProposalId, e.SentAt), e => e.ProposalId,
            PublicChange.Updated)
        .Add<PurchaseProposalFunded, PurchaseProposalFundedV1>((e, _) => new(e.ProposalId, e.Decision, e.FiscalYear, e.Amount, e.Line,
            e.FundingSource,
            [.. e.Items.Select(i => new FundedLineV1(i.SchoolId, i.SchoolCode, i.DeviceType, i.Quantity, i.UnitPrice, i.Amount))]), e => e.ProposalId,
            PublicChange.Updated);
}
