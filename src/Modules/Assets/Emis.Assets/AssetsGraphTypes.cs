using Emis.Assets.Devices;
using Emis.Assets.Figures;
using Emis.Assets.Infrastructure;
using Emis.Assets.Norms;
using Emis.Assets.Proposals;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Assets;

public sealed class RoomKindGraphType : EnumerationGraphType<RoomKind>
{
    public RoomKindGraphType() => Name = "RoomKind";
}

public sealed class ElectricitySourceGraphType : EnumerationGraphType<ElectricitySource>
{
    public ElectricitySourceGraphType() => Name = "ElectricitySource";
}

public sealed class InternetAccessGraphType : EnumerationGraphType<InternetAccess>
{
    public InternetAccessGraphType() => Name = "InternetAccess";
}

public sealed class ConnectionTypeGraphType : EnumerationGraphType<ConnectionType>
{
    public ConnectionTypeGraphType() => Name = "ConnectionType";
}

public sealed class ReportKindGraphType : EnumerationGraphType<ReportKind>
{
    public ReportKindGraphType() => Name = "ServicesReportKind";
}

public sealed class DeviceTypeGraphType : EnumerationGraphType<DeviceType>
{
    public DeviceTypeGraphType() => Name = "DeviceType";
}

public sealed class DeviceStateGraphType : EnumerationGraphType<DeviceState>
{
    public DeviceStateGraphType() => Name = "DeviceState";
}

public sealed class HolderKindGraphType : EnumerationGraphType<HolderKind>
{
    public HolderKindGraphType() => Name = "DeviceHolderKind";
}

public sealed class NormBasisGraphType : EnumerationGraphType<NormBasis>
{
    public NormBasisGraphType() => Name = "NormBasis";
}

public sealed class AssetDimensionGraphType : EnumerationGraphType<AssetDimension>
{
    public AssetDimensionGraphType() => Name = "AssetDimension";
}

public sealed class RoomGraphType : ObjectGraphType<Room>
{
    public RoomGraphType()
    {
        Name = "Room";
        Field(x => x.RoomId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Building);
        Field(x => x.Name);
        Field(x => x.Kind, type: typeof(NonNullGraphType<RoomKindGraphType>));
        Field(x => x.Capacity, nullable: true).Description("Places (a classroom's is required).");
        Field(x => x.Closed);
    }
}

public sealed class RoomInputGraphType : InputObjectGraphType<RoomInput>
{
    public RoomInputGraphType()
    {
        Name = "RoomInput";
        Field(x => x.Building);
        Field(x => x.Name);
        Field(x => x.Kind, type: typeof(NonNullGraphType<RoomKindGraphType>));
        Field(x => x.Capacity, nullable: true);
    }
}

public sealed class BasicServicesGraphType : ObjectGraphType<BasicServices>
{
    public BasicServicesGraphType()
    {
        Name = "BasicServices";
        Description = "A school's basic services as SDG 4.a.1 asks for them.";
        Field(x => x.Electricity, type: typeof(NonNullGraphType<ElectricitySourceGraphType>));
        Field(x => x.Internet, type: typeof(NonNullGraphType<InternetAccessGraphType>)).Description("Internet for pedagogical purposes.");
        Field(x => x.Computers).Description("Computers for pedagogical purposes.");
        Field(x => x.Ramps);
        Field(x => x.AccessibleToilets);
        Field(x => x.AdaptedMaterials);
        Field(x => x.AdaptedForDisabilities).Description("Ramps, accessible toilets and adapted materials: what 4.a.1 counts.");
        Field(x => x.DrinkingWater);
        Field(x => x.SingleSexSanitation);
        Field(x => x.Handwashing);
    }
}

public sealed class BasicServicesInputGraphType : InputObjectGraphType<BasicServices>
{
    public BasicServicesInputGraphType()
    {
        Name = "BasicServicesInput";
        Field(x => x.Electricity, type: typeof(NonNullGraphType<ElectricitySourceGraphType>));
        Field(x => x.Internet, type: typeof(NonNullGraphType<InternetAccessGraphType>));
        Field(x => x.Computers);
        Field(x => x.Ramps);
        Field(x => x.AccessibleToilets);
        Field(x => x.AdaptedMaterials);
        Field(x => x.DrinkingWater);
        Field(x => x.SingleSexSanitation);
        Field(x => x.Handwashing);
    }
}

