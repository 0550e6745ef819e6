using Emis.Assets.Devices;
using Emis.Assets.Infrastructure;
using Emis.Assets.Norms;
using Emis.Assets.Proposals;
using GraphQL.Types;

namespace Emis.Assets;

// Every Assets mutation takes one `input`, the command itself (the API's convention).

public sealed class RegisterRoomsInputGraphType : InputObjectGraphType<RegisterRooms>
{
    public RegisterRoomsInputGraphType()
    {
        Name = "RegisterRoomsInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Rooms, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<RoomInputGraphType>>>));
    }
}

public sealed class ChangeRoomInputGraphType : InputObjectGraphType<ChangeRoom>
{
    public ChangeRoomInputGraphType()
    {
        Name = "ChangeRoomInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.RoomId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Room, type: typeof(NonNullGraphType<RoomInputGraphType>));
    }
}

public sealed class CloseRoomInputGraphType : InputObjectGraphType<CloseRoom>
{
    public CloseRoomInputGraphType()
    {
        Name = "CloseRoomInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.RoomId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason);
    }
}

public sealed class ReportBasicServicesInputGraphType : InputObjectGraphType<ReportBasicServices>
{
    public ReportBasicServicesInputGraphType()
    {
        Name = "ReportBasicServicesInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolYear);
        Field(x => x.Kind, type: typeof(NonNullGraphType<ReportKindGraphType>)).Description("CENSUS once a school year; CORRECTION with a reason.");
        Field(x => x.Services, type: typeof(NonNullGraphType<BasicServicesInputGraphType>));
        Field(x => x.Reason, nullable: true);
    }
}

public sealed class RecordConnectionInputGraphType : InputObjectGraphType<RecordConnection>
{
    public RecordConnectionInputGraphType()
    {
        Name = "RecordConnectionInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Type, type: typeof(NonNullGraphType<ConnectionTypeGraphType>)).Description("NONE for a school without a connection.");
        Field(x => x.DownMbps);
        Field(x => x.UpMbps);
        Field(x => x.Provider, nullable: true);
        Field(x => x.Since);
    }
}

public sealed class ReportOutageInputGraphType : InputObjectGraphType<ReportOutage>
{
    public ReportOutageInputGraphType()
    {
        Name = "ReportOutageInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Started);
        Field(x => x.Description);
    }
}

public sealed class EndOutageInputGraphType : InputObjectGraphType<EndOutage>
{
    public EndOutageInputGraphType()
    {
        Name = "EndOutageInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.OutageId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Ended);
    }
}

public sealed class RegisterDeviceInputGraphType : InputObjectGraphType<RegisterDevice>
{
    public RegisterDeviceInputGraphType()
    {
        Name = "RegisterDeviceInput";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SerialNumber).Description("Unique in the jurisdiction (its letters and digits, case ignored).");
        Field(x => x.Type, type: typeof(NonNullGraphType<DeviceTypeGraphType>));
        Field(x => x.Make);
        Field(x => x.Model);
        Field(x => x.AcquiredOn, nullable: true);
        Field(x => x.Cost, nullable: true);
        Field(x => x.Currency, nullable: true);
        Field(x => x.FundingSource, nullable: true).Description("Who paid for it (a donor programme, the ministry's budget).");
        Field(x => x.RoomId, type: typeof(IdGraphType));
    }
}

public sealed class AssignDeviceInputGraphType : InputObjectGraphType<AssignDevice>
{
    public AssignDeviceInputGraphType()
    {
        Name = "AssignDeviceInput";
        Description = "Exactly one of roomId, staffId and learnerId; a loan to a learner with dueOn.";
        Field(x => x.DeviceId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.RoomId, type: typeof(IdGraphType));
        Field(x => x.StaffId, type: typeof(IdGraphType));
        Field(x => x.LearnerId, type: typeof(IdGraphType));
        Field(x => x.DueOn, nullable: true);
    }
}

public sealed class ReturnDeviceInputGraphType : InputObjectGraphType<ReturnDevice>
{
    public ReturnDeviceInputGraphType()
    {
        Name = "ReturnDeviceInput";
        Field(x => x.DeviceId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Note, nullable: true);
    }
}

