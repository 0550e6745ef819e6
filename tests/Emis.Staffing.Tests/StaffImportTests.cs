using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Emis.Staffing.Staff.ImportingStaff;
using Npgsql;

namespace Emis.Staffing.Tests;

[Collection(HostCollection.Name)]
public sealed class StaffImportTests(EmisHostFixture host)
{
    private const string Year = "2025/2026";

    // One file, three languages in its header (Albanian, Bosnian, Turkish), a hint in a column's name, and the usual mess.
    private const string MessyFile =
        "Mbiemri,Ime,Emri i prindit,Cinsiyet,Datëlindja,Shkolla,Pozita,Lloji i kontratës,Norma (0-1),Niveli,Stručna sprema,Lënda,E-mail\n" +
        "Krasniqi,Arbër,Ilir,M,12.03.1980,\"Shkolla Fillore \"\"Naim Frashëri\"\"\",Mësues,i përhershëm,1,I–V,Bachelor,Matematikë," +
        "arber.k@example.org\n" +
        "Čolić,Đorđe,Mirsad,M,1975-06-01,\"JU OŠ \"\"Prekounje\"\"\",Nastavnik,na određeno,\"0,5\",predmetna nastava,VSS,Fizika,\n" +
        "Hoxha,Drita,Besim,F,03/04/1990,\"Shkolla Fillore \"\"Naim Frasheri\"\"\",Mësuese,,50%,ISCED1,Master,,\n" +
        "Yılmaz,Ayşe,Mehmet,F,1987-09-09,Mimar Sinan İlkokulu,Öğretmen,kadrolu,1,ilkokul,Lisans,Türkçe,\n" +
        "\"Gashi Vjosa F 1988-02-14 SHF-01 Drejtoreshë\",,,,,,,,,,,,\n" +
        "Berisha,Lulzim,Fadil,M,1983-11-20,\"Shkolla Fillore \"\"Naim Frashri\"\"\",Mësues,,1,,SSS,,\n" +
        "Krasniqi,Arbër,Ilir,M,1980-03-12,\"Shkolla Fillore \"\"Naim Frashëri\"\"\",Mësues,,1,,,,\n" +
        "Hoxha,Drita,Besim,F,1990-04-03,\"JU OŠ \"\"Prekounje\"\"\",Nastavnica,,\"0,5\",,,,\n" +
        "Gashi,Merita,Agim,F,1985-05-12,\"Shkolla Fillore \"\"Naim Frashëri\"\"\",Mësuese,,1,,,,\n" +
        "Shala,Dren,Arben,M,2015-01-01,\"Shkolla Fillore \"\"Naim Frashëri\"\"\",Mësues,,1,,,,\n" +
        "Rama,Genta,Luan,F,1991-01-01,\"Shkolla Fillore \"\"Naim Frashëri\"\"\",Astronaut,,1,,,,\n" +
        "Kelmendi,Arta,Ilir,F,1992-02-02,,Mësuese,,1,,,,\n" +
        "Bytyqi,Faton,Ismet,M,1979-07-07,\"Shkolla Fillore \"\"Naim Frashëri\"\"\",Mësues,,\"1,5\",,,,\n" +
        "Lama,Ardita,Sefer,F,1986-06-06,\"Shkolla Fillore \"\"Naim Frashëri\"\"\",Mësuese,,1,,kurs vozačke,,\n" +
        "Morina,Blerta,,F,1995-07-07,\"Shkolla Fillore \"\"Naim Frashëri\"\"\",Mësuese,zëvendësuese,1,,Viša,,\n" +
        "\"Kastrati Liridon Besnik Arben M 1984-04-04 SHF-01 Mësues\",,,,,,,,,,,,\n";

    private const string TurkishFile =
        "Soyadı,Adı,Baba adı,Cinsiyet,Doğum tarihi,Okul kodu,Görev,Sözleşme türü,Çalışma oranı,Kademe,Öğrenim durumu\n" +
        "Demir,Emre,Ali,M,01.02.1978,ILK-03,Okul Müdürü,kadrolu,100%,ilkokul,Yüksek Lisans\n" +
        "Şahin,Gül,Hasan,F,1989-10-10,ilk-03,Öğretmen,sözleşmeli,1,1,Lisans\n";