public sealed class ServicesAnswerGraphType : ObjectGraphType<ServicesAnswer>
{
    public ServicesAnswerGraphType()
    {
        Name = "ServicesAnswer";
        Field(x => x.SchoolYear);
        Field(x => x.Kind, type: typeof(NonNullGraphType<ReportKindGraphType>)).Description("CENSUS, or CORRECTION when corrected since.");
        Field(x => x.Services, type: typeof(NonNullGraphType<BasicServicesGraphType>));
        Field(x => x.ReportedAt);
    }
}

public sealed class InternetConnectionGraphType : ObjectGraphType<Connection>
{
    public InternetConnectionGraphType()
    {
        Name = "InternetConnection";
        Field(x => x.Type, type: typeof(NonNullGraphType<ConnectionTypeGraphType>));
        Field(x => x.DownMbps).Description("Bandwidth down, Mbit/s.");
        Field(x => x.UpMbps).Description("Bandwidth up, Mbit/s.");
        Field(x => x.Provider, nullable: true);
        Field(x => x.Since);
    }
}

public sealed class OutageGraphType : ObjectGraphType<Outage>
{
    public OutageGraphType()
    {
        Name = "Outage";
        Field(x => x.OutageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Started);
        Field(x => x.Ended, nullable: true);
        Field(x => x.Description);
    }
}

public sealed class SchoolInfrastructureGraphType : ObjectGraphType<SchoolInfrastructureView>
{
    public SchoolInfrastructureGraphType()
    {
        Name = "SchoolInfrastructure";
        Description = "A school's buildings and rooms, its basic services per school year, its Internet connection and outages.";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Rooms, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<RoomGraphType>>>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("buildings")
            .Resolve(c => c.Source.Rooms.Where(r => !r.Closed).Select(r => r.Building).Distinct().Order(StringComparer.Ordinal).ToList());
        Field<NonNullGraphType<IntGraphType>>("classrooms").Description("Classrooms in use.")
            .Resolve(c => c.Source.Rooms.Count(r => !r.Closed && r.Kind == RoomKind.Classroom));
        Field(x => x.Services, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ServicesAnswerGraphType>>>))
            .Description("The census answer of each school year, as corrected.");
        Field(x => x.Connection, type: typeof(InternetConnectionGraphType));
        Field(x => x.Outages, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<OutageGraphType>>>));
        Field<OutageGraphType>("openOutage").Resolve(c => c.Source.Outages.FirstOrDefault(o => o.Ended is null));
        Field(x => x.Version);
    }
}

public sealed class DeviceHolderGraphType : ObjectGraphType<DeviceHolder>
{
    public DeviceHolderGraphType()
    {
        Name = "DeviceHolder";
        Field(x => x.Kind, type: typeof(NonNullGraphType<HolderKindGraphType>));
        Field(x => x.RoomId, type: typeof(IdGraphType));
        Field<IdGraphType>("staffId").Description("Null without the right to see personal data.")
            .Resolve(c => c.Caller().SeesPersonalData ? c.Source.StaffId : null);
        Field<IdGraphType>("learnerId").Description("Null without the right to see personal data.")
            .Resolve(c => c.Caller().SeesPersonalData ? c.Source.LearnerId : null);
        Field(x => x.DueOn, nullable: true).Description("When a learner's loan is due back.");
        Field(x => x.Since);
    }
}

public sealed class DeviceGraphType : ObjectGraphType<DeviceView>
{
    public DeviceGraphType()
    {
        Name = "Device";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SerialNumber);
        Field(x => x.Type, type: typeof(NonNullGraphType<DeviceTypeGraphType>));
        Field(x => x.Make);
        Field(x => x.Model);
        Field(x => x.AcquiredOn, nullable: true);
        Field(x => x.Cost, nullable: true);
        Field(x => x.Currency, nullable: true);
        Field(x => x.FundingSource, nullable: true);
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Municipality);
        Field(x => x.State, type: typeof(NonNullGraphType<DeviceStateGraphType>));
        Field(x => x.StateSince);
        Field(x => x.StateReason, nullable: true);
        Field(x => x.Holder, type: typeof(DeviceHolderGraphType)).Description("Null when the device is in its school's pool.");
        Field(x => x.Version);
    }
}