public sealed class ChangeDeviceStateInputGraphType : InputObjectGraphType<ChangeDeviceState>
{
    public ChangeDeviceStateInputGraphType()
    {
        Name = "ChangeDeviceStateInput";
        Field(x => x.DeviceId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.State, type: typeof(NonNullGraphType<DeviceStateGraphType>));
        Field(x => x.Reason);
        Field(x => x.On, nullable: true).Description("When it happened (today when not given).");
    }
}

public sealed class TransferDeviceInputGraphType : InputObjectGraphType<TransferDevice>
{
    public TransferDeviceInputGraphType()
    {
        Name = "TransferDeviceInput";
        Field(x => x.DeviceId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.ToSchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason);
    }
}

public sealed class SetDeviceNormInputGraphType : InputObjectGraphType<SetDeviceNorm>
{
    public SetDeviceNormInputGraphType()
    {
        Name = "SetDeviceNormInput";
        Description = "quantity devices PER_CLASSROOM or PER_SCHOOL, or one per learnersPerDevice learners of grades gradeFrom–gradeTo "
            + "(PER_LEARNERS).";
        Field(x => x.Code);
        Field(x => x.Description);
        Field(x => x.DeviceType, type: typeof(NonNullGraphType<DeviceTypeGraphType>));
        Field(x => x.Basis, type: typeof(NonNullGraphType<NormBasisGraphType>));
        Field(x => x.Quantity).DefaultValue(1).Description("Devices per classroom or per school (1 when not given).");
        Field(x => x.LearnersPerDevice, nullable: true);
        Field(x => x.GradeFrom, nullable: true);
        Field(x => x.GradeTo, nullable: true);
    }
}

public sealed class RemoveDeviceNormInputGraphType : InputObjectGraphType<RemoveDeviceNorm>
{
    public RemoveDeviceNormInputGraphType()
    {
        Name = "RemoveDeviceNormInput";
        Field(x => x.Code);
    }
}

public sealed class SetBandwidthNormInputGraphType : InputObjectGraphType<SetBandwidthNorm>
{
    public SetBandwidthNormInputGraphType()
    {
        Name = "SetBandwidthNormInput";
        Field(x => x.MbpsPerLearner).Description("The least bandwidth down a school needs per learner, Mbit/s.");
    }
}

public sealed class SetDevicePriceInputGraphType : InputObjectGraphType<SetDevicePrice>
{
    public SetDevicePriceInputGraphType()
    {
        Name = "SetDevicePriceInput";
        Field(x => x.DeviceType, type: typeof(NonNullGraphType<DeviceTypeGraphType>));
        Field(x => x.Currency);
        Field(x => x.UnitPrice);
    }
}

public sealed class SavePurchaseProposalInputGraphType : InputObjectGraphType<SavePurchaseProposal>
{
    public SavePurchaseProposalInputGraphType()
    {
        Name = "SavePurchaseProposalInput";
        Field(x => x.Name).Description("Unique in the jurisdiction (case ignored): \"Laptops for every classroom, 2026\".");
        Field(x => x.SchoolYear);
        Field(x => x.Currency);
        Field(x => x.Norms, type: typeof(ListGraphType<NonNullGraphType<StringGraphType>>)).Description("Norm codes (all when none are given).");
        Field(x => x.SchoolIds, type: typeof(ListGraphType<NonNullGraphType<IdGraphType>>))
            .Description("The schools (all open schools in scope, or the municipality's, when none are given).");
        Field(x => x.Municipality, nullable: true);
        Field(x => x.AsOfSequence, nullable: true).Description("Compute as of this sequence number (the settled head when not given).");
    }
}

public sealed class SendProposalToBudgetInputGraphType : InputObjectGraphType<SendProposalToBudget>
{
    public SendProposalToBudgetInputGraphType()
    {
        Name = "SendProposalToBudgetInput";
        Field(x => x.ProposalId, type: typeof(NonNullGraphType<IdGraphType>));
    }
}
