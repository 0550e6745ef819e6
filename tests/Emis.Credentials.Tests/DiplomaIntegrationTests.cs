using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Credentials.Diplomas;
using Jose;

namespace Emis.Credentials.Tests;

/// <summary>
/// Diplomas end to end on the real host and PostgreSQL, verified as an employer abroad would: with an independent JOSE
/// library (jose-jwt, never Emis's own signer or verifier), the issuer's public DID document and the decoded status list.
/// </summary>
[Collection(PlainHostCollection.Name)]
public sealed class DiplomaIntegrationTests(EmisHostFixture host)
{
    private const string Diplomas = """
        query($filter: DiplomaFilter) {
          diplomas(filter: $filter, first: 500) {
            totalCount
            edges { node { id status learnerId schoolCode givenName familyName birthDate achievementName achievementNameInEnglish language
                    subjects { code name mark } credential credentialId credentialUrl verifyUrl replaces replacedBy keyId statusList statusIndex
                    revocationReason } }
          }
        }
        """;

    [Fact]
    public async Task a_confirmed_graduation_is_drafted_issued_and_verifies_with_an_independent_jose_library_until_revoked()
    {
        var cohort = await DiplomaScenario.GraduateAsync(host, 4);
        var j = cohort.J;

        // Drafted from the confirmation: the school sees its drafts (names in their original letters); another school and a partner nothing;
        // an analyst the diplomas without names.
        var drafts = await ListAsync(j.SchoolAdmin(cohort.Code), new { schoolYear = LearnerRequests.Year });
        Assert.Equal(4, drafts.Count);
        Assert.All(drafts, d => Assert.Equal("DRAFT", d["status"]!.GetValue<string>()));
        Assert.Contains(drafts, d => d["givenName"]!.GetValue<string>() == "Đorđe" && d["familyName"]!.GetValue<string>() == "Šćepanović");
        Assert.Contains(drafts, d => d["familyName"]!.GetValue<string>() == "Петровић");
        var first = drafts.Single(d => d["givenName"]!.GetValue<string>() == "Đorđe");
        Assert.Equal(["BOS:5", "MAT:3"], first["subjects"]!.AsArray().Select(s => $"{s!["code"]}:{s["mark"]}"));
        Assert.Null(first["credential"]);
        Assert.Empty(await ListAsync(j.SchoolAdmin("OTHER"), null));
        Assert.Empty(await ListAsync(j.Partner, null));
        var analysts = await ListAsync(j.Analyst, null);
        Assert.Equal(4, analysts.Count);
        Assert.All(analysts, d => Assert.Null(d["givenName"]));

        // Only the ministry issues; a draft has no public credential.
        var draftId = Guid.Parse(first["id"]!.GetValue<string>());
        using (var missing = await host.Http.GetAsync(new Uri($"/credentials/{draftId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin(cohort.Code), DiplomaScenario.Issue,
            new { input = new { schoolYear = LearnerRequests.Year, schoolId = cohort.School } }, "issueDiplomas")));
        var ids = await DiplomaScenario.IssueAsync(host, cohort);
        Assert.Equal(4, ids.Count);
        Assert.Equal(("NOT_FOUND", "schoolYear"), LearnerRequests.Error(await host.MutateAsync(j.Admin, DiplomaScenario.Issue,
            new { input = new { schoolYear = LearnerRequests.Year, schoolId = cohort.School } }, "issueDiplomas")));

        // The public documents, fetched as a verifier fetches them, without a token.
        var did = await GetJsonAsync($"/{j.Id}/did.json");
        var issuerDid = did["id"]!.GetValue<string>();
        Assert.EndsWith(":" + j.Id, issuerDid, StringComparison.Ordinal);
        Assert.StartsWith("did:web:", issuerDid, StringComparison.Ordinal);
        var method = did["verificationMethod"]!.AsArray().Single()!;
        Assert.Equal("JsonWebKey", method["type"]!.GetValue<string>());
        Assert.Null(method["publicKeyJwk"]!["d"]);
        Assert.Contains(method["id"]!.GetValue<string>(), did["assertionMethod"]!.AsArray().Select(a => a!.GetValue<string>()));
        var host_ = await GetJsonAsync("/.well-known/did.json");
        Assert.Contains(host_["service"]!.AsArray(), s => s!["serviceEndpoint"]!.GetValue<string>().EndsWith($"/{j.Id}/did.json",
            StringComparison.Ordinal));

        var id = ids[0];
        var jws = await DiplomaScenario.CredentialAsync(host, id);
        var headers = JWT.Headers(jws);
        Assert.Equal("vc+jwt", headers["typ"]);
        Assert.Equal("ES256", headers["alg"]);
        Assert.Equal(method["id"]!.GetValue<string>(), headers["kid"]);
        var credential = DiplomaScenario.Json(JWT.Decode(jws, PublicKey(method), JwsAlgorithm.ES256));
        Assert.Equal("https://www.w3.org/ns/credentials/v2", credential["@context"]![0]!.GetValue<string>());
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], credential["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(issuerDid, credential["issuer"]!["id"]!.GetValue<string>());
        Assert.EndsWith($"/credentials/{id}", credential["id"]!.GetValue<string>(), StringComparison.Ordinal);
        var subject = credential["credentialSubject"]!;
        Assert.Equal("Diploma", subject["achievement"]!["achievementType"]!.GetValue<string>());
        Assert.Equal(LearnerRequests.Year, subject["term"]!.GetValue<string>());
        Assert.Equal(2, subject["result"]!.AsArray().Count);
        Assert.Equal(2, subject["achievement"]!["resultDescription"]!.AsArray().Count);

        // The holder is named by a salted hash of their EduID, never the EduID itself.
        var issuedDiploma = (await ListAsync(j.Admin, null)).Single(d => d["id"]!.GetValue<string>() == DiplomaScenario.DiplomaOf(id).ToString());
        var learnerId = issuedDiploma["learnerId"]!.GetValue<string>();
        // The credential's public id is not the diploma's: an analyst sees the diploma, never what would read it.
        Assert.NotEqual(id, DiplomaScenario.DiplomaOf(id));
        Assert.Equal(id.ToString(), issuedDiploma["credentialId"]!.GetValue<string>());
        var analystsView = (await ListAsync(j.Analyst, null)).Single(d => d["id"]!.GetValue<string>() == DiplomaScenario.DiplomaOf(id).ToString());
        Assert.Equal([null, null, null, null], new[] { "credentialId", "credentialUrl", "verifyUrl", "credential" }.Select(f => analystsView[f]));
        var eduId = await EduIdAsync(j, learnerId);
        // Listed on the learner too (Enrollment's type, extended by Credentials), within the caller's scope.
        var onLearner = await host.DataAsync(j.SchoolAdmin(cohort.Code), "query($id: ID!) { learner(id: $id) { diplomas { id status } } }",
            new { id = learnerId });
        Assert.Equal([(DiplomaScenario.DiplomaOf(id).ToString(), "ISSUED")], onLearner["learner"]!["diplomas"]!.AsArray()
            .Select(d => (d!["id"]!.GetValue<string>(), d["status"]!.GetValue<string>())));

        Assert.DoesNotContain(eduId, jws, StringComparison.Ordinal);
        Assert.DoesNotContain(eduId, credential.ToJsonString(), StringComparison.Ordinal);
        var identity = subject["identifier"]![0]!;
        Assert.True(identity["hashed"]!.GetValue<bool>());
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eduId + identity["salt"]!.GetValue<string>()))),
            identity["identityHash"]!.GetValue<string>());

        // Not revoked: the status list, itself a credential signed by the issuer, has the diploma's bit clear.
        var status = credential["credentialStatus"]!;
        Assert.Equal("BitstringStatusListEntry", status["type"]!.GetValue<string>());
        Assert.Equal("revocation", status["statusPurpose"]!.GetValue<string>());
        var index = int.Parse(status["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var listUrl = new Uri(status["statusListCredential"]!.GetValue<string>());
        Assert.False(await RevokedAsync(listUrl, index, method));
        Assert.Equal("valid", await VerdictAsync(jws));

        // Revoked by the ministry with a reason: the bit is set, the credential still served, verifiers see it revoked.
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin(cohort.Code), DiplomaScenario.Revoke,
            new { input = new { diplomaId = DiplomaScenario.DiplomaOf(id), reason = "x" } }, "revokeDiploma")));
        Assert.Equal(("REQUIRED", "reason"), LearnerRequests.Error(await host.MutateAsync(j.Admin, DiplomaScenario.Revoke,
            new { input = new { diplomaId = DiplomaScenario.DiplomaOf(id), reason = "" } }, "revokeDiploma")));
        await DiplomaScenario.RevokeAsync(host, id, "Marks entered for the wrong learner");
        await Task.Delay(1100); // the list a node signed is reused for a second
        Assert.True(await RevokedAsync(listUrl, index, method));
        Assert.Equal("revoked", await VerdictAsync(jws));
        Assert.Equal("valid", await VerdictAsync(await DiplomaScenario.CredentialAsync(host, ids[1])));
        Assert.Equal(("DUPLICATE", "diplomaId"), LearnerRequests.Error(await host.MutateAsync(j.Admin, DiplomaScenario.Revoke,
            new { input = new { diplomaId = DiplomaScenario.DiplomaOf(id), reason = "again" } }, "revokeDiploma")));

        // A changed payload, another key under the issuer's key id, an issuer this service does not know, and not a JWS at all.
        var parts = jws.Split('.');
        var forged = DiplomaScenario.Json(Encoding.UTF8.GetString(Base64Url.Decode(parts[1])));
        forged["credentialSubject"]!["familyName"] = "Falsifikat";
        Assert.Equal("tampered", await VerdictAsync($"{parts[0]}.{Base64Url.Encode(Encoding.UTF8.GetBytes(forged.ToJsonString()))}.{parts[2]}"));
        Assert.Throws<IntegrityException>(() => JWT.Decode($"{parts[0]}.{Base64Url.Encode(Encoding.UTF8.GetBytes(forged.ToJsonString()))}.{parts[2]}",
            PublicKey(method), JwsAlgorithm.ES256));
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = DiplomaScenario.Json(JWT.Decode(await DiplomaScenario.CredentialAsync(host, ids[1]), PublicKey(method), JwsAlgorithm.ES256));
        var wrongKey = JWT.Encode(payload.ToJsonString(), attacker, JwsAlgorithm.ES256,
            new Dictionary<string, object> { ["typ"] = "vc+jwt", ["kid"] = headers["kid"] });
        Assert.Equal("tampered", await VerdictAsync(wrongKey));
        payload["issuer"] = "did:web:diplomas.example";
        var unknown = JWT.Encode(payload.ToJsonString(), attacker, JwsAlgorithm.ES256,
            new Dictionary<string, object> { ["typ"] = "vc+jwt", ["kid"] = "did:web:diplomas.example#key-1" });
        Assert.Equal("unknown_issuer", await VerdictAsync(unknown));
        Assert.Equal("malformed", await VerdictAsync("not a credential"));
    }

    [Fact]
    public async Task a_rotated_out_key_still_verifies_and_a_reissued_diploma_replaces_the_revoked_one()
    {
        var cohort = await DiplomaScenario.GraduateAsync(host, 2);
        var j = cohort.J;
        var ids = await DiplomaScenario.IssueAsync(host, cohort);
        var before = await DiplomaScenario.CredentialAsync(host, ids[0]);

        var rotate = """mutation($reason: String!) { rotateDiplomaKey(reason: $reason) { count errors { code field message } } }""";
        Assert.Equal(("FORBIDDEN", null), LearnerRequests.Error(await host.MutateAsync(j.Analyst, rotate, new { reason = "yearly" },
            "rotateDiplomaKey")));
        Assert.Equal(("REQUIRED", "reason"), LearnerRequests.Error(await host.MutateAsync(j.Admin, rotate, new { reason = " " },
            "rotateDiplomaKey")));
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, rotate, new { reason = "yearly rotation" }, "rotateDiplomaKey"));

        var reissue = """
            mutation($input: ReissueDiplomaInput!) {
              reissueDiploma(input: $input) { count diplomas { id credentialId status replaces keyId } errors { code field message } }
            }
            """;
        var input = new { diplomaId = DiplomaScenario.DiplomaOf(ids[1]), reason = "Surname misspelt" };
        var reissued = await host.MutateAsync(j.Admin, reissue, new { input }, "reissueDiploma");
        LearnerRequests.Ok(reissued);
        var replacement = reissued["diplomas"]![0]!;
        Assert.Equal(("ISSUED", DiplomaScenario.DiplomaOf(ids[1]).ToString(), "key-2"),
            (replacement["status"]!.GetValue<string>(), replacement["replaces"]!.GetValue<string>(), replacement["keyId"]!.GetValue<string>()));
        Assert.Equal(("DUPLICATE", "diplomaId"), LearnerRequests.Error(await host.MutateAsync(j.Admin, reissue,
            new { input = new { diplomaId = DiplomaScenario.DiplomaOf(ids[1]), reason = "again" } }, "reissueDiploma")));

        // Both keys are in the DID document; the diploma signed with the first still verifies, independently and here.
        var did = await GetJsonAsync($"/{j.Id}/did.json");
        var methods = did["verificationMethod"]!.AsArray();
        Assert.Equal(2, methods.Count);
        var oldKey = methods.Single(m => m!["id"]!.GetValue<string>() == (string)JWT.Headers(before)["kid"])!;
        Assert.EndsWith("#key-1", oldKey["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(JWT.Decode(before, PublicKey(oldKey), JwsAlgorithm.ES256));
        Assert.Equal("valid", await VerdictAsync(before));

        var newId = Guid.Parse(replacement["id"]!.GetValue<string>());
        var after = await DiplomaScenario.CredentialAsync(host, Guid.Parse(replacement["credentialId"]!.GetValue<string>()));
        var newKey = methods.Single(m => m!["id"]!.GetValue<string>().EndsWith("#key-2", StringComparison.Ordinal))!;
        var payload = DiplomaScenario.Json(JWT.Decode(after, PublicKey(newKey), JwsAlgorithm.ES256));
        Assert.EndsWith($"/credentials/{ids[1]}", payload["replaces"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Throws<IntegrityException>(() => JWT.Decode(after, PublicKey(oldKey), JwsAlgorithm.ES256));
        Assert.Equal("valid", await VerdictAsync(after));
        Assert.Equal("revoked", await VerdictAsync(await DiplomaScenario.CredentialAsync(host, ids[1])));
        var old = (await ListAsync(j.Admin, null)).Single(d => d["id"]!.GetValue<string>() == DiplomaScenario.DiplomaOf(ids[1]).ToString());
        Assert.Equal(("REVOKED", newId.ToString(), "Surname misspelt"),
            (old["status"]!.GetValue<string>(), old["replacedBy"]!.GetValue<string>(), old["revocationReason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task the_ministry_issues_a_municipalitys_drafts_in_one_mutation_and_officers_see_only_their_schools()
    {
        var j = new Jurisdiction();
        var bihac = await DiplomaScenario.GraduateAsync(host, 3, j, "BI-1", "Bihać");
        var bihac2 = await DiplomaScenario.GraduateAsync(host, 2, j, "BI-2", "Bihać", setUp: false, offset: 20);
        var cazin = await DiplomaScenario.GraduateAsync(host, 2, j, "CZ-1", "Cazin", setUp: false, offset: 40);

        // Drafting again changes nothing that has not changed.
        var redraft = """mutation($s: ID!) { draftDiplomas(sectionId: $s) { count errors { code field message } } }""";
        var again = await host.MutateAsync(j.SchoolAdmin("BI-1"), redraft, new { s = bihac.Section }, "draftDiplomas");
        LearnerRequests.Ok(again);
        Assert.Equal(0, again["count"]!.GetValue<int>());
        Assert.Equal(("NOT_FOUND", "sectionId"),
            LearnerRequests.Error(await host.MutateAsync(j.SchoolAdmin("CZ-1"), redraft, new { s = bihac.Section }, "draftDiplomas")));

        var issued = await host.MutateAsync(j.Admin, DiplomaScenario.Issue,
            new { input = new { schoolYear = LearnerRequests.Year, municipality = "Bihać" } }, "issueDiplomas");
        LearnerRequests.Ok(issued);
        Assert.Equal(5, issued["count"]!.GetValue<int>());
        Assert.Equal(("INVALID", "municipality"), LearnerRequests.Error(await host.MutateAsync(j.Admin, DiplomaScenario.Issue,
            new { input = new { schoolYear = LearnerRequests.Year, municipality = "Cazin", schoolId = cazin.School } }, "issueDiplomas")));

        var all = await ListAsync(j.Admin, null);
        Assert.Equal(7, all.Count);
        Assert.Equal(["BI-1:ISSUED", "BI-2:ISSUED", "CZ-1:DRAFT"],
            all.Select(d => $"{d["schoolCode"]}:{d["status"]}").Distinct().Order(StringComparer.Ordinal));
        // Every issued diploma has its own entry of the list.
        var entries = all.Where(d => d["statusList"] is not null).Select(d => $"{d["statusList"]}#{d["statusIndex"]}").ToList();
        Assert.Equal(5, entries.Distinct().Count());
        Assert.All(await ListAsync(j.Officer("Bihać"), null), d => Assert.StartsWith("BI-", d["schoolCode"]!.GetValue<string>(),
            StringComparison.Ordinal));
        Assert.Equal(5, (await ListAsync(j.Officer("Bihać"), null)).Count);
        Assert.Equal(2, (await ListAsync(j.Officer("Cazin"), null)).Count);
        Assert.Equal(2, (await ListAsync(j.SchoolAdmin("BI-2"), null)).Count);
        Assert.Equal(2, (await ListAsync(j.Admin, new { learnerId = bihac2.Learners[0] })).Concat(await ListAsync(j.Admin,
            new { learnerId = bihac2.Learners[1] })).Count());
    }

    [Fact]
    public async Task the_issuers_private_key_is_stored_sealed_and_appears_in_no_event_or_log()
    {
        var ids = await DiplomaScenario.IssueAsync(host, 1);
        var j = DiplomaScenario.JurisdictionOf(ids[0]);
        byte[] sealedKey;
        await using (var connection = new Npgsql.NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var select = new Npgsql.NpgsqlCommand("select sealed_key from emis.cred_issuer_keys where tenant_id = $1 and key_id = 'key-1'",
                connection);
            select.Parameters.Add(new Npgsql.NpgsqlParameter { Value = j.Id });
            sealedKey = (byte[])(await select.ExecuteScalarAsync())!;
        }
        // Opened with the deployment's key-encryption key, it is the private half of the published key.
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(IssuerKeys.Open(Convert.FromBase64String(EmisHostFixture.DiplomaKeyEncryptionKey), j.Id, "key-1", sealedKey),
            out _);
        var did = await GetJsonAsync($"/{j.Id}/did.json");
        var jwk = did["verificationMethod"]![0]!["publicKeyJwk"]!;
        var parameters = key.ExportParameters(true);
        Assert.Equal(jwk["x"]!.GetValue<string>(), Base64Url.Encode(parameters.Q.X!));
        var d = Base64Url.Encode(parameters.D!);
        var hex = Convert.ToHexStringLower(parameters.D!);

        await using var connection2 = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await connection2.OpenAsync();
        await using var events = new Npgsql.NpgsqlCommand("select data::text from emis.mt_events where tenant_id = $1", connection2);
        events.Parameters.Add(new Npgsql.NpgsqlParameter { Value = j.Id });
        var count = 0;
        await using (var reader = await events.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var data = reader.GetString(0);
                Assert.DoesNotContain(d, data, StringComparison.Ordinal);
                Assert.DoesNotContain(hex, data, StringComparison.Ordinal);
                count++;
            }
        }
        Assert.True(count > 10);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(d, StringComparison.Ordinal) || l.Contains(hex, StringComparison.Ordinal));
    }

    private async Task<List<JsonNode>> ListAsync(Emis.Platform.Auth.Caller caller, object? filter) =>
        [.. (await host.DataAsync(caller, Diplomas, new { filter }))["diplomas"]!["edges"]!.AsArray().Select(n => n!["node"]!)];

    private async Task<string> EduIdAsync(Jurisdiction j, string learnerId)
    {
        var accounts = await host.DataAsync(j.Admin, "query { accounts(first: 500) { edges { node { personId eduId } } } }");
        return accounts["accounts"]!["edges"]!.AsArray().Select(e => e!["node"]!).Single(a
            => a["personId"]!.GetValue<string>() == learnerId)["eduId"]!
            .GetValue<string>().Replace(" ", "", StringComparison.Ordinal);
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await host.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return DiplomaScenario.Json(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> VerdictAsync(string credential)
    {
        using var response = await host.Http.PostAsync(new Uri("/credentials/verify", UriKind.Relative),
            new StringContent(credential, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return DiplomaScenario.Json(await response.Content.ReadAsStringAsync())["verdict"]!.GetValue<string>();
    }

    /// <summary>The status list fetched at its public URL, verified with the issuer's key, decoded from GZIP and multibase base64url.</summary>
    private async Task<bool> RevokedAsync(Uri listUrl, int index, JsonNode method)
    {
        using var response = await host.Http.GetAsync(new Uri(listUrl.AbsolutePath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CredentialDocuments.MediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.MaxAge <= TimeSpan.FromMinutes(5));
        var list = DiplomaScenario.Json(JWT.Decode(await response.Content.ReadAsStringAsync(), PublicKey(method), JwsAlgorithm.ES256));
        Assert.Contains("BitstringStatusListCredential", list["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        var encoded = list["credentialSubject"]!["encodedList"]!.GetValue<string>();
        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        using var gzip = new GZipStream(new MemoryStream(Base64Url.Decode(encoded[1..])), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        await gzip.CopyToAsync(bits);
        Assert.True(bits.Length * 8 >= 131_072);
        return (bits.ToArray()[index / 8] & (0x80 >> (index % 8))) != 0;
    }

    /// <summary>An ECDsa public key from the DID document's JWK, made here (not with Emis's code).</summary>
    private static ECDsa PublicKey(JsonNode method)
    {
        var jwk = method["publicKeyJwk"]!;
        Assert.Equal(("EC", "P-256"), (jwk["kty"]!.GetValue<string>(), jwk["crv"]!.GetValue<string>()));
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.Decode(jwk["x"]!.GetValue<string>()), Y = Base64Url.Decode(jwk["y"]!.GetValue<string>()) },
        });
    }
}