public sealed class DeviceNormGraphType : ObjectGraphType<DeviceNorm>
{
    public DeviceNormGraphType()
    {
        Name = "DeviceNorm";
        Field(x => x.Code);
        Field(x => x.Description);
        Field(x => x.DeviceType, type: typeof(NonNullGraphType<DeviceTypeGraphType>));
        Field(x => x.Basis, type: typeof(NonNullGraphType<NormBasisGraphType>));
        Field(x => x.Quantity).Description("Devices per classroom or per school.");
        Field(x => x.LearnersPerDevice, nullable: true);
        Field(x => x.GradeFrom, nullable: true);
        Field(x => x.GradeTo, nullable: true);
    }
}

public sealed class DevicePriceGraphType : ObjectGraphType<DevicePrice>
{
    public DevicePriceGraphType()
    {
        Name = "DevicePrice";
        Field(x => x.DeviceType, type: typeof(NonNullGraphType<DeviceTypeGraphType>));
        Field(x => x.Currency);
        Field(x => x.UnitPrice);
    }
}

public sealed class AssetNormsGraphType : ObjectGraphType<AssetNormsView>
{
    public AssetNormsGraphType()
    {
        Name = "AssetNorms";
        Description = "The jurisdiction's device norms, bandwidth norm and price list.";
        Field(x => x.Norms, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<DeviceNormGraphType>>>));
        Field(x => x.MbpsPerLearner, nullable: true).Description("The least bandwidth down a school needs per learner, Mbit/s.");
        Field(x => x.Prices, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<DevicePriceGraphType>>>));
        Field(x => x.Version);
    }
}

public sealed class ProposalLineGraphType : ObjectGraphType<ProposalLine>
{
    public ProposalLineGraphType()
    {
        Name = "ProposalLine";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.SchoolName);
        Field(x => x.Municipality);
        Field(x => x.Level);
        Field(x => x.DeviceType, type: typeof(NonNullGraphType<DeviceTypeGraphType>));
        Field(x => x.Classrooms);
        Field(x => x.Learners, nullable: true);
        Field(x => x.Required).Description("What the norms require.");
        Field(x => x.Working).Description("Working devices of the type there.");
        Field(x => x.Shortfall).Description("Required − working, at least 0.");
        Field(x => x.UnitPrice, nullable: true);
        Field(x => x.Amount, nullable: true).Description("Shortfall × unit price.");
    }
}

public sealed class ProposalTotalGraphType : ObjectGraphType<ProposalTotal>
{
    public ProposalTotalGraphType()
    {
        Name = "ProposalTotal";
        Field(x => x.DeviceType, type: typeof(NonNullGraphType<DeviceTypeGraphType>));
        Field(x => x.Required);
        Field(x => x.Working);
        Field(x => x.Shortfall);
        Field(x => x.UnitPrice, nullable: true);
        Field(x => x.Amount, nullable: true);
    }
}

public sealed class ProposalGraphType : ObjectGraphType<ProposalAnswer>
{
    public ProposalGraphType()
    {
        Name = "ComputedProposal";
        Description = "A purchase proposal as computed at a sequence number: the same question at the same sequence gives the same answer.";
        Field(x => x.Sequence);
        Field(x => x.SchoolYear);
        Field(x => x.Currency);
        Field(x => x.Norms, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<DeviceNormGraphType>>>));
        Field(x => x.SchoolIds, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>));
        Field(x => x.Lines, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ProposalLineGraphType>>>));
        Field(x => x.Totals, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ProposalTotalGraphType>>>));
        Field(x => x.Total, nullable: true).Description("Null while a shortfall has no price (see problems).");
        Field(x => x.Problems);
    }
}