    [Fact]
    public async Task a_messy_staff_file_is_imported_end_to_end_with_every_row_accounted_for_eduids_accounts_and_contracts()
    {
        var j = new Jurisdiction();
        var a = await SchoolAsync(j, "SHF-01", "Shkolla Fillore \"Naim Frashëri\"", "Prizren");
        await SchoolAsync(j, "OS-02", "JU OŠ \"Prekounje\"", "Gjakova");
        await SchoolAsync(j, "ILK-03", "Mimar Sinan İlkokulu", "Prizren");
        var existing = await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(a)));

        var (status, report) = await PostAsync(j.Admin, Encoding.UTF8.GetBytes(MessyFile), "staff.csv");
        Assert.Equal(HttpStatusCode.OK, status);
        var results = report["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(Enumerable.Range(2, 16), results.Select(r => r["row"]!.GetValue<int>()));
        var summary = report["summary"]!;
        Assert.Equal(16, summary["imported"]!.GetValue<int>() + summary["duplicate"]!.GetValue<int>() + summary["review"]!.GetValue<int>()
            + summary["rejected"]!.GetValue<int>());
        string StatusOf(int row) => results[row - 2]["status"]!.GetValue<string>();
        JsonNode Staff(int row) => results[row - 2]["staff"]!;
        string Code(int row) => results[row - 2]["errors"]![0]!["code"]!.GetValue<string>();

        Assert.Equal(RowStatus.Imported, StatusOf(2));
        Assert.StartsWith("arber.krasniqi@", Staff(2)["username"]!.GetValue<string>());
        Assert.Equal(RowStatus.Imported, StatusOf(3));
        Assert.StartsWith("djordje.colic@", Staff(3)["username"]!.GetValue<string>());
        Assert.Equal(("Teacher", "FixedTerm", 0.5m, "ISCED2", 6), (Staff(3)["role"]!.GetValue<string>(), Staff(3)["contractType"]!.GetValue<string>(),
            Staff(3)["fte"]!.GetValue<decimal>(), Staff(3)["level"]!.GetValue<string>(), Staff(3)["qualificationLevel"]!.GetValue<int>()));
        Assert.Equal(RowStatus.Imported, StatusOf(4));
        Assert.Equal(RowStatus.Imported, StatusOf(5));
        Assert.StartsWith("ayse.yilmaz@", Staff(5)["username"]!.GetValue<string>());
        Assert.Equal(RowStatus.Imported, StatusOf(6));
        Assert.Equal("Director", Staff(6)["role"]!.GetValue<string>());
        Assert.Contains(StatusOf(7), new[] { RowStatus.Imported, RowStatus.Review });
        Assert.Equal(RowStatus.Duplicate, StatusOf(8));
        Assert.Equal(2, results[6]["duplicateOf"]!["row"]!.GetValue<int>());
        Assert.Equal(Staff(2)["eduId"]!.GetValue<string>(), results[6]["duplicateOf"]!["eduId"]!.GetValue<string>());
        Assert.Equal(RowStatus.Review, StatusOf(9));
        Assert.Equal(RowStatus.Duplicate, StatusOf(10));
        Assert.Equal(existing.Id(), results[8]["duplicateOf"]!["staffId"]!.GetValue<string>());
        Assert.Equal((RowStatus.Rejected, "IMPLAUSIBLE_DATE"), (StatusOf(11), Code(11)));
        Assert.Equal((RowStatus.Rejected, "INVALID"), (StatusOf(12), Code(12)));
        Assert.Equal((RowStatus.Rejected, "REQUIRED"), (StatusOf(13), Code(13)));
        Assert.Equal((RowStatus.Rejected, "INVALID"), (StatusOf(14), Code(14)));
        Assert.Equal((RowStatus.Review, "UNKNOWN_QUALIFICATION"), (StatusOf(15), Code(15)));
        Assert.Equal(RowStatus.Imported, StatusOf(16));
        Assert.Equal(("Substitute", 5), (Staff(16)["contractType"]!.GetValue<string>(), Staff(16)["qualificationLevel"]!.GetValue<int>()));
        // A row typed into one cell whose four names split three ways, none of them known as a whole ("Kastrati Liridon" a
        // surname, "Liridon Besnik" a first name or "Besnik Arben" a parent's name), waits for a person.
        Assert.Equal((RowStatus.Review, "ONE_CELL_AMBIGUOUS"), (StatusOf(17), Code(17)));

        // EduIDs: one each, 12 digits, ISO 7064 MOD 97-10.
        var imported = results.Where(r => r["status"]!.GetValue<string>() == RowStatus.Imported).Select(r => r["staff"]!).ToList();
        var eduIds = imported.Select(s => s["eduId"]!.GetValue<string>()).ToList();
        Assert.Equal(eduIds.Count, eduIds.Distinct().Count());
        Assert.All(eduIds, e => Assert.True(e.Length == 12 && e.All(char.IsAsciiDigit) && ulong.Parse(e) % 97 == 1, e));
        Assert.Equal(imported.Count, imported.Select(s => s["username"]!.GetValue<string>()).Distinct().Count());

        // The members of staff are in Emis with their contracts and qualifications.
        var djordje = await host.DataAsync(j.Admin,
            "query($id: ID!) { staffMember(id: $id) { firstName lastName employed contracts { schoolCode role type fte level endsOn } " +
            "qualifications { iscedLevel } history { change } } }", new { id = Staff(3)["staffId"]!.GetValue<string>() });
        var member = djordje["staffMember"]!;
        Assert.Equal(("Đorđe", "Čolić", true), (member["firstName"]!.GetValue<string>(), member["lastName"]!.GetValue<string>(),
            member["employed"]!.GetValue<bool>()));
        var contract = member["contracts"]![0]!;
        Assert.Equal(("OS-02", "TEACHER", "FIXED_TERM", 0.5m, "ISCED2", "2026-08-31"), (contract["schoolCode"]!.GetValue<string>(),
            contract["role"]!.GetValue<string>(), contract["type"]!.GetValue<string>(), contract["fte"]!.GetValue<decimal>(),
            contract["level"]!.GetValue<string>(), contract["endsOn"]!.GetValue<string>()));
        Assert.Equal(6, member["qualifications"]![0]!["iscedLevel"]!.GetValue<int>());
        Assert.Equal(["registered", "contract_started", "qualification_recorded"],
            member["history"]!.AsArray().Select(h => h!["change"]!.GetValue<string>()));

        // Each imported member of staff has a staff account.
        var accounts = (await host.DataAsync(j.Admin, "{ accounts(first: 100) { edges { node { personId kind eduId } } } }"))["accounts"]!
            ["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        foreach (var staff in imported)
        {
            var account = Assert.Single(accounts, x => x["personId"]!.GetValue<string>() == staff["staffId"]!.GetValue<string>());
            // The account shows the EduID grouped as people read it ("1234 5678 9012").
            Assert.Equal(("STAFF", staff["eduId"]!.GetValue<string>()),
                (account["kind"]!.GetValue<string>(), account["eduId"]!.GetValue<string>().Replace(" ", "", StringComparison.Ordinal)));
        }

        // Imported staff count in the figures, as registered ones do (the bulk path feeds the figures' tables too), with the
        // qualifications the file gave.
        var figures = (await host.DataAsync(j.Admin,
            "{ staffStatistics(schoolYear: \"2025/2026\", groupBy: []) { rows { headcount teachers } } }"))["staffStatistics"]!["rows"]![0]!;
        Assert.Equal(imported.Count + 1, figures["headcount"]!.GetValue<int>()); // and the one registered before the import
        await using (var db = await host.Service<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        await using (var command = new Npgsql.NpgsqlCommand(
            "select count(*) from emis.stf_posts where tenant_id = $1 and to_seq is null and highest_qualification > 0", db))
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = j.Id });
            Assert.Equal(imported.Count(s => s["qualificationLevel"] is not null), (long)(await command.ExecuteScalarAsync())!);
        }

        // The report is a query too, scoped like the learner import's.
        var query = "query($id: ID!) { staffImport(id: $id) { rows summary { imported } results(first: 100) { totalCount " +
                    "edges { node { row status staff { eduId } } } } } }";
        var byQuery = (await host.DataAsync(j.Admin, query, new { id = report["importId"]!.GetValue<string>() }))["staffImport"]!;
        Assert.Equal((16, imported.Count, 16), (byQuery["rows"]!.GetValue<int>(), byQuery["summary"]!["imported"]!.GetValue<int>(),
            byQuery["results"]!["totalCount"]!.GetValue<int>()));
        var officer = (await host.DataAsync(j.Officer("Gjakova"), query, new { id = report["importId"]!.GetValue<string>() }))["staffImport"]!;
        Assert.All(officer["results"]!["edges"]!.AsArray(), e => Assert.Contains(e!["node"]!["row"]!.GetValue<int>(), new[] { 3, 9 }));
        var teacher = await host.GraphQLAsync(j.Teacher("SHF-01"), "query($id: ID!) { staffImport(id: $id) { rows } }",
            new { id = report["importId"]!.GetValue<string>() });
        Assert.Null(teacher["data"]?["staffImport"]);

        // The same file again: nothing new, the same report.
        var profiles = await CountAsync("select count(*) from emis.mt_doc_staffprofile where tenant_id = $1", j.Id);
        var (again, secondReport) = await PostAsync(j.Admin, Encoding.UTF8.GetBytes(MessyFile), "staff.csv");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(report.ToJsonString(), secondReport.ToJsonString());
        Assert.Equal(profiles, await CountAsync("select count(*) from emis.mt_doc_staffprofile where tenant_id = $1", j.Id));
        Assert.Equal(1 + imported.Count, profiles);

        // Another file, in Turkish, by code: the EduIDs and account names issued before are not issued again.
        var importer = host.Service<StaffImporter>();
        var turkish = await importer.ImportAsync(new StaffImportRequest("personel.csv", Encoding.UTF8.GetBytes(TurkishFile), Year,
            new CommandContext(j.Id, "test", Sources.Import, "staff-import-test")), CancellationToken.None);
        Assert.Equal(2, turkish.Summary.Imported);
        Assert.Equal(("Director", 7), (turkish.Results[0].Staff!.Role, turkish.Results[0].Staff!.QualificationLevel));
        Assert.StartsWith("gul.sahin@", turkish.Results[1].Staff!.Username);
        Assert.DoesNotContain(turkish.Results[0].Staff!.EduId, eduIds);

        // The review queue: each row held for review is settled by a person.
        var importId = report["importId"]!.GetValue<string>();
        async Task<JsonObject> Resolve(Caller caller, object input) =>
            (await host.DataAsync(caller, "mutation($input: ResolveStaffImportRowInput!) { resolveStaffImportRow(input: $input) { " +
                "result { row status staff { eduId username staffId } duplicateOf { staffId } errors { code } } errors { code field message } } }",
                new { input }))["resolveStaffImportRow"]!.AsObject();
        var sameAsRow4 = await Resolve(j.Admin, new { importId, row = 9, action = "MARK_DUPLICATE" });
        Assert.Equal(("DUPLICATE", Staff(4)["staffId"]!.GetValue<string>()), (sameAsRow4["result"]!["status"]!.GetValue<string>(),
            sameAsRow4["result"]!["duplicateOf"]!["staffId"]!.GetValue<string>()));
        var asIs = await Resolve(j.Admin, new { importId, row = 15, action = "IMPORT_AS_IS" });
        Assert.True(asIs["result"] is not null, asIs.ToJsonString());
        Assert.Equal("IMPORTED", asIs["result"]!["status"]!.GetValue<string>());
        Assert.StartsWith("ardita.lama@", asIs["result"]!["staff"]!["username"]!.GetValue<string>());
        var ardita = await host.DataAsync(j.Admin,
            "query($id: ID!) { staffMember(id: $id) { contracts { schoolCode } qualifications { iscedLevel } } }",
            new { id = asIs["result"]!["staff"]!["staffId"]!.GetValue<string>() });
        Assert.Equal(("SHF-01", 0), (ardita["staffMember"]!["contracts"]![0]!["schoolCode"]!.GetValue<string>(),
            ardita["staffMember"]!["qualifications"]!.AsArray().Count));
        var unreadable = await Resolve(j.Admin, new { importId, row = 17, action = "IMPORT_AS_IS" });
        Assert.Equal("RULE_VIOLATED", unreadable["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("REQUIRED", (await Resolve(j.Admin, new { importId, row = 17, action = "REJECT" }))["errors"]![0]!["code"]!.GetValue<string>());
        var rejected = await Resolve(j.Admin, new { importId, row = 17, action = "REJECT", reason = "the names split two ways; asked the school" });
        Assert.Equal("REJECTED", rejected["result"]!["status"]!.GetValue<string>());
        var twice = await Resolve(j.Admin, new { importId, row = 17, action = "REJECT", reason = "again" });
        Assert.Equal("RULE_VIOLATED", twice["errors"]![0]!["code"]!.GetValue<string>());
        var settled = (await host.DataAsync(j.Admin, "query($id: ID!) { staffImport(id: $id) { summary { imported duplicate review rejected } } }",
            new { id = importId }))["staffImport"]!["summary"]!;
        Assert.Equal((summary["imported"]!.GetValue<int>() + 1, summary["duplicate"]!.GetValue<int>() + 1, summary["review"]!.GetValue<int>() - 3,
            summary["rejected"]!.GetValue<int>() + 1), (settled["imported"]!.GetValue<int>(), settled["duplicate"]!.GetValue<int>(),
            settled["review"]!.GetValue<int>(), settled["rejected"]!.GetValue<int>()));
    }

    [Fact]
    public async Task a_school_admin_imports_staff_only_at_their_school_and_a_teacher_not_at_all()
    {
        var j = new Jurisdiction();
        await SchoolAsync(j, "SHF-01", "Shkolla Fillore \"Naim Frashëri\"", "Prizren");
        await SchoolAsync(j, "OS-02", "JU OŠ \"Prekounje\"", "Gjakova");
        var csv = "Prezime,Ime,Spol,Datum rođenja,Šifra škole,Radno mjesto\n" +
                  "Delić,Hana,Ž,1980-05-01,SHF-01,Nastavnica\n" +
                  "Zukić,Ilma,Ž,1981-06-02,OS-02,Nastavnica\n";
        var (status, report) = await PostAsync(j.SchoolAdmin("SHF-01"), Encoding.UTF8.GetBytes(csv), "mine.csv");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(RowStatus.Imported, report["results"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(RowStatus.Rejected, report["results"]![1]!["status"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", report["results"]![1]!["errors"]![0]!["code"]!.GetValue<string>());

        var (teacher, _) = await PostAsync(j.Teacher("SHF-01"), Encoding.UTF8.GetBytes(csv), "mine.csv");
        Assert.Equal(HttpStatusCode.Forbidden, teacher);
    }

    [Fact]
    public async Task a_staff_import_asked_to_respond_async_is_accepted_at_once_and_runs_on()
    {
        var j = new Jurisdiction();
        await SchoolAsync(j, "ILK-03", "Mimar Sinan İlkokulu", "Prizren");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(TurkishFile));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "personel.csv");
        form.Add(new StringContent(Year), "schoolYear");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/imports/staff?async=true") { Content = form };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));
        using var accepted = await host.Http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.ToString();
        Assert.StartsWith("/api/imports/staff/", location, StringComparison.Ordinal);

        JsonObject progress;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(100);
            using var get = new HttpRequestMessage(HttpMethod.Get, location);
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(j.Admin));
            using var response = await host.Http.SendAsync(get);
            progress = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        }
        while (progress["status"]?.GetValue<string>() != ImportStatus.Completed && waited.Elapsed < EmisHostFixture.Patience);
        Assert.Equal(ImportStatus.Completed, progress["status"]!.GetValue<string>());
        Assert.Equal(2, progress["summary"]!["imported"]!.GetValue<int>());
        Assert.Equal(0, await CountAsync("select count(*) from emis.imp_queue where tenant_id = $1", j.Id));
    }

    private async Task<string> SchoolAsync(Jurisdiction j, string code, string name, string municipality)
    {
        var school = await host.TrackedAsync(() => host.RegisterAsync(j.Admin, code, name, municipality, "PRIMARY"));
        return school.Id();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(Caller caller, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(Year), "schoolYear");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/staff") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token(caller));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!text.StartsWith('{')) throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {text}");
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    private async Task<long> CountAsync(string sql, string tenant)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = tenant });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
