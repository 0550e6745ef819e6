using System.Diagnostics;
using Emis.Features.Rebuild;
using Emis.Platform.ReadModels;
using Npgsql;

namespace Emis.Host.Tests;

/// <summary>
/// A host and a database of their own: rebuilds replace the rows of every jurisdiction, and the tests here change rows
/// behind Emis's back on purpose.
/// </summary>
public sealed class RebuildHostFixture : EmisHostFixture;

[CollectionDefinition(Name)]
public sealed class RebuildCollection : ICollectionFixture<RebuildHostFixture>
{
    public const string Name = "rebuild";
}

/// <summary>Read models rebuilt from the event log alone, and <c>audit verify</c> comparing them with the live rows.</summary>
[Collection(RebuildCollection.Name)]
public sealed class RebuildTests(RebuildHostFixture host)
{
    /// <summary>Every kind of event the read models follow, through the commands and through the import's bulk path.</summary>
    private async Task<Jurisdiction> HistoryAsync()
    {
        var j = new Jurisdiction();
        var prizren = await host.SchoolAsync(j, "P-1", "Prizren");
        var gjakova = await host.SchoolAsync(j, "P-2", "Gjakova");
        LearnerRequests.Ok(await host.MutateAsync(
            j.Admin, "mutation($input: RenameSchoolInput!) { renameSchool(input: $input) { errors { code field message } } }",
            new { input = new { schoolId = gjakova, name = "Shkolla e Re", expectedVersion = 1 } }, "renameSchool"));
        var a = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Arta", sex: "FEMALE", disability: "VISUAL"));
        var b = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Besnik", displacement: "REFUGEE", community: "Roma"));
        var c = await host.LearnerAsync(j.Admin, LearnerRequests.NewLearner(prizren, first: "Çlirim"));
        var teacher = await host.TeacherOfAsync(j, "P-1", prizren, (3, "A"));
        LearnerRequests.Ok(await host.MutateAsync(
            j.Admin, StaffRequests.Standards, new { levels = StaffRequests.DefaultStandards }, "setTeacherStandards"));
        // A second version of the standards (a reform): the document keeps both, and its version, as a rebuild does.
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Standards, new
        {
            levels = new[] { new { level = "ISCED1", firstGrade = 1, lastGrade = 5, minimumQualification = 7, certificationRequired = true } },
        }, "setTeacherStandards"));
        // Staff figures: a qualification closes the teacher's post and opens it again with the new attributes.
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.Qualification,
            new { input = new { staffId = teacher.Subject, iscedLevel = 7, field = "Education", institution = "University", year = 2010 } },
            "recordQualification"));
        LearnerRequests.Ok(await host.RecordAttendanceAsync(teacher, prizren, "2025-10-01", (a, "PRESENT"), (b, "ABSENT"), (c, "REMOTE")));
        foreach (var status in new[] { "EXCUSED", "PRESENT" })
        {
            LearnerRequests.Ok(await host.CorrectAttendanceAsync(teacher, prizren, "2025-10-01", b, status, "note"));
        }
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Transfer,
            new
            {
                input = new { learnerId = a.Id(), schoolYear = LearnerRequests.Year, toSchoolId = gjakova, section = "B", reason = "family moved" },
            },
                "transferLearner"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = c.Id(), schoolYear = LearnerRequests.Year, reason = "DROPPED_OUT" } }, "withdrawLearner"));

        // The import's bulk path: events, profiles, statistics and accounts by COPY.
        var csv = "Mbiemri;Emri;Emri i prindit;Datëlindja;Gjinia;Shkolla;Klasa\n" +
                  "Krasniqi;Arben;Ilir;04.03.2013;M;P-1;6\n" +
                  "Hoxha;Elira;Shkëlzen;2012-01-02;F;P-2;6\n";
        var report = await host.ImportCsvAsync(j.Admin, csv);
        Assert.All(report["results"]!.AsArray(), r => Assert.Equal("imported", r!["status"]!.GetValue<string>()));
        var imported = report["results"]![1]!["learner"]!["learnerId"]!.GetValue<string>();
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, LearnerRequests.Withdraw,
            new { input = new { learnerId = imported, schoolYear = LearnerRequests.Year, reason = "MOVED_ABROAD" } }, "withdrawLearner"));

        // The staff import's bulk path: events, profiles (StaffImportWriter) and accounts by COPY.
        var staff = "Mbiemri;Emri;Gjinia;Datëlindja;Shkolla;Pozita;Norma (0-1);Kualifikimi\n" +
                    "Berisha;Teuta;F;02.02.1980;P-1;Mësuese;0,5;Master\n" +
                    "Gashi;Driton;M;1975-05-05;P-2;Drejtor;1;\n";
        var staffReport = await host.ImportCsvAsync(j.Admin, staff, "staff.csv", "staff");
        Assert.All(staffReport["results"]!.AsArray(), r => Assert.Equal("imported", r!["status"]!.GetValue<string>()));

        // Curriculum: the structure, a curriculum version, a section opened by hand, and sections made from the enrolments.
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.SetStructure,
            CurriculumRequests.StructureVariables(), "setEducationStructure"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.Adopt, new
        {
            programme = "OS",
            grades = new[] { 3, 6 },
            from = LearnerRequests.Year,
            subjects = new[] { new { subject = "MAT", weeklyHours = 4m } },
        }, "adoptCurriculumVersion"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin,
            "mutation($input: OpenSectionInput!) { openSection(input: $input) { errors { code field message } } }",
            new { input = new { schoolId = prizren, schoolYear = LearnerRequests.Year, programme = "OS", grade = 3, letter = "Z", language = "sq" } },
            "openSection"));
        await host.DataAsync(j.Admin, "mutation { linkSectionsFromEnrolments { opened } }");

        // Learning materials: a print textbook catalogued, revised and approved, a video approved and withdrawn, a school's copies counted twice.
        var textbook = await host.MutateAsync(j.Admin, CurriculumRequests.CatalogueMaterial,
            CurriculumRequests.Material("Matematika 6", grades: [6], language: "sq"), "catalogueMaterial");
        LearnerRequests.Ok(textbook);
        var textbookId = textbook["material"]!.Id();
        LearnerRequests.Ok(await host.MutateAsync(j.Admin,
            "mutation($input: ReviseMaterialInput!) { reviseMaterial(input: $input) { errors { code field message } } }",
            new
            {
                input = new
                {
                    materialId = textbookId,
                    title = "Matematika 6",
                    subject = "MAT",
                    grades = new[] { 6 },
                    language = "sq",
                    format = "PRINT",
                    accessibility = new[] { "LARGE_PRINT" },
                    licence = "CC BY-SA 4.0",
                },
            }, "reviseMaterial"));
        var video = await host.MutateAsync(j.Admin, CurriculumRequests.CatalogueMaterial,
            CurriculumRequests.Material("Matematika 6 (video)", grades: [6], language: "sq", format: "VIDEO", link: "https://edu.example/m6"),
            "catalogueMaterial");
        foreach (var material in new[] { textbookId, video["material"]!.Id() })
        {
            LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.ApproveMaterial,
                new { input = new { materialId = material, schoolYear = LearnerRequests.Year } }, "approveMaterial"));
        }
        LearnerRequests.Ok(await host.MutateAsync(j.Admin,
            "mutation($input: WithdrawMaterialApprovalInput!) { withdrawMaterialApproval(input: $input) { errors { code field message } } }",
            new { input = new { materialId = video["material"]!.Id(), schoolYear = LearnerRequests.Year, reason = "link broken" } },
            "withdrawMaterialApproval"));
        foreach (var good in new[] { 20, 18 })
        {
            LearnerRequests.Ok(await host.MutateAsync(j.Admin, CurriculumRequests.RecordHoldings,
                new { input = new { schoolId = prizren, schoolYear = LearnerRequests.Year, materialId = textbookId, good, worn = 4, unusable = 2 } },
                "recordMaterialHoldings"));
        }

        // Learning: a scale and terms, a class's final marks, a make-up exam's correction, and the confirmed result.
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, """
            mutation { setGradingScale(level: "PRIM", kind: NUMERIC, marks: [
              { code: "1", label: "nedovoljan", value: 1, passing: false }, { code: "2", label: "dovoljan", value: 2, passing: true },
              { code: "3", label: "dobar", value: 3, passing: true }]) { errors { code field message } } }
            """, new { }, "setGradingScale"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, """
            mutation { setAssessmentCalendar(terms: [{ code: "T1", name: "Gjysmëvjetori i parë" }], makeUpSubjectsAllowed: 2) {
              errors { code field message } } }
            """, new { }, "setAssessmentCalendar"));
        var sections = (await host.DataAsync(j.Admin, "query($s: ID!, $y: String!) { sections(schoolId: $s, schoolYear: $y) { id name } }",
            new { s = prizren, y = LearnerRequests.Year }))["sections"]!.AsArray();
        var section3A = sections.Single(x => x!["name"]!.GetValue<string>() == "3A")!.Id();
        var schoolAdmin = j.SchoolAdmin("P-1");
        LearnerRequests.Ok(await host.MutateAsync(schoolAdmin, """
            mutation($section: ID!, $learner: ID!) { recordMarks(sectionId: $section, subject: "MAT", term: "FINAL",
              marks: [{ learnerId: $learner, mark: "1" }]) { errors { code field message } } }
            """, new { section = section3A, learner = b.Id() }, "recordMarks"));
        LearnerRequests.Ok(await host.MutateAsync(schoolAdmin, """
            mutation($section: ID!, $learner: ID!) { correctMark(sectionId: $section, subject: "MAT", term: "FINAL", learnerId: $learner,
              mark: "2", reason: "provim riparues") { errors { code field message } } }
            """, new { section = section3A, learner = b.Id() }, "correctMark"));
        LearnerRequests.Ok(await host.MutateAsync(schoolAdmin, """
            mutation($section: ID!, $learner: ID!) { confirmYearEndResults(sectionId: $section,
              results: [{ learnerId: $learner, outcome: PROMOTED }]) { errors { code field message } } }
            """, new { section = section3A, learner = b.Id() }, "confirmYearEndResults"));

        // An import reverted (adr/0026): compensating events close the spells, the profiles turn REVERTED, the accounts RETIRED.
        var wrong = await host.ImportCsvAsync(j.Admin, "Mbiemri;Emri;Datëlindja;Gjinia;Shkolla;Klasa\n" +
            "Morina;Vesa;09.09.2016;F;P-1;3\nShala;Gent;10.10.2015;M;P-2;4\n", "wrong-year.csv");
        LearnerRequests.Ok(await host.RevertImportAsync(j.Admin, wrong["importId"]!.GetValue<string>(), "the school sent last year's list"));
        await host.RevertedImportAsync(j.Admin, wrong["importId"]!.GetValue<string>());

        await CourseProgressAsync(j, Guid.Parse(report["results"]![0]!["learner"]!["learnerId"]!.GetValue<string>()));
        await AssetsHistoryAsync(j, prizren, gjakova, b.Id(), teacher.Subject);
        return j;
    }

    /// <summary>
    /// Course progress (adr/0029): a course registered and revised, and a learning platform's xAPI statements about an imported
    /// learner (who has an EduID) — one of them voided, and one voided before it arrives.
    /// </summary>
    private async Task CourseProgressAsync(Jurisdiction j, Guid learner)
    {
        const string course = "https://lms.example.org/course/algebra-1";
        const string register = """
            mutation($id: String!, $name: String!) {
              registerCourse(id: $id, name: $name, programme: "OS", contentCategories: [{ code: "ALG", name: "Algebra" }]) {
                errors { code field message }
              }
            }
            """;
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, register, new { id = course, name = "Algebra 1" }, "registerCourse"));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, """
            mutation($id: String!) { reviseCourse(id: $id, name: "Algebra 1 (2025)", contentCategories: [{ code: "ALG", name: "Algebra" }]) {
              errors { code field message } } }
            """, new { id = course }, "reviseCourse"));
        string eduId;
        await using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select value from emis.cred_identifiers where tenant_id = $1 and kind = 'eduid' and person_id = $2", connection);
            command.Parameters.Add(new() { Value = j.Id });
            command.Parameters.Add(new() { Value = learner });
            eduId = (string)(await command.ExecuteScalarAsync())!;
        }
        var actor = $"{{\"account\":{{\"homePage\":\"https://{j.Id}.emis.example/eduid\",\"name\":\"{eduId}\"}}}}";
        var (wrong, late) = (Guid.NewGuid(), Guid.NewGuid());
        string Statement(string verb, string activity, Guid? id = null, string result = "{\"completion\":false}") =>
            $"{{{(id is null ? "" : $"\"id\":\"{id}\",")}\"actor\":{actor},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/{verb}\"}}," +
            $"\"object\":{{\"id\":\"{activity}\"}},\"result\":{result},\"timestamp\":\"2025-10-01T09:30:00Z\"}}";
        static string Void(Guid target) =>
            $"{{\"actor\":{{\"mbox\":\"mailto:admin@lms.example.org\"}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"}}," +
            $"\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{target}\"}}}}";
        await PostStatementsAsync(j, $"[{Statement("launched", course)},{Statement("answered", course + "/q1", wrong,
            "{\"score\":{\"scaled\":0.5},\"success\":false}")},{Void(late)}]");
        await PostStatementsAsync(j, $"[{Void(wrong)},{Statement("passed", course, late, "{\"score\":{\"scaled\":0.9},\"success\":true}")}]");
    }

    /// <summary>Assets: rooms changed and closed, census answers and a correction, connections, an outage, norms and prices, devices
    /// assigned, loaned, returned, broken and transferred, and a proposal saved and sent to Budget.</summary>
    private async Task AssetsHistoryAsync(Jurisdiction j, string school, string other, string learner, string staff)
    {
        const string fields = "errors { code field message }";
        async Task Ok(string mutation, object variables, string field) =>
            LearnerRequests.Ok(await host.MutateAsync(j.Admin, mutation, variables, field));
        var rooms = await host.MutateAsync(j.Admin, $$"""
            mutation($school: ID!) {
              registerRooms(input: { schoolId: $school, rooms: [{ building: "Main", name: "1", kind: CLASSROOM, capacity: 30 },
                { building: "Main", name: "2", kind: CLASSROOM, capacity: 25 },
                { building: "Main", name: "Lab", kind: COMPUTER_LAB, capacity: 20 }] }) {
                infrastructure { rooms { roomId } } {{fields}}
              }
            }
            """, new { school }, "registerRooms");
        LearnerRequests.Ok(rooms);
        var (one, two) = (rooms["infrastructure"]!["rooms"]![0]!["roomId"]!.GetValue<string>(),
            rooms["infrastructure"]!["rooms"]![1]!["roomId"]!.GetValue<string>());
        await Ok($$"""
            mutation($school: ID!, $room: ID!) {
              changeRoom(input: { schoolId: $school, roomId: $room, room: { building: "Main", name: "2", kind: CLASSROOM,
                capacity: 32 } }) { {{fields}} }
            }
            """, new { school, room = two }, "changeRoom");
        await Ok($$"""
            mutation($school: ID!, $room: ID!) { closeRoom(input: { schoolId: $school, roomId: $room, reason: "now a storeroom" }) { {{fields}} } }
            """, new { school, room = two }, "closeRoom");
        const string services = """
            mutation($school: ID!, $kind: ServicesReportKind!, $water: Boolean!, $reason: String) {
              reportBasicServices(input: { schoolId: $school, schoolYear: "2025/2026", kind: $kind, reason: $reason, services: { electricity: GRID,
                internet: PUPILS, computers: true, ramps: true, accessibleToilets: false, adaptedMaterials: true, drinkingWater: $water,
                singleSexSanitation: true, handwashing: true } }) { errors { code field message } }
            }
            """;
        await Ok(services, new { school, kind = "CENSUS", water = false }, "reportBasicServices");
        await Ok(services, new { school, kind = "CORRECTION", water = true, reason = "well repaired" }, "reportBasicServices");
        const string connection = """
            mutation($school: ID!, $down: Decimal!, $since: DateOnly!) {
              recordConnection(input: { schoolId: $school, type: DSL, downMbps: $down, upMbps: 2, since: $since }) { errors { code field message } }
            }
            """;
        await Ok(connection, new { school, down = 10m, since = "2024-09-01" }, "recordConnection");
        await Ok(connection, new { school, down = 50m, since = "2025-09-01" }, "recordConnection");
        var outage = await host.MutateAsync(j.Admin, $$"""
            mutation($school: ID!) { reportOutage(input: { schoolId: $school, started: "2025-11-02", description: "storm" }) { outageId {{fields}} } }
            """, new { school }, "reportOutage");
        await Ok($$"""
            mutation($school: ID!, $outage: ID!) { endOutage(input: { schoolId: $school, outageId: $outage, ended: "2025-11-04" }) { {{fields}} } }
            """, new { school, outage = outage["outageId"]!.GetValue<string>() }, "endOutage");
        await Ok($$"""
            mutation { setDeviceNorm(input: { code: "LAPTOP-CLASSROOM", description: "a laptop per classroom", deviceType: LAPTOP,
              basis: PER_CLASSROOM }) {
              {{fields}} } }
            """, new { }, "setDeviceNorm");
        await Ok($$"""mutation { setDevicePrice(input: { deviceType: LAPTOP, currency: "BAM", unitPrice: 1400 }) { {{fields}} } }""", new { },
            "setDevicePrice");
        await Ok($$"""mutation { setBandwidthNorm(input: { mbpsPerLearner: 0.5 }) { {{fields}} } }""", new { }, "setBandwidthNorm");
        const string register = """
            mutation($school: ID!, $serial: String!, $type: DeviceType!, $room: ID) {
              registerDevice(input: { schoolId: $school, serialNumber: $serial, type: $type, make: "Dell", model: "Latitude", cost: 1400,
                currency: "BAM",
                roomId: $room }) { device { id } errors { code field message } }
            }
            """;
        async Task<string> Device(string serial, string type, string? room = null)
        {
            var payload = await host.MutateAsync(j.Admin, register, new { school, serial, type, room }, "registerDevice");
            LearnerRequests.Ok(payload);
            return payload["device"]!["id"]!.GetValue<string>();
        }
        var laptop = await Device("RB-LT-1", "LAPTOP", one);
        var tablet = await Device("RB-TB-1", "TABLET");
        var spare = await Device("RB-LT-2", "LAPTOP");
        const string assign = """
            mutation($device: ID!, $staff: ID, $learner: ID, $due: DateOnly) {
              assignDevice(input: { deviceId: $device, staffId: $staff, learnerId: $learner, dueOn: $due }) { errors { code field message } }
            }
            """;
        await Ok(assign, new { device = spare, staff }, "assignDevice");
        await Ok(assign, new { device = tablet, learner, due = DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd") }, "assignDevice");
        await Ok("""mutation($device: ID!) { returnDevice(input: { deviceId: $device, note: "back" }) { errors { code field message } } }""",
            new { device = tablet }, "returnDevice");
        await Ok("""
            mutation($device: ID!) { changeDeviceState(input: { deviceId: $device, state: BROKEN,
              reason: "screen" }) { errors { code field message } } }
            """, new { device = laptop }, "changeDeviceState");
        await Ok("""
            mutation($device: ID!, $to: ID!) {
              transferDevice(input: { deviceId: $device, toSchoolId: $to, reason: "needed there" }) { errors { code field message } }
            }
            """, new { device = spare, to = other }, "transferDevice");
        var saved = await host.MutateAsync(j.Admin, $$"""
            mutation { savePurchaseProposal(input: { name: "Laptops", schoolYear: "2025/2026", currency: "BAM" }) { proposal { id } {{fields}} } }
            """, new { }, "savePurchaseProposal");
        LearnerRequests.Ok(saved);
        var proposal = saved["proposal"]!["id"]!.GetValue<string>();
        await host.TrackedAsync(() => Ok($$"""mutation($id: ID!) { sendProposalToBudget(input: { proposalId: $id }) { {{fields}} } }""",
            new { id = proposal }, "sendProposalToBudget"));
        await BudgetHistoryAsync(j, school, proposal);
    }

    /// <summary>Budget: a fiscal year, the chart, a plan, a rebalancing, commitments, payments, a reversal, and the proposal's request
    /// approved (the proposal records what was funded).</summary>
    private async Task BudgetHistoryAsync(Jurisdiction j, string school, string proposal)
    {
        const string fields = "errors { code field message }";
        async Task<System.Text.Json.Nodes.JsonObject> Ok(string mutation, object variables, string field)
        {
            var payload = await host.MutateAsync(j.Admin, mutation, variables, field);
            LearnerRequests.Ok(payload);
            return payload;
        }
        await Ok($$"""mutation { openFiscalYear(input: { year: 2026, currency: "BAM" }) { {{fields}} } }""", new { }, "openFiscalYear");
        await Ok($$"""mutation { defineBudgetLine(input: { code: "613", name: "Goods", category: GOODS_AND_SERVICES }) { {{fields}} } }""",
            new { }, "defineBudgetLine");
        await Ok($$"""mutation { defineBudgetLine(input: { code: "821", name: "ICT", category: CAPITAL_ICT }) { {{fields}} } }""", new { },
            "defineBudgetLine");
        await Ok($$"""mutation { defineFundingSource(input: { code: "MIN", name: "Ministry", kind: MINISTRY }) { {{fields}} } }""", new { },
            "defineFundingSource");
        await Ok($$"""
            mutation($school: ID!) { approveBudget(input: { fiscalYear: 2026, act: "Budget 2026", currency: "BAM", on: "2026-01-05", lines: [
              { holder: { schoolId: $school }, line: "613", source: "MIN", amount: 5000 },
              { holder: { central: true }, line: "821", source: "MIN", amount: 100000 }] }) { {{fields}} } }
            """, new { school }, "approveBudget");
        await Ok($$"""
            mutation($school: ID!) { amendBudget(input: { fiscalYear: 2026, kind: REBALANCE, act: "Decision 1/26", reason: "heating",
              currency: "BAM", on: "2026-02-01", changes: [
              { holder: { central: true }, line: "821", source: "MIN", amount: -1000 },
              { holder: { schoolId: $school }, line: "613", source: "MIN", amount: 1000 }] }) { {{fields}} } }
            """, new { school }, "amendBudget");
        var commitment = await Ok($$"""
            mutation($school: ID!) { recordCommitment(input: { fiscalYear: 2026, holder: { schoolId: $school }, line: "613", source: "MIN",
              reference: "PO-1", amount: 2000, currency: "BAM", payeeCategory: UTILITY, payee: "Elektroprivreda", on: "2026-03-01" }) {
              entryIds {{fields}} } }
            """, new { school }, "recordCommitment");
        var paid = await Ok($$"""
            mutation($commitment: ID!) { recordPayment(input: { fiscalYear: 2026, commitmentId: $commitment, reference: "PN-1", amount: 1500,
              currency: "BAM", payeeCategory: UTILITY, on: "2026-04-01" }) { entryIds {{fields}} } }
            """, new { commitment = commitment["entryIds"]![0]!.GetValue<string>() }, "recordPayment");
        await Ok($$"""
            mutation($entry: ID!) { reverseEntry(input: { entryId: $entry, amount: 500, reason: "paid twice", on: "2026-04-02" }) { {{fields}} } }
            """, new { entry = paid["entryIds"]![0]!.GetValue<string>() }, "reverseEntry");
        var request = (await host.DataAsync(j.Admin, "query($p: ID!) { budgetRequest(proposalId: $p) { id total } }", new { p = proposal }))
            ["budgetRequest"]!["id"]!.GetValue<string>();
        await host.TrackedAsync(() => Ok($$"""
            mutation($id: ID!) { approveBudgetRequest(input: { requestId: $id, fiscalYear: 2026, line: "821", source: "MIN",
              act: "Decision 5/26", on: "2026-05-01" }) { request { status } {{fields}} } }
            """, new { id = request }, "approveBudgetRequest"));
    }

    private async Task PostStatementsAsync(Jurisdiction j, string json)
    {
        var platform = new Platform.Auth.Caller("lms-1", Platform.Auth.Roles.Partner, j.Id, null, null)
        {
            GrantedRights = [Platform.Auth.Grants.LearningPlatform],
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xapi/statements")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.Token(platform));
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        using var response = await host.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<List<string>> RowsAsync(IReadModel model) => ReadModelRows.OfAsync(host.ConnectionString, model);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Diplomas in a jurisdiction of their own: drafted, issued, one revoked, the key rotated and one re-issued.</summary>
    private async Task DiplomaHistoryAsync()
    {
        var cohort = await DiplomaScenario.GraduateAsync(host, 3);
        var ids = await DiplomaScenario.IssueAsync(host, cohort);
        await DiplomaScenario.RevokeAsync(host, ids[0], "issued in error");
        LearnerRequests.Ok(await host.MutateAsync(cohort.J.Admin,
            "mutation { rotateDiplomaKey(reason: \"yearly\") { errors { code field message } } }",
            new { }, "rotateDiplomaKey"));
        LearnerRequests.Ok(await host.MutateAsync(cohort.J.Admin,
            "mutation($input: ReissueDiplomaInput!) { reissueDiploma(input: $input) { errors { code field message } } }",
            new { input = new { diplomaId = DiplomaScenario.DiplomaOf(ids[1]), reason = "name corrected" } }, "reissueDiploma"));
    }

    [Fact]
    public async Task rebuilding_each_read_model_gives_exactly_the_rows_the_projections_and_the_import_wrote()
    {
        await HistoryAsync();
        await DiplomaHistoryAsync();
        var rebuilder = host.Service<ReadModelRebuilder>();
        Assert.Equal(["accounts", "assessment-rules", "asset-figures", "asset-norms", "budget-accounts", "budget-chart", "budget-ledger",
                "budget-requests", "class-sections", "course-progress", "courses", "curricula", "devices", "diploma-issuers", "diplomas",
                "education-structure", "fiscal-years", "learner-profiles", "learning-materials", "mark-figures", "mark-sheets", "material-holdings",
                "purchase-proposals", "school-infrastructure", "school-views", "staff-figures", "staff-profiles", "statistics", "teacher-standards",
                "year-end-results"],
            rebuilder.All.Select(m => m.Name).Order());
        foreach (var model in rebuilder.All)
        {
            var before = await RowsAsync(model);
            Assert.NotEmpty(before);
            var result = await rebuilder.RebuildLiveAsync(model, null, CancellationToken.None);
            Assert.True(result.Events > 0, model.Name);
            var after = await RowsAsync(model);
            Assert.Equal(before, after);
        }
    }

    [Fact]
    public async Task audit_verify_reports_rows_changed_behind_emis_back_and_is_clean_after_a_rebuild()
    {
        var j = await HistoryAsync();
        var verifier = host.Service<ReadModelVerifier>();
        var rebuilder = host.Service<ReadModelRebuilder>();
        try
        {
            await TamperAndVerifyAsync(j, verifier, rebuilder);
        }
        finally
        {
            // Whatever happened, the next test finds the rows the projections wrote.
            foreach (var model in rebuilder.All) await rebuilder.RebuildLiveAsync(model, null, CancellationToken.None);
        }
    }

    private async Task TamperAndVerifyAsync(Jurisdiction j, ReadModelVerifier verifier, ReadModelRebuilder rebuilder)
    {
        var clean = await verifier.VerifyAsync(rebuilder.All, "emis_shadow_test", 10, null, CancellationToken.None);
        Assert.True(clean.Clean, string.Join("\n", clean.Tables.SelectMany(t => t.Examples.Select(e => $"{t.Table} {e}"))));
        Assert.True(clean.Sequence > 0);

        await ExecuteAsync(
            $"update emis.enr_counts set count = count + 1 where tenant_id = '{j.Id}' and school_code = 'P-1' and sex = 'MALE' and grade = 3 and " +
            $"count > 0");
        await ExecuteAsync(
            $"update emis.mt_doc_learnerprofile set data = jsonb_set(data, '{{Grade}}', '9') where tenant_id = '{j.Id}' and first_name = 'Besnik'");
        await ExecuteAsync($"delete from emis.enr_spells where id = (select min(id) from emis.enr_spells where tenant_id = '{j.Id}')");

        var drift = await verifier.VerifyAsync(rebuilder.All, "emis_shadow_test", 10, null, CancellationToken.None);
        Assert.False(drift.Clean);
        var counts = drift.Tables.Single(t => t.Table == "enr_counts");
        Assert.True(counts.Changed == 1, string.Join("\n", counts.Examples));
        var difference = Assert.Single(counts.Examples);
        Assert.Equal("count", difference.Column);
        Assert.Equal(int.Parse(difference.Rebuilt!, System.Globalization.CultureInfo.InvariantCulture) + 1,
            int.Parse(difference.Live!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"tenant_id={j.Id}", difference.Key, StringComparison.Ordinal);
        var profile = Assert.Single(drift.Tables.Single(t => t.Table == "mt_doc_learnerprofile").Examples);
        Assert.Equal("data", profile.Column);
        Assert.Equal("properties differing: Grade", profile.Live);
        Assert.DoesNotContain("Besnik", profile.Live, StringComparison.Ordinal);
        var spells = drift.Tables.Single(t => t.Table == "enr_spells");
        Assert.True(spells.MissingFromLive == 1 && spells.Differences == 1, $"{spells}: {string.Join("\n", spells.Examples)}");
        Assert.All(drift.Tables.Where(t => t.Table is not ("enr_counts" or "mt_doc_learnerprofile" or "enr_spells")), t => Assert.Equal(
            0, t.Differences));

        // The command line says the same, and fails.
        var (code, output) = await EmisAsync("audit", "verify");
        Assert.True(code == 1, output);
        Assert.Contains("statistics/enr_counts:", output, StringComparison.Ordinal);
        Assert.Contains("count: live", output, StringComparison.Ordinal);
        Assert.Contains("check read models: FAILED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Besnik", output, StringComparison.Ordinal);

        var (rebuilt, rebuildOutput) = await EmisAsync("projections", "rebuild");
        Assert.True(rebuilt == 0, rebuildOutput);
        Assert.Contains("statistics:", rebuildOutput, StringComparison.Ordinal);
        var (verified, verifyOutput) = await EmisAsync("audit", "verify");
        Assert.True(verified == 0, verifyOutput);
        Assert.Contains("audit verify: ok", verifyOutput, StringComparison.Ordinal);
        Assert.True((await verifier.VerifyAsync(rebuilder.All, "emis_shadow_test", 10, null, CancellationToken.None)).Clean);
    }

    /// <summary>Issue 21's one exit-code rule for every import, and unknown options refused with the closest known one.</summary>
    [Fact]
    public async Task imports_from_the_command_line_exit_0_when_all_imported_2_when_rows_are_left_and_1_when_they_fail()
    {
        var j = new Jurisdiction();
        var dir = Directory.CreateTempSubdirectory("emis-cli-");
        var schools = Path.Combine(dir.FullName, "schools.csv");
        await File.WriteAllTextAsync(schools, "code,name,municipality\nC-1,Shkolla Dardania,Prizren\n");
        var clean = Path.Combine(dir.FullName, "clean.csv");
        await File.WriteAllTextAsync(clean, "Mbiemri;Emri;Datëlindja;Gjinia;Shkolla;Klasa (1-12)\nKrasniqi;Arta;04.03.2016;F;C-1;3\n");
        var partly = Path.Combine(dir.FullName, "partly.csv");
        await File.WriteAllTextAsync(partly,
            "Mbiemri;Emri;Datëlindja;Gjinia;Shkolla;Klasa\nHoxha;Besa;05.04.2016;F;C-1;3\n;Dren;31.02.2016;M;C-1;3\n");

        var (typo, typoOutput) = await EmisAsync("import", "learners", clean, "--school-year", "2025/2026", "--jurisdicton", j.Id);
        Assert.Equal(1, typo);
        Assert.Contains("'--jurisdicton' was not matched. Did you mean one of the following?\n--jurisdiction", typoOutput, StringComparison.Ordinal);
        var (help, helpOutput) = await EmisAsync("import", "learners", "--help");
        Assert.Equal(0, help);
        Assert.Contains("--school-year <school-year> (REQUIRED)", helpOutput, StringComparison.Ordinal);
        var (noYear, noYearOutput) = await EmisAsync("import", "learners", clean, "--jurisdiction", j.Id);
        Assert.Equal(1, noYear);
        Assert.Contains("Option '--school-year' is required.", noYearOutput, StringComparison.Ordinal);

        var (registered, registeredOutput) = await EmisAsync("import", "schools", schools, "--jurisdiction", j.Id);
        Assert.True(registered == 0, registeredOutput);
        var (all, allOutput) = await EmisAsync("import", "learners", clean, "--school-year", "2025/2026", "--jurisdiction", j.Id);
        Assert.True(all == 0, allOutput);
        Assert.Contains("1 imported", allOutput, StringComparison.Ordinal);
        var (some, someOutput) = await EmisAsync("import", "learners", partly, "--school-year", "2025/2026", "--jurisdiction", j.Id);
        Assert.True(some == 2, someOutput);
        Assert.Contains("1 imported", someOutput, StringComparison.Ordinal);
        var (missing, _) = await EmisAsync("import", "staff", Path.Combine(dir.FullName, "none.csv"), "--jurisdiction", j.Id);
        Assert.Equal(1, missing);
        dir.Delete(recursive: true);
    }

    /// <summary>Runs the host's command line (as <c>./emis</c> does) against this collection's database.</summary>
    private async Task<(int Code, string Output)> EmisAsync(params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Emis.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no Emis.sln above the tests");
        }
        var dll = Path.Combine(root, "src", "Host", "Emis.Host", "bin", "Release", "net10.0", "Emis.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["EMIS_DB"] = host.ConnectionString;
        start.Environment["Emis__Auth__SigningKey"] = EmisHostFixture.SigningKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