public sealed class PurchaseProposalGraphType : ObjectGraphType<PurchaseProposalView>
{
    public PurchaseProposalGraphType()
    {
        Name = "PurchaseProposal";
        Description = "A saved purchase proposal. Recompute it with purchaseProposal(asOfSequence: sequence, norms, schoolIds) to check it.";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Name);
        Field(x => x.SchoolYear);
        Field(x => x.Currency);
        Field(x => x.Sequence).Description("The event sequence number it was computed at.");
        Field(x => x.Norms, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<DeviceNormGraphType>>>));
        Field(x => x.SchoolIds, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>));
        Field(x => x.Lines, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ProposalLineGraphType>>>));
        Field(x => x.Totals, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ProposalTotalGraphType>>>));
        Field(x => x.Total);
        Field(x => x.SavedAt);
        Field(x => x.SentToBudgetAt, nullable: true);
        Field(x => x.Funding, type: typeof(ProposalFundingGraphType)).Description("What Budget decided and funded (null until it decides).");
        Field<NonNullGraphType<StringGraphType>>("csvUrl").Resolve(c => $"/api/assets/proposals/{c.Source.Id:D}.csv");
    }
}

public sealed class FundedLineGraphType : ObjectGraphType<FundedLine>
{
    public FundedLineGraphType()
    {
        Name = "FundedLine";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.DeviceType);
        Field(x => x.Quantity);
        Field(x => x.UnitPrice);
        Field(x => x.Amount);
    }
}

public sealed class ProposalFundingGraphType : ObjectGraphType<ProposalFunding>
{
    public ProposalFundingGraphType()
    {
        Name = "ProposalFunding";
        Field(x => x.Decision).Description("approved, partly_approved or rejected.");
        Field(x => x.FiscalYear, nullable: true);
        Field(x => x.Amount).Description("The amount allocated.");
        Field(x => x.Line, nullable: true);
        Field(x => x.FundingSource, nullable: true).Description("As devices bought with it record their funding source.");
        Field(x => x.Items, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<FundedLineGraphType>>>));
        Field(x => x.Act);
        Field(x => x.Reason, nullable: true);
        Field(x => x.DecidedAt);
    }
}

public sealed class AssetFiguresFilterGraphType : InputObjectGraphType<AssetFiguresFilter>
{
    public AssetFiguresFilterGraphType()
    {
        Name = "AssetFiguresFilter";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Level, nullable: true).Description("A school level of the Registry (primary, lower_secondary, …).");
        Field(x => x.DeviceType, type: typeof(DeviceTypeGraphType));
        Field(x => x.State, type: typeof(DeviceStateGraphType));
        Field(x => x.MinimumMbps, nullable: true).Description("The bandwidth a school needs at least, instead of the norm per learner.");
    }
}

public sealed class AssetFiguresRowGraphType : ObjectGraphType<AssetFiguresRow>
{
    public AssetFiguresRowGraphType()
    {
        Name = "AssetFiguresRow";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Level, nullable: true);
        Field(x => x.DeviceType, type: typeof(DeviceTypeGraphType));
        Field(x => x.State, type: typeof(DeviceStateGraphType));
        Field(x => x.Devices).Description("Devices in the inventory (not written off).");
        Field(x => x.WorkingDevices);
        Field(x => x.Learners, nullable: true);
        Figure(x => x.LearnersPerDevice, "learnersPerDevice", "Learners ÷ working computers (laptops, tablets, desktops; or the type asked).");
        Field(x => x.Classrooms, nullable: true);
        Figure(x => x.ClassroomsWithDevice, "classroomsWithDevice", "Percent of classrooms with a working device in them.");
        Field(x => x.BrokenOrLostDevices).Description("Devices that broke or were lost or stolen in the school year.");
        Figure(x => x.BrokenOrLost, "brokenOrLost", "Percent of devices that broke or were lost or stolen in the school year.");
        Field(x => x.SchoolsReporting, nullable: true).Description("Schools that answered the school year's census.");
        Figure(x => x.Electricity, "electricity", "4.a.1: percent of schools with electricity.");
        Figure(x => x.Internet, "internet", "4.a.1: percent of schools with Internet for pedagogical purposes.");
        Figure(x => x.Computers, "computers", "4.a.1: percent of schools with computers for pedagogical purposes.");
        Figure(x => x.AdaptedForDisabilities, "adaptedForDisabilities", "4.a.1: percent of schools with adapted infrastructure and materials.");
        Figure(x => x.DrinkingWater, "drinkingWater", "4.a.1: percent of schools with basic drinking water.");
        Figure(x => x.SingleSexSanitation, "singleSexSanitation", "4.a.1: percent of schools with single-sex basic sanitation.");
        Figure(x => x.Handwashing, "handwashing", "4.a.1: percent of schools with basic handwashing facilities.");
        Field(x => x.ConnectionsRecorded, nullable: true).Description("Schools whose connection is recorded (type NONE too: no Internet).");
        Figure(x => x.BelowBandwidth, "belowBandwidth", "Percent of schools with a connection recorded (NONE too) below the bandwidth they need.");
    }

    private void Figure(Func<AssetFiguresRow, Figure> value, string name, string description) =>
        Field<NonNullGraphType<FigureGraphType>>(name).Description(description).Resolve(c => value(c.Source));
}

