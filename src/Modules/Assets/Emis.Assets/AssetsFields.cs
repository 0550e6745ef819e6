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
                var year = SchoolYear(c);
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
                var year = SchoolYear(c);
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
                .Watch(c.Caller(), SchoolYear(c), c.GetArgument<List<AssetDimension>>("groupBy") ?? [], Filter(c))));

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<InfrastructurePayloadGraphType>>("registerRooms")
            .Description("Register rooms of a school, a list at once: classrooms with their capacity, labs, library, gym "
                + "(the school, its municipality, the ministry).")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<RoomInputGraphType>>>>("rooms")
            .ResolveAsync(async c => await Infrastructure(c, new RegisterRooms(c.GetArgument<Guid>("schoolId"),
                c.GetArgument<List<RoomInput>>("rooms"))));

        mutation.Field<NonNullGraphType<InfrastructurePayloadGraphType>>("changeRoom")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<IdGraphType>>("roomId")
            .Argument<NonNullGraphType<RoomInputGraphType>>("room")
            .ResolveAsync(async c => await Infrastructure(c,
                new ChangeRoom(c.GetArgument<Guid>("schoolId"), c.GetArgument<Guid>("roomId"), c.GetArgument<RoomInput>("room"))));

        mutation.Field<NonNullGraphType<InfrastructurePayloadGraphType>>("closeRoom")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<IdGraphType>>("roomId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c => await Infrastructure(c,
                new CloseRoom(c.GetArgument<Guid>("schoolId"), c.GetArgument<Guid>("roomId"), c.GetArgument<string>("reason")),
                    c.GetArgument<string>("reason")));

        mutation.Field<NonNullGraphType<InfrastructurePayloadGraphType>>("reportBasicServices")
            .Description("A school's census answer about its basic services for a school year (SDG 4.a.1), or a correction with the reason.")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<NonNullGraphType<ReportKindGraphType>>("kind")
            .Argument<NonNullGraphType<BasicServicesInputGraphType>>("services")
            .Argument<StringGraphType>("reason")
            .ResolveAsync(async c => await Infrastructure(c, new ReportBasicServices(c.GetArgument<Guid>("schoolId"),
                c.GetArgument<string>("schoolYear"),
                c.GetArgument<ReportKind>("kind"), c.GetArgument<BasicServices>("services"), c.GetArgument<string?>("reason")),
                    c.GetArgument<string?>("reason")));

        mutation.Field<NonNullGraphType<InfrastructurePayloadGraphType>>("recordConnection")
            .Description("A school's Internet connection from a date (type NONE for a school without one).")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<ConnectionTypeGraphType>>("type")
            .Argument<NonNullGraphType<DecimalGraphType>>("downMbps")
            .Argument<NonNullGraphType<DecimalGraphType>>("upMbps")
            .Argument<StringGraphType>("provider")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("since")
            .ResolveAsync(async c => await Infrastructure(c, new RecordConnection(c.GetArgument<Guid>("schoolId"),
                c.GetArgument<ConnectionType>("type"),
                c.GetArgument<decimal>("downMbps"), c.GetArgument<decimal>("upMbps"), c.GetArgument<string?>("provider"),
                    c.GetArgument<DateOnly>("since"))));

        mutation.Field<NonNullGraphType<OutagePayloadGraphType>>("reportOutage")
            .Description("A school lost its connection (the crisis case: distance learning without Internet).")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("started")
            .Argument<NonNullGraphType<StringGraphType>>("description")
            .ResolveAsync(async c =>
            {
                var command = new ReportOutage(c.GetArgument<Guid>("schoolId"), c.GetArgument<DateOnly>("started"),
                    c.GetArgument<string>("description"));
                return await MutationRunner.RunAsync<ReportOutage, Guid, OutagePayload>(c, command, async id =>
                    new OutagePayload(id, await LoadAsync<SchoolInfrastructureView>(c, SchoolInfrastructureView.IdFor(command.SchoolId)), []));
            });

        mutation.Field<NonNullGraphType<OutagePayloadGraphType>>("endOutage")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<IdGraphType>>("outageId")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("ended")
            .ResolveAsync(async c =>
            {
                var command = new EndOutage(c.GetArgument<Guid>("schoolId"), c.GetArgument<Guid>("outageId"), c.GetArgument<DateOnly>("ended"));
                return await MutationRunner.RunAsync(c, command, async () =>
                    new OutagePayload(command.OutageId, await LoadAsync<SchoolInfrastructureView>(c,
                        SchoolInfrastructureView.IdFor(command.SchoolId)), []));
            });

        mutation.Field<NonNullGraphType<DevicePayloadGraphType>>("registerDevice")
            .Description("Register a device at a school (optionally in a room); its serial number is unique in the jurisdiction.")
            .Argument<NonNullGraphType<IdGraphType>>("schoolId")
            .Argument<NonNullGraphType<StringGraphType>>("serialNumber")
            .Argument<NonNullGraphType<DeviceTypeGraphType>>("type")
            .Argument<NonNullGraphType<StringGraphType>>("make")
            .Argument<NonNullGraphType<StringGraphType>>("model")
            .Argument<DateOnlyGraphType>("acquiredOn")
            .Argument<DecimalGraphType>("cost")
            .Argument<StringGraphType>("currency")
            .Argument<StringGraphType>("fundingSource", "Who paid for it (a donor programme, the ministry's budget).")
            .Argument<IdGraphType>("roomId")
            .ResolveAsync(async c =>
            {
                var command = new RegisterDevice(c.GetArgument<Guid>("schoolId"), c.GetArgument<string>("serialNumber"),
                    c.GetArgument<DeviceType>("type"),
                    c.GetArgument<string>("make"), c.GetArgument<string>("model"), c.GetArgument<DateOnly?>("acquiredOn"),
                        c.GetArgument<decimal?>("cost"),
                    c.GetArgument<string?>("currency"), c.GetArgument<string?>("fundingSource"), c.GetArgument<Guid?>("roomId"));
                return await MutationRunner.RunAsync(c, command, async () =>
                    new DevicePayload(await LoadAsync<DeviceView>(c, DeviceIdentity.For(c.Caller().Jurisdiction, command.SerialNumber)), []));
            });

        mutation.Field<NonNullGraphType<DevicePayloadGraphType>>("assignDevice")
            .Description("Give a working device to a room, a teacher or a learner of its school (a learner's loan with its due date).")
            .Argument<NonNullGraphType<IdGraphType>>("deviceId")
            .Argument<IdGraphType>("roomId")
            .Argument<IdGraphType>("staffId")
            .Argument<IdGraphType>("learnerId")
            .Argument<DateOnlyGraphType>("dueOn")
            .ResolveAsync(async c => await Device(c, new AssignDevice(c.GetArgument<Guid>("deviceId"), c.GetArgument<Guid?>("roomId"),
                c.GetArgument<Guid?>("staffId"), c.GetArgument<Guid?>("learnerId"), c.GetArgument<DateOnly?>("dueOn")), x => x.DeviceId));

        mutation.Field<NonNullGraphType<DevicePayloadGraphType>>("returnDevice")
            .Description("Take a device back into its school's pool (a loan returned).")
            .Argument<NonNullGraphType<IdGraphType>>("deviceId")
            .Argument<StringGraphType>("note")
            .ResolveAsync(async c => await Device(c, new ReturnDevice(c.GetArgument<Guid>("deviceId"), c.GetArgument<string?>("note")), x =>
                x.DeviceId));

        mutation.Field<NonNullGraphType<DevicePayloadGraphType>>("changeDeviceState")
            .Description("A device broke, went to repair, was repaired, lost, stolen, found or written off: the new state with the reason.")
            .Argument<NonNullGraphType<IdGraphType>>("deviceId")
            .Argument<NonNullGraphType<DeviceStateGraphType>>("state")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .Argument<DateOnlyGraphType>("on", "When it happened (today when not given).")
            .ResolveAsync(async c => await Device(c, new ChangeDeviceState(c.GetArgument<Guid>("deviceId"), c.GetArgument<DeviceState>("state"),
                c.GetArgument<string>("reason"), c.GetArgument<DateOnly?>("on")), x => x.DeviceId, c.GetArgument<string>("reason")));

        mutation.Field<NonNullGraphType<DevicePayloadGraphType>>("transferDevice")
            .Description("Move a device to another school (whoever manages the school it leaves).")
            .Argument<NonNullGraphType<IdGraphType>>("deviceId")
            .Argument<NonNullGraphType<IdGraphType>>("toSchoolId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c => await Device(c, new TransferDevice(c.GetArgument<Guid>("deviceId"), c.GetArgument<Guid>("toSchoolId"),
                c.GetArgument<string>("reason")), x => x.DeviceId, c.GetArgument<string>("reason")));

        mutation.Field<NonNullGraphType<AssetNormsPayloadGraphType>>("setDeviceNorm")
            .Description("Set a device norm (ministry only): QUANTITY devices PER_CLASSROOM or PER_SCHOOL, or one per LEARNERS_PER_DEVICE learners "
                + "of grades GRADE_FROM–GRADE_TO (PER_LEARNERS).")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .Argument<NonNullGraphType<StringGraphType>>("description")
            .Argument<NonNullGraphType<DeviceTypeGraphType>>("deviceType")
            .Argument<NonNullGraphType<NormBasisGraphType>>("basis")
            .Argument<IntGraphType>("quantity", "Devices per classroom or per school (1 when not given).")
            .Argument<IntGraphType>("learnersPerDevice")
            .Argument<IntGraphType>("gradeFrom")
            .Argument<IntGraphType>("gradeTo")
            .ResolveAsync(async c => await Norms(c, new SetDeviceNorm(c.GetArgument<string>("code"), c.GetArgument<string>("description"),
                c.GetArgument<DeviceType>("deviceType"), c.GetArgument<NormBasis>("basis"), c.GetArgument<int?>("quantity") ?? 1,
                c.GetArgument<int?>("learnersPerDevice"), c.GetArgument<int?>("gradeFrom"), c.GetArgument<int?>("gradeTo"))));

        mutation.Field<NonNullGraphType<AssetNormsPayloadGraphType>>("removeDeviceNorm")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ResolveAsync(async c => await Norms(c, new RemoveDeviceNorm(c.GetArgument<string>("code"))));

        mutation.Field<NonNullGraphType<AssetNormsPayloadGraphType>>("setBandwidthNorm")
            .Description("The least bandwidth down a school needs per learner, Mbit/s (ministry only).")
            .Argument<NonNullGraphType<DecimalGraphType>>("mbpsPerLearner")
            .ResolveAsync(async c => await Norms(c, new SetBandwidthNorm(c.GetArgument<decimal>("mbpsPerLearner"))));

        mutation.Field<NonNullGraphType<AssetNormsPayloadGraphType>>("setDevicePrice")
            .Description("A price of the price list: a device type's unit price in a currency (ministry only).")
            .Argument<NonNullGraphType<DeviceTypeGraphType>>("deviceType")
            .Argument<NonNullGraphType<StringGraphType>>("currency")
            .Argument<NonNullGraphType<DecimalGraphType>>("unitPrice")
            .ResolveAsync(async c => await Norms(c, new SetDevicePrice(c.GetArgument<DeviceType>("deviceType"), c.GetArgument<string>("currency"),
                c.GetArgument<decimal>("unitPrice"))));

        mutation.Field<NonNullGraphType<PurchaseProposalPayloadGraphType>>("savePurchaseProposal")
            .Description("Compute a purchase proposal and save it under a name (ministry only), as of asOfSequence or of now; it records the "
                + "sequence it was computed at.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<NonNullGraphType<StringGraphType>>("currency")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("norms")
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("schoolIds")
            .Argument<StringGraphType>("municipality")
            .Argument<LongGraphType>("asOfSequence")
            .ResolveAsync(async c =>
            {
                var command = new SavePurchaseProposal(c.GetArgument<string>("name"), c.GetArgument<string>("schoolYear"),
                    c.GetArgument<string>("currency"),
                    c.GetArgument<List<string>?>("norms"), c.GetArgument<List<Guid>?>("schoolIds"), c.GetArgument<string?>("municipality"),
                    c.GetArgument<long?>("asOfSequence"));
                return await MutationRunner.RunAsync<SavePurchaseProposal, Guid, PurchaseProposalPayload>(c, command,
                    async id => new PurchaseProposalPayload(await LoadAsync<PurchaseProposalView>(c, id), []));
            });

        mutation.Field<NonNullGraphType<PurchaseProposalPayloadGraphType>>("sendProposalToBudget")
            .Description("Send a saved proposal to Budget as a budget request (ministry only, once).")
            .Argument<NonNullGraphType<IdGraphType>>("proposalId")
            .ResolveAsync(async c =>
            {
                var command = new SendProposalToBudget(c.GetArgument<Guid>("proposalId"));
                return await MutationRunner.RunAsync(c, command,
                    async () => new PurchaseProposalPayload(await LoadAsync<PurchaseProposalView>(c, command.ProposalId), []));
            });
    }

    private static async Task<InfrastructurePayload> Infrastructure<TCommand>(IResolveFieldContext c, TCommand command, string? reason = null)
        where TCommand : notnull
    {
        var schoolId = c.GetArgument<Guid>("schoolId");
        return await MutationRunner.RunAsync(c, command, async () =>
            new InfrastructurePayload(await LoadAsync<SchoolInfrastructureView>(c, SchoolInfrastructureView.IdFor(schoolId)), []), reason);
    }

    private static async Task<DevicePayload> Device<TCommand>(IResolveFieldContext c, TCommand command, Func<TCommand, Guid> id,
        string? reason = null)
        where TCommand : notnull =>
        await MutationRunner.RunAsync(c, command, async () => new DevicePayload(await LoadAsync<DeviceView>(c, id(command)), []), reason);

    private static async Task<AssetNormsPayload> Norms<TCommand>(IResolveFieldContext c, TCommand command) where TCommand : notnull =>
        await MutationRunner.RunAsync(c, command, async () => new AssetNormsPayload(await LoadAsync<AssetNormsView>(c,
            AssetNormsView.IdFor(c.Caller().Jurisdiction)), []));

    private static IDocumentStore Store(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<IDocumentStore>();

    private static async Task<T?> LoadAsync<T>(IResolveFieldContext c, Guid id) where T : notnull
    {
        await using var session = Store(c).QuerySession(c.Caller().Jurisdiction);
        return await session.LoadAsync<T>(id, c.CancellationToken);
    }

    private static string SchoolYear(IResolveFieldContext c)
    {
        var year = c.GetArgument<string>("schoolYear");
        return Assets.IsSchoolYear(year) ? year
            : throw new ExecutionError($"schoolYear: '{year}' is not a school year; it is written like 2025/2026.") { Code = "INVALID_ARGUMENT" };
    }

    private static AssetFiguresFilter Filter(IResolveFieldContext c)
    {
        var filter = c.GetArgument<AssetFiguresFilter?>("filter") ?? AssetFiguresFilter.None;
        if (filter.MinimumMbps is <= 0) throw new ExecutionError("filter.minimumMbps: a bandwidth is more than 0.") { Code = "INVALID_ARGUMENT" };
        return filter;
    }
}
