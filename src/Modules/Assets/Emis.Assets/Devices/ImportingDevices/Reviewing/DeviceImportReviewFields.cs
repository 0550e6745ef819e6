using Emis.Assets.Schools;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Assets.Devices.ImportingDevices.Reviewing;

/// <summary><c>deviceImportReview</c> and <c>decideDeviceImportRow</c>: the device import's review queue, as the learner import's.</summary>
internal static class DeviceImportReviewFields
{
    private static readonly string[] Reviewers = [Roles.MinistryAdmin, Roles.MunicipalityOfficer, Roles.SchoolAdmin];

    public static void AddQueries(ObjectGraphType query) =>
        query.Field<ConnectionGraphType<DeviceImportRowGraphType, DeviceRowResult>>("deviceImportReview")
            .Description(
                "The rows of a device import held for review, in your scope and file order; decide each with decideDeviceImportRow. Null when " +
                "the import is not in your scope.")
            .Argument<NonNullGraphType<IdGraphType>>("importId")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(Reviewers);
                var review = Review(c);
                var import = await review.ImportAsync(caller, c.GetArgument<Guid>("importId"), c.CancellationToken);
                if (import is null) return null;
                return await review.RowsAsync(caller, import, [RowStatus.Review], Cursor.OffsetAfter(c.GetArgument<string?>("after")),
                    Cursor.PageSize(c.GetArgument<int?>("first")), c.CancellationToken);
            });

    public static void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<DecideDeviceImportRowPayloadGraphType>>("decideDeviceImportRow")
            .Description(
                "Decides a device row held for review, once: REGISTER registers the device (as registerDevice does; a serial number registered " +
                "already is refused as DUPLICATE naming the device) at the school chosen and optionally in one of its rooms; REJECT records why.")
            .Argument<NonNullGraphType<DecideDeviceImportRowInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                var command = c.GetArgument<DecideDeviceImportRow>("input");
                var emis = c.EmisContext();
                var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
                return await Review(c).DecideAsync(emis.Caller, emis.CommandContext(reason), command, c.CancellationToken);
            });

    private static DeviceImportReview Review(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<DeviceImportReview>();
}

public sealed class DeviceImportDecisionGraphType : EnumerationGraphType<DeviceImportDecision>
{
    public DeviceImportDecisionGraphType()
    {
        Name = "DeviceImportDecision";
        Description = "REGISTER registers the row's device; REJECT leaves it out, with the reason.";
    }
}

public sealed class DecideDeviceImportRowInputGraphType : InputObjectGraphType<DecideDeviceImportRow>
{
    public DecideDeviceImportRowInputGraphType()
    {
        Name = "DecideDeviceImportRowInput";
        Field(x => x.ImportId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Row).Description("The row's line in the file, as the report gives it.");
        Field(x => x.Decision, type: typeof(NonNullGraphType<DeviceImportDecisionGraphType>));
        Field(x => x.SchoolId, type: typeof(IdGraphType)).Description(
            "For REGISTER: the school (one of the row's candidates, or another school you manage); required when the row's school is uncertain.");
        Field(x => x.RoomId, type: typeof(IdGraphType)).Description(
            "For REGISTER: a room of that school in use; omitted, the room the row matched (none when it matched none).");
        Field(x => x.Reason, nullable: true).Description("Required for REJECT; recorded with the decision and on the device's event otherwise.");
    }
}

public sealed class DecideDeviceImportRowPayloadGraphType : ObjectGraphType<DeviceRowDecided>
{
    public DecideDeviceImportRowPayloadGraphType()
    {
        Name = "DecideDeviceImportRowPayload";
        Field(x => x.Result, type: typeof(DeviceImportRowGraphType)).Description("The row's new result; null when refused.");
        Field(x => x.Device, type: typeof(DeviceGraphType)).Description("The device registered (REGISTER).");
        this.ErrorsField();
    }
}