public sealed class AssetFiguresGraphType : ObjectGraphType<AssetFiguresAnswer>
{
    public AssetFiguresGraphType()
    {
        Name = "AssetFigures";
        Field(x => x.SchoolYear);
        Field(x => x.AsOf, nullable: true);
        Field(x => x.Sequence).Description("The event sequence number the figures were computed at.");
        Field(x => x.MbpsPerLearner, nullable: true).Description("The bandwidth norm as it stood then.");
        Field(x => x.Rows, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<AssetFiguresRowGraphType>>>));
    }
}

public sealed record InfrastructurePayload(SchoolInfrastructureView? Infrastructure, IReadOnlyList<UserError> Errors)
    : IMutationPayload<InfrastructurePayload>
{
    public static InfrastructurePayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class InfrastructurePayloadGraphType : ObjectGraphType<InfrastructurePayload>
{
    public InfrastructurePayloadGraphType()
    {
        Name = "InfrastructurePayload";
        Field(x => x.Infrastructure, type: typeof(SchoolInfrastructureGraphType));
        this.ErrorsField();
    }
}

public sealed record OutagePayload(Guid? OutageId, SchoolInfrastructureView? Infrastructure, IReadOnlyList<UserError> Errors)
    : IMutationPayload<OutagePayload>
{
    public static OutagePayload Refused(IReadOnlyList<UserError> errors) => new(null, null, errors);
}

public sealed class OutagePayloadGraphType : ObjectGraphType<OutagePayload>
{
    public OutagePayloadGraphType()
    {
        Name = "OutagePayload";
        Field(x => x.OutageId, type: typeof(IdGraphType));
        Field(x => x.Infrastructure, type: typeof(SchoolInfrastructureGraphType));
        this.ErrorsField();
    }
}

public sealed record DevicePayload(DeviceView? Device, IReadOnlyList<UserError> Errors) : IMutationPayload<DevicePayload>
{
    public static DevicePayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class DevicePayloadGraphType : ObjectGraphType<DevicePayload>
{
    public DevicePayloadGraphType()
    {
        Name = "DevicePayload";
        Field(x => x.Device, type: typeof(DeviceGraphType));
        this.ErrorsField();
    }
}

public sealed record AssetNormsPayload(AssetNormsView? Norms, IReadOnlyList<UserError> Errors) : IMutationPayload<AssetNormsPayload>
{
    public static AssetNormsPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class AssetNormsPayloadGraphType : ObjectGraphType<AssetNormsPayload>
{
    public AssetNormsPayloadGraphType()
    {
        Name = "AssetNormsPayload";
        Field(x => x.Norms, type: typeof(AssetNormsGraphType));
        this.ErrorsField();
    }
}

public sealed record PurchaseProposalPayload(PurchaseProposalView? Proposal, IReadOnlyList<UserError> Errors)
    : IMutationPayload<PurchaseProposalPayload>
{
    public static PurchaseProposalPayload Refused(IReadOnlyList<UserError> errors) => new(null, errors);
}

public sealed class PurchaseProposalPayloadGraphType : ObjectGraphType<PurchaseProposalPayload>
{
    public PurchaseProposalPayloadGraphType()
    {
        Name = "PurchaseProposalPayload";
        Field(x => x.Proposal, type: typeof(PurchaseProposalGraphType));
        this.ErrorsField();
    }
}
