using Emis.Assets.Devices;
using Emis.Assets.Figures;
using Emis.Assets.Infrastructure;
using Emis.Assets.Norms;
using Emis.Assets.Proposals;
using Emis.Assets.Schools;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Assets;

internal static class AssetsFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<SchoolInfrastructureGraphType>("schoolInfrastructure")
            .Description("A school's rooms, basic services, connection and outages (null before any is recorded, or outside your scope).")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .ResolveAsync(async c =>
            {
                var view = await LoadAsync<SchoolInfrastructureView>(c, SchoolInfrastructureView.IdFor(c.GetArgument<Guid>("schoolId")));
                return view is not null && c.Caller().CanSeeSchool(view.Municipality, view.SchoolCode) ? view : null;
            });

        query.Field<DeviceGraphType>("device")
            .Description("A device by its id or its serial number (null when there is none in your scope).")
            .Argument<IdGraphType>("id")
            .Argument<StringGraphType>("serialNumber")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var id = c.GetArgument<Guid?>("id") ?? (c.GetArgument<string?>("serialNumber") is { } serial
                    ? DeviceIdentity.For(caller.Jurisdiction, serial)
                    : throw new ExecutionError("Give id or serialNumber.") { Code = "INVALID_ARGUMENT" });
                var device = await LoadAsync<DeviceView>(c, id);
                return device is not null && caller.CanSeeSchool(device.Municipality, device.SchoolCode) ? device : null;
            });

        query.Field<NonNullGraphType<ConnectionGraphType<DeviceGraphType, DeviceView>>>("devices")
            .Description("A school's devices (not written off unless asked), by type and state; overdue: loans past their due date.")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<DeviceTypeGraphType>("type")
            .Argument<DeviceStateGraphType>("state")
            .Argument<BooleanGraphType>("overdue", "Only loans to learners past their due date.")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var schoolId = c.GetArgument<Guid>("schoolId");
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var school = await session.LoadAsync<AssetsSchool>(schoolId, c.CancellationToken);
                var first = Cursor.PageSize(c.GetArgument<int?>("first"));
                var offset = Cursor.OffsetAfter(c.GetArgument<string?>("after"));
                if (school is null || !caller.CanSeeSchool(school.Municipality, school.Code)) return new Page<DeviceView>([], offset, 0);
                var all = await session.Query<DeviceView>().Where(d => d.SchoolId == schoolId).ToListAsync(c.CancellationToken);
                var type = c.GetArgument<DeviceType?>("type");
                var state = c.GetArgument<DeviceState?>("state");
                var today = DateOnly.FromDateTime(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
                var found = all.Where(d => (type is null || d.Type == type) && (state is null ? d.State != DeviceState.WrittenOff : d.State == state)
                        && (c.GetArgument<bool?>("overdue") != true || d.Holder is { Kind: HolderKind.Learner, DueOn: { } due } && due < today))
                    .OrderBy(d => d.Type).ThenBy(d => d.SerialNumber, StringComparer.Ordinal).ToList();
                return new Page<DeviceView>([.. found.Skip(offset).Take(first)], offset, found.Count);
            });

        query.Field<AssetNormsGraphType>("assetNorms")
            .Description("The jurisdiction's device norms, bandwidth norm and price list (null before the ministry sets any).")
            .ResolveAsync(async c => await LoadAsync<AssetNormsView>(c, AssetNormsView.IdFor(c.Caller().Jurisdiction)));

        query.Field<NonNullGraphType<ProposalGraphType>>("purchaseProposal")
            .Description("What the norms require per school, what works there, the shortfall and its cost, as of now or as of asOf, asOfSequence "
                + "or checkpoint (the ministry; a municipality officer for their schools). Nothing is saved: savePurchaseProposal saves one.")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear", "Whose learners the norms per learners count.")
            .Argument<NonNullGraphType<StringGraphType>>("currency")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("norms", "Norm codes (all when none are given).")
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("schoolIds", "The schools (all open schools in scope when none are given).")
            .Argument<StringGraphType>("municipality")
            .TimeTravelArguments()
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                if (!caller.IsMinistry && caller.Role != Roles.MunicipalityOfficer)
                {
                    throw new ExecutionError("Purchase proposals are for the ministry and municipalities.") { Code = "FORBIDDEN" };
                }
                var year = YearArgument(c);
                var (_, sequence) = await FigureArguments.ResolveAsync(c);
                try
                {
                    return await c.RequestServices!.GetRequiredService<ProposalCalculator>().ComputeAsync(caller, new ProposalQuestion(year,
                        c.GetArgument<string>("currency"), c.GetArgument<List<string>?>("norms"), c.GetArgument<List<Guid>?>("schoolIds"),
                        c.GetArgument<string?>("municipality")), sequence, c.CancellationToken);
                }
                catch (CommandRejectedException rejected)
                {
                    var e = rejected.Errors[0];
                    throw new ExecutionError($"{e.Field}: {e.Message}") { Code = e.Code == ErrorCodes.NotFound ? "NOT_FOUND" : "INVALID_ARGUMENT" };
                }
            });

        query.Field<NonNullGraphType<ConnectionGraphType<PurchaseProposalGraphType, PurchaseProposalView>>>("purchaseProposals")
            .Description("The saved purchase proposals, newest first (the ministry).")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var first = Cursor.PageSize(c.GetArgument<int?>("first"));
                var offset = Cursor.OffsetAfter(c.GetArgument<string?>("after"));
                if (!caller.IsMinistry) return new Page<PurchaseProposalView>([], offset, 0);
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var all = (await session.Query<PurchaseProposalView>().ToListAsync(c.CancellationToken)).OrderByDescending(p => p.SavedAt).ToList();
                return new Page<PurchaseProposalView>([.. all.Skip(offset).Take(first)], offset, all.Count);
            });

        query.Field<NonNullGraphType<AssetFiguresGraphType>>("assetFigures")
            .Description("Learners per working device, classrooms with a device, devices broken or lost in the school year, the SDG 4.a.1 "
                + "services and schools below the bandwidth they need, within your scope, grouped as asked; with asOf, asOfSequence or "
                + "checkpoint as they were then (adr/0030).")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<AssetDimensionGraphType>>>>("groupBy")
            .Argument<AssetFiguresFilterGraphType>("filter")
            .TimeTravelArguments()
            .ResolveAsync(async c =>
            {
                var year = YearArgument(c);
                var (asOf, sequence) = await FigureArguments.ResolveAsync(c);
                return await c.RequestServices!.GetRequiredService<AssetFiguresQueries>().FiguresAsync(c.Caller(), year,
                    c.GetArgument<List<AssetDimension>>("groupBy") ?? [], Filter(c), asOf, sequence, c.CancellationToken);
            });
    }

    public static void AddSubscriptions(ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<AssetFiguresGraphType>, AssetFiguresAnswer>("assetFiguresChanged")
            .Description("Asset figures, live: first the figures, then the recomputed figures whenever assets or enrolments change them.")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<AssetDimensionGraphType>>>>("groupBy")
            .Argument<AssetFiguresFilterGraphType>("filter")
            .ResolveStreamAsync(c => Task.FromResult<IObservable<AssetFiguresAnswer?>>(c.RequestServices!.GetRequiredService<AssetFiguresFeed>()
                .Watch(c.Caller(), YearArgument(c), c.GetArgument<List<AssetDimension>>("groupBy") ?? [], Filter(c))));

    public static void AddMutations(ObjectGraphType mutation)
    {
        Infrastructure<RegisterRooms, RegisterRoomsInputGraphType>(mutation, "registerRooms", x => x.SchoolId, null,
            "Register rooms of a school, a list at once: classrooms with their capacity, labs, library, gym (the school, its municipality, "
            + "the ministry).");
        Infrastructure<ChangeRoom, ChangeRoomInputGraphType>(mutation, "changeRoom", x => x.SchoolId, null,
            "Change a room's building, name, use or capacity.");
        Infrastructure<CloseRoom, CloseRoomInputGraphType>(mutation, "closeRoom", x => x.SchoolId, x => x.Reason,
            "Take a room out of use, with the reason.");
        Infrastructure<ReportBasicServices, ReportBasicServicesInputGraphType>(mutation, "reportBasicServices", x => x.SchoolId, x => x.Reason,
            "A school's census answer about its basic services for a school year (SDG 4.a.1), or a correction with the reason.");
        Infrastructure<RecordConnection, RecordConnectionInputGraphType>(mutation, "recordConnection", x => x.SchoolId, null,
            "A school's Internet connection from a date (type NONE for a school without one).");

        mutation.Field<NonNullGraphType<OutagePayloadGraphType>>("reportOutage")
            .Description("A school lost its connection (the crisis case: distance learning without Internet).")
            .Argument<NonNullGraphType<ReportOutageInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<ReportOutage>("input");
                return await MutationRunner.RunAsync<ReportOutage, Guid, OutagePayload>(c, command, async id =>
                    new OutagePayload(id, await LoadAsync<SchoolInfrastructureView>(c, SchoolInfrastructureView.IdFor(command.SchoolId)), []));
            });

        mutation.Field<NonNullGraphType<OutagePayloadGraphType>>("endOutage")
            .Description("A school's connection is back.")
            .Argument<NonNullGraphType<EndOutageInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<EndOutage>("input");
                return await MutationRunner.RunAsync(c, command, async () =>
                    new OutagePayload(command.OutageId, await LoadAsync<SchoolInfrastructureView>(c,
                        SchoolInfrastructureView.IdFor(command.SchoolId)), []));
            });

        Device<RegisterDevice, RegisterDeviceInputGraphType>(mutation, "registerDevice", (c, x) => DeviceIdentity.For(c.Caller().Jurisdiction,
            x.SerialNumber),
            null, "Register a device at a school (optionally in a room); its serial number is unique in the jurisdiction.");
        Device<AssignDevice, AssignDeviceInputGraphType>(mutation, "assignDevice", (_, x) => x.DeviceId, null,
            "Give a working device to a room, a teacher or a learner of its school (a learner's loan with its due date).");
        Device<ReturnDevice, ReturnDeviceInputGraphType>(mutation, "returnDevice", (_, x) => x.DeviceId, null,
            "Take a device back into its school's pool (a loan returned).");
        Device<ChangeDeviceState, ChangeDeviceStateInputGraphType>(mutation, "changeDeviceState", (_, x) => x.DeviceId, x => x.Reason,
            "A device broke, went to repair, was repaired, lost, stolen, found or written off: the new state with the reason.");
        Device<TransferDevice, TransferDeviceInputGraphType>(mutation, "transferDevice", (_, x) => x.DeviceId, x => x.Reason,
            "Move a device to another school (whoever manages both schools).");

        Norms<SetDeviceNorm, SetDeviceNormInputGraphType>(mutation, "setDeviceNorm", "Set a device norm (ministry only).");
        Norms<RemoveDeviceNorm, RemoveDeviceNormInputGraphType>(mutation, "removeDeviceNorm", "Remove a device norm (ministry only).");
        Norms<SetBandwidthNorm, SetBandwidthNormInputGraphType>(mutation, "setBandwidthNorm",
            "The least bandwidth down a school needs per learner, Mbit/s (ministry only).");
        Norms<SetDevicePrice, SetDevicePriceInputGraphType>(mutation, "setDevicePrice",
            "A price of the price list: a device type's unit price in a currency (ministry only).");

        mutation.Field<NonNullGraphType<PurchaseProposalPayloadGraphType>>("savePurchaseProposal")
            .Description("Compute a purchase proposal and save it under a name (ministry only), as of asOfSequence or of now; it records the "
                + "sequence it was computed at.")
            .Argument<NonNullGraphType<SavePurchaseProposalInputGraphType>>("input")
            .ResolveAsync(async c => await MutationRunner.RunAsync<SavePurchaseProposal, Guid, PurchaseProposalPayload>(c,
                c.GetArgument<SavePurchaseProposal>("input"), async id => new PurchaseProposalPayload(await LoadAsync<PurchaseProposalView>(c,
                    id), [])));

        mutation.Field<NonNullGraphType<PurchaseProposalPayloadGraphType>>("sendProposalToBudget")
            .Description("Send a saved proposal to Budget as a budget request (ministry only, once).")
            .Argument<NonNullGraphType<SendProposalToBudgetInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<SendProposalToBudget>("input");
                return await MutationRunner.RunAsync(c, command,
                    async () => new PurchaseProposalPayload(await LoadAsync<PurchaseProposalView>(c, command.ProposalId), []));
            });
    }

    private static void Infrastructure<TCommand, TInput>(ObjectGraphType mutation, string name, Func<TCommand, Guid> school,
        Func<TCommand, string?>? reason, string description)
        where TCommand : notnull
        where TInput : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<InfrastructurePayloadGraphType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInput>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<TCommand>("input");
                return await MutationRunner.RunAsync(c, command, async () =>
                    new InfrastructurePayload(await LoadAsync<SchoolInfrastructureView>(c, SchoolInfrastructureView.IdFor(school(command))), []),
                    reason?.Invoke(command));
            });

    private static void Device<TCommand, TInput>(ObjectGraphType mutation, string name, Func<IResolveFieldContext, TCommand, Guid> device,
        Func<TCommand, string?>? reason, string description)
        where TCommand : notnull
        where TInput : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<DevicePayloadGraphType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInput>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<TCommand>("input");
                return await MutationRunner.RunAsync(c, command,
                    async () => new DevicePayload(await LoadAsync<DeviceView>(c, device(c, command)), []), reason?.Invoke(command));
            });

    private static void Norms<TCommand, TInput>(ObjectGraphType mutation, string name, string description)
        where TCommand : notnull
        where TInput : IInputObjectGraphType =>
        mutation.Field<NonNullGraphType<AssetNormsPayloadGraphType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInput>>("input")
            .ResolveAsync(async c => await MutationRunner.RunAsync(c, c.GetArgument<TCommand>("input"),
                async () => new AssetNormsPayload(await LoadAsync<AssetNormsView>(c, AssetNormsView.IdFor(c.Caller().Jurisdiction)), [])));

    private static IDocumentStore Store(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<IDocumentStore>();

    private static async Task<T?> LoadAsync<T>(IResolveFieldContext c, Guid id) where T : notnull
    {
        await using var session = Store(c).QuerySession(c.Caller().Jurisdiction);
        return await session.LoadAsync<T>(id, c.CancellationToken);
    }

    private static string YearArgument(IResolveFieldContext c)
    {
        var year = c.GetArgument<string>("schoolYear");
        return Platform.Text.SchoolYear.IsValid(year) ? year
            : throw new ExecutionError($"schoolYear: '{year}' is not a school year; it is written like 2025/2026.") { Code = "INVALID_ARGUMENT" };
    }

    private static AssetFiguresFilter Filter(IResolveFieldContext c)
    {
        var filter = c.GetArgument<AssetFiguresFilter?>("filter") ?? AssetFiguresFilter.None;
        if (filter.MinimumMbps is <= 0) throw new ExecutionError("filter.minimumMbps: a bandwidth is more than 0.") { Code = "INVALID_ARGUMENT" };
        return filter;
    }
}