/// <summary>One row of a device import report.</summary>
public sealed class DeviceImportRowGraphType : ObjectGraphType<DeviceRowResult>
{
    public DeviceImportRowGraphType()
    {
        Name = "DeviceImportRow";
        Field(x => x.Row).Description("The row's line in the file (the header is line 1).");
        Field<NonNullGraphType<ImportRowStatusGraphType>>("status").Resolve(c => ImportStatuses.Of(c.Source.Status));
        Field(x => x.Device, type: typeof(NonNullGraphType<DeviceImportDeviceGraphType>)).Description("The device as the row gives it, cleaned.");
        Field(x => x.Other, type: typeof(DeviceImportOtherDeviceGraphType)).Description(
            "For a serial number registered already (or in an earlier row): that device.");
        Field(x => x.Corrections, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ImportCorrectionGraphType>>>));
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<ImportRowProblemGraphType>>>))
            .Description("For a rejected row, why; for a row held for review, the doubts a person must settle.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DeviceImportSchoolCandidateGraphType>>>>("candidates")
            .Description("For a row whose school is uncertain: the schools to choose from (schoolId), closest first.")
            .ResolveAsync(async c =>
            {
                if (c.Source.Candidates is not { Count: > 0 } candidates) return Array.Empty<DeviceSchoolCandidate>();
                var codes = candidates.Select(x => x.Code).ToArray();
                await using var session = c.RequestServices!.GetRequiredService<IDocumentStore>().QuerySession(c.Caller().Jurisdiction);
                var ids = (await session.Query<AssetsSchool>().Where(s => s.Code.IsOneOf(codes)).ToListAsync(c.CancellationToken))
                    .ToDictionary(s => s.Code, s => s.Id);
                return candidates.Select(x => new DeviceSchoolCandidate(ids.GetValueOrDefault(x.Code), x.Code, x.Name, x.Confidence)).ToList();
            });
        Field(x => x.Decision, type: typeof(DeviceImportReviewDecisionGraphType)).Description("Set once a reviewer decided the row.");
    }
}

/// <summary>A school a row held for review may belong to, with its id for decideDeviceImportRow.</summary>
public sealed record DeviceSchoolCandidate(Guid SchoolId, string Code, string Name, double Confidence);

public sealed class DeviceImportSchoolCandidateGraphType : ObjectGraphType<DeviceSchoolCandidate>
{
    public DeviceImportSchoolCandidateGraphType()
    {
        Name = "DeviceImportSchoolCandidate";
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Confidence);
    }
}

public sealed class DeviceImportDeviceGraphType : ObjectGraphType<ReportedDevice>
{
    public DeviceImportDeviceGraphType()
    {
        Name = "DeviceImportDevice";
        Description = "The device a row registered or would register, as cleaning (and the review) left it.";
        Field(x => x.DeviceId, type: typeof(IdGraphType)).Description("The device in Emis (see `device(id)`), once registered.");
        Field(x => x.SerialNumber, nullable: true);
        Field(x => x.Type, nullable: true);
        Field(x => x.Make, nullable: true);
        Field(x => x.Model, nullable: true);
        Field(x => x.AcquiredOn, nullable: true).Description("yyyy-MM-dd.");
        Field(x => x.Cost, nullable: true);
        Field(x => x.Currency, nullable: true);
        Field(x => x.FundingSource, nullable: true);
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Room, nullable: true).Description("The room as the file wrote it.");
        Field(x => x.RoomId, type: typeof(IdGraphType)).Description("The school's room it matched (or was registered in).");
        Field(x => x.State);
    }
}

public sealed class DeviceImportOtherDeviceGraphType : ObjectGraphType<OtherDevice>
{
    public DeviceImportOtherDeviceGraphType()
    {
        Name = "DeviceImportOtherDevice";
        Description = "The device a row's serial number belongs to already: in Emis, or an earlier row's of the same file.";
        Field(x => x.DeviceId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Row, nullable: true).Description("The earlier row of this file, when it came from the file.");
        Field(x => x.SerialNumber);
        Field(x => x.Type);
        Field(x => x.Make);
        Field(x => x.Model);
        Field(x => x.SchoolCode);
    }
}

public sealed class DeviceImportReviewDecisionGraphType : ObjectGraphType<ReviewDecision>
{
    public DeviceImportReviewDecisionGraphType()
    {
        Name = "DeviceImportReviewDecision";
        Description = "Who decided a row held for review, what, when and why.";
        Field<NonNullGraphType<DeviceImportDecisionGraphType>>("decision")
            .Resolve(c => c.Source.Decision == "REGISTER" ? DeviceImportDecision.Register : DeviceImportDecision.Reject);
        Field(x => x.Actor);
        Field(x => x.DecidedAt);
        Field(x => x.Reason, nullable: true);
    }
}
