using System.Text.Json.Nodes;
using Emis.Platform.Auth;

namespace Emis.Assets.Tests;

/// <summary>GraphQL documents and set-up shared by Assets' integration tests.</summary>
internal static class AssetsRequests
{
    public const string Year = LearnerRequests.Year;

    private const string InfrastructureFields =
        "infrastructure { schoolId classrooms buildings rooms { roomId name kind capacity closed } services { schoolYear kind services { electricity "
        + "internet adaptedForDisabilities } } connection { type downMbps } openOutage { outageId } version } errors { code field message }";

    public const string Rooms = $$"""
        mutation($school: ID!, $rooms: [RoomInput!]!) { registerRooms(input: { schoolId: $school, rooms: $rooms }) { {{InfrastructureFields}} } }
        """;

    public const string Services = $$"""
        mutation($school: ID!, $year: String!, $kind: ServicesReportKind!, $services: BasicServicesInput!, $reason: String) {
          reportBasicServices(input: { schoolId: $school, schoolYear: $year, kind: $kind, services: $services,
            reason: $reason }) { {{InfrastructureFields}} }
        }
        """;

    public const string Connection = $$"""
        mutation($school: ID!, $type: ConnectionType!, $down: Decimal!, $up: Decimal!, $since: DateOnly!) {
          recordConnection(input: { schoolId: $school, type: $type, downMbps: $down, upMbps: $up, provider: "BH Telecom", since: $since }) {
            {{InfrastructureFields}}
          }
        }
        """;

    private const string DeviceFields =
        "device { id serialNumber type state schoolCode holder { kind roomId staffId learnerId dueOn } version } errors { code field message }";

    public const string Device = $$"""
        mutation($school: ID!, $serial: String!, $type: DeviceType!, $room: ID, $cost: Decimal) {
          registerDevice(input: { schoolId: $school, serialNumber: $serial, type: $type, make: "Lenovo", model: "ThinkPad E14",
            acquiredOn: "2025-09-01",
                         cost: $cost, currency: "BAM", fundingSource: "EU IPA", roomId: $room }) { {{DeviceFields}} }
        }
        """;

    public const string Assign = $$"""
        mutation($device: ID!, $room: ID, $staff: ID, $learner: ID, $due: DateOnly) {
          assignDevice(input: { deviceId: $device, roomId: $room, staffId: $staff, learnerId: $learner, dueOn: $due }) { {{DeviceFields}} }
        }
        """;

    public const string State = $$"""
        mutation($device: ID!, $state: DeviceState!, $reason: String!, $on: DateOnly) {
          changeDeviceState(input: { deviceId: $device, state: $state, reason: $reason, on: $on }) { {{DeviceFields}} }
        }
        """;

    public const string Transfer = $$"""
        mutation($device: ID!, $to: ID!) { transferDevice(input: { deviceId: $device, toSchoolId: $to, reason: "lab closed" }) { {{DeviceFields}} } }
        """;

    public const string Norm = """
        mutation($code: String!, $type: DeviceType!, $basis: NormBasis!, $quantity: Int, $per: Int, $from: Int, $to: Int) {
          setDeviceNorm(input: { code: $code, description: "norm", deviceType: $type, basis: $basis, quantity: $quantity, learnersPerDevice: $per,
                        gradeFrom: $from, gradeTo: $to }) { norms { norms { code } } errors { code field message } }
        }
        """;

    public const string Price = """
        mutation($type: DeviceType!, $currency: String!, $price: Decimal!) {
          setDevicePrice(input: { deviceType: $type, currency: $currency, unitPrice: $price }) {
            norms { prices { deviceType currency unitPrice } } errors { code field message }
          }
        }
        """;

    public const string Bandwidth = """
        mutation($mbps: Decimal!) { setBandwidthNorm(input: { mbpsPerLearner: $mbps }) { norms { mbpsPerLearner } errors { code field message } } }
        """;

    private const string LineFields = "schoolId schoolCode municipality deviceType classrooms learners required working shortfall unitPrice amount";

    public const string Compute = $$"""
        query($year: String!, $currency: String!, $norms: [String!], $schools: [ID!], $seq: Long) {
          purchaseProposal(schoolYear: $year, currency: $currency, norms: $norms, schoolIds: $schools, asOfSequence: $seq) {
            sequence schoolIds lines { {{LineFields}} } totals { deviceType shortfall unitPrice amount } total problems
          }
        }
        """;

    public const string Save = $$"""
        mutation($name: String!, $year: String!, $currency: String!, $norms: [String!]) {
          savePurchaseProposal(input: { name: $name, schoolYear: $year, currency: $currency, norms: $norms }) {
            proposal {
              id name sequence schoolIds norms { code } lines { {{LineFields}} } totals { deviceType shortfall amount } total csvUrl sentToBudgetAt
            }
            errors { code field message }
          }
        }
        """;

    public const string Send = """
        mutation($id: ID!) { sendProposalToBudget(input: { proposalId: $id }) { proposal { id sentToBudgetAt } errors { code field message } } }
        """;

    public const string Figures = """
        query($year: String!, $groupBy: [AssetDimension!]!, $filter: AssetFiguresFilter, $seq: Long) {
          assetFigures(schoolYear: $year, groupBy: $groupBy, filter: $filter, asOfSequence: $seq) {
            sequence mbpsPerLearner
            rows { municipality schoolCode level deviceType state devices workingDevices learners classrooms brokenOrLostDevices schoolsReporting
                   connectionsRecorded
                   learnersPerDevice { value numerator denominator reason } classroomsWithDevice { value numerator denominator reason }
                   brokenOrLost { value numerator denominator } electricity { value numerator denominator reason } internet { value }
                   computers { value } adaptedForDisabilities { value } drinkingWater { value } singleSexSanitation { value } handwashing { value }
                   belowBandwidth { value numerator denominator reason } }
          }
        }
        """;

    public static object Classrooms(int count, string building = "Main") =>
        Enumerable.Range(1, count).Select(i => new { building, name = $"Učionica {i}", kind = "CLASSROOM", capacity = 28 }).ToArray();

    public static async Task<JsonObject> RoomsAsync(this EmisHostFixture host, Caller caller, string school, object rooms)
    {
        var payload = await host.MutateAsync(caller, Rooms, new { school, rooms }, "registerRooms");
        LearnerRequests.Ok(payload);
        return payload["infrastructure"]!.AsObject();
    }

    public static async Task<JsonObject> DeviceAsync(this EmisHostFixture host, Caller caller, string school, string serial, string type = "LAPTOP",
        string? room = null, decimal? cost = 1400m) =>
        await host.MutateAsync(caller, Device, new { school, serial, type, room, cost }, "registerDevice");

    public static async Task<string> RegisteredAsync(this EmisHostFixture host, Caller caller, string school, string serial, string type = "LAPTOP",
        string? room = null)
    {
        var payload = await host.DeviceAsync(caller, school, serial, type, room);
        LearnerRequests.Ok(payload);
        return payload["device"]!["id"]!.GetValue<string>();
    }

    public static object AllServices(string electricity = "GRID", string internet = "PUPILS", bool ramps = true, bool water = true) => new
    {
        electricity,
        internet,
        computers = true,
        ramps,
        accessibleToilets = true,
        adaptedMaterials = true,
        drinkingWater = water,
        singleSexSanitation = true,
        handwashing = true,
    };
}
