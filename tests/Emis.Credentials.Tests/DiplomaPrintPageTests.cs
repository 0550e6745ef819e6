using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Credentials.Diplomas.Pages;
using QRCoder;

namespace Emis.Credentials.Tests;

/// <summary>The printed diploma rendered from a credential's payload, without a host.</summary>
public sealed class DiplomaPrintPageTests
{
    private static readonly Uri VerifyUrl = new("https://emis.example.org/verify?id=3f2504e0-4f89-11d3-9a0c-0305e82c3301");

    /// <summary>A credential shaped as the diploma backend issues it (OpenBadgeCredential with the learner's marks).</summary>
    internal static JsonObject SampleCredential(string givenName = "Amra", string familyName = "Hodžić", string? replaces = null)
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = "https://emis.example.org/credentials/3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject
            {
                ["id"] = "did:web:emis.example.org:issuers:ks",
                ["type"] = new JsonArray("Profile"),
                ["name"] = "Ministarstvo obrazovanja Unsko-sanskog kantona",
            },
            ["validFrom"] = "2026-07-01T00:00:00Z",
            ["awardedDate"] = "2026-07-01T00:00:00Z",
            ["name"] = "Diploma o završenoj srednjoj školi",
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["givenName"] = givenName,
                ["familyName"] = familyName,
                ["birthDate"] = "2008-03-14",
                ["term"] = "2025/2026",
                ["source"] = new JsonObject { ["id"] = "urn:school:1", ["type"] = new JsonArray("Profile"), ["name"] = "Gimnazija Bihać" },
                ["achievement"] = new JsonObject
                {
                    ["id"] = "urn:achievement:1",
                    ["type"] = new JsonArray("Achievement"),
                    ["achievementType"] = "Diploma",
                    ["name"] = "Diploma o završenoj srednjoj školi",
                    ["inLanguage"] = "bs",
                    ["nameInEnglish"] = "Secondary school diploma",
                    ["fieldOfStudy"] = "Opća gimnazija",
                    ["resultDescription"] = new JsonArray(
                        new JsonObject { ["id"] = "urn:emis:subject:MAT", ["type"] = new JsonArray("ResultDescription"), ["name"] = "Matematika" },
                        new JsonObject
                        {
                            ["id"] = "urn:emis:subject:BHS",
                            ["type"] = new JsonArray("ResultDescription"),
                            ["name"] = "Bosanski jezik i književnost",
                        }),
                },
                ["result"] = new JsonArray(
                    new JsonObject { ["type"] = new JsonArray("Result"), ["resultDescription"] = "urn:emis:subject:MAT", ["value"] = "5" },
                    new JsonObject { ["type"] = new JsonArray("Result"), ["resultDescription"] = "urn:emis:subject:BHS", ["value"] = "4" }),
            },
        };
        if (replaces is not null) credential["replaces"] = replaces;
        return credential;
    }

    /// <summary>A compact JWS carrying the payload; its signature is not a signature (the print page does not check it).</summary>
    internal static string CompactJws(JsonObject payload) =>
        string.Join('.', B64("""{"alg":"ES256","typ":"vc+jwt","kid":"did:web:emis.example.org:issuers:ks#key-1"}"""),
            B64(payload.ToJsonString()), B64("not-a-signature"));

    private static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string Render(JsonObject credential, string language = "en") =>
        DiplomaPrintPage.Render(credential, VerifyUrl, language, lang => "/print?lang=" + lang);

    [Fact]
    public void the_printed_diploma_shows_the_learner_with_the_letters_of_their_name_and_what_they_achieved()
    {
        var html = Render(SampleCredential(), "bs");

        Assert.Contains("<html lang=\"bs\">", html, StringComparison.Ordinal);
        Assert.Contains(">Amra Hodžić</p>", html, StringComparison.Ordinal);
        Assert.Contains("14.03.2008.", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"achievement\" lang=\"bs\">Diploma o završenoj srednjoj školi</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"achievement-en\" lang=\"en\">Secondary school diploma</p>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Program</dt><dd>Opća gimnazija</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Škola</dt><dd>Gimnazija Bihać</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Školska godina</dt><dd>2025/2026</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Izdavalac</dt><dd>Ministarstvo obrazovanja Unsko-sanskog kantona</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Matematika</th><td>5</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Bosanski jezik i književnost</th><td>4</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"replaces\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void the_printed_diploma_carries_a_qr_code_of_its_verify_link_and_the_link_as_text()
    {
        var html = Render(SampleCredential());

        Assert.Contains($">{VerifyUrl.AbsoluteUri}</a>", html, StringComparison.Ordinal);
        var svgStart = html.IndexOf("<svg", StringComparison.Ordinal);
        var svgEnd = html.IndexOf("</svg>", svgStart, StringComparison.Ordinal) + "</svg>".Length;
        Assert.True(svgStart > 0, "the page has an SVG QR code");
        var svg = html[svgStart..svgEnd];
        Assert.Equal(DiplomaPrintPage.QrSvg(VerifyUrl.AbsoluteUri), svg);
        Assert.NotEqual(DiplomaPrintPage.QrSvg("https://emis.example.org/verify?id=00000000-0000-0000-0000-000000000000"), svg);
        // The code's modules, read back from the SVG, are those of a QR code of the link.
        Assert.Equal(Modules(VerifyUrl.AbsoluteUri), DarkCells(svg));
    }

    [Fact]
    public void everything_from_the_credential_is_html_encoded()
    {
        var credential = SampleCredential(givenName: "<script>alert('x')</script>", familyName: "O\"Brien & Sons");
        credential["credentialSubject"]!["source"]!["name"] = "<img src=x onerror=alert(1)>";
        credential["replaces"] = "https://emis.example.org/credentials/\"><b>old</b>";

        var html = Render(credential);

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>old", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; O&quot;Brien &amp; Sons", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void a_reissued_diploma_says_which_diploma_it_replaces()
    {
        var html = Render(SampleCredential(replaces: "https://emis.example.org/credentials/11111111-2222-3333-4444-555555555555"), "sq");

        Assert.Contains("<html lang=\"sq\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"replaces\">Kjo diplomë zëvendëson diplomën e mëparshme: <span>"
            + "https://emis.example.org/credentials/11111111-2222-3333-4444-555555555555", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Shkolla</dt>", html, StringComparison.Ordinal);
    }

    /// <summary>The sample with as many subjects as a long curriculum has, each marked.</summary>
    internal static JsonObject WithSubjects(JsonObject credential, int count)
    {
        var achievement = credential["credentialSubject"]!["achievement"]!;
        var descriptions = new JsonArray();
        var results = new JsonArray();
        for (var i = 1; i <= count; i++)
        {
            descriptions.Add(new JsonObject { ["id"] = $"urn:emis:subject:S{i}", ["name"] = $"Predmet broj {i} (izborni, dvosemestralni)" });
            var mark = (1 + i % 5).ToString(CultureInfo.InvariantCulture);
            results.Add(new JsonObject { ["resultDescription"] = $"urn:emis:subject:S{i}", ["value"] = mark });
        }
        achievement["resultDescription"] = descriptions;
        credential["credentialSubject"]!["result"] = results;
        return credential;
    }

    [Fact]
    public void a_long_list_of_subjects_is_set_in_two_tables_every_subject_once()
    {
        var html = Render(WithSubjects(SampleCredential(), 17));

        Assert.Contains("<div class=\"marks-tables two\">", html, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "<table ").Count);
        for (var i = 1; i <= 17; i++)
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, $"<th scope=\"row\">Predmet broj {i} \\("));
        }
        Assert.DoesNotContain("marks-tables two", Render(WithSubjects(SampleCredential(), DiplomaPrintPage.SubjectsInOneColumn)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void a_revoked_diploma_prints_marked_as_revoked()
    {
        var revoked = DiplomaPrintPage.Render(SampleCredential(), VerifyUrl, "tr", lang => lang, revoked: true);

        Assert.Contains("<p class=\"revoked\" id=\"revoked\" role=\"note\">İPTAL EDİLDİ:", revoked, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"revoked\"", Render(SampleCredential(), "tr"), StringComparison.Ordinal);
    }

    [Fact]
    public void a_credential_lacking_fields_prints_what_it_has_and_no_empty_labels()
    {
        var html = Render(new JsonObject { ["credentialSubject"] = new JsonObject { ["givenName"] = "Ëndrit" } });

        Assert.Contains(">Ëndrit</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<dt>School</dt>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"marks\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sq", "sq")]
    [InlineData("bs-Latn-BA", "bs")]
    [InlineData("TR", "tr")]
    [InlineData("de", "en")]
    [InlineData(null, "en")]
    public void the_language_asked_for_is_spoken_when_the_pages_know_it(string? asked, string expected) =>
        Assert.Equal(expected, PageLanguages.Pick(asked));

    [Theory]
    [InlineData("")]
    [InlineData("not a jws")]
    [InlineData("a.b")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.!!!.sig")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.WzEsMl0.sig")]
    public void what_is_not_a_compact_jws_of_a_json_object_has_no_payload(string text) => Assert.Null(DiplomaPrintPage.PayloadOf(text));

    [Fact]
    public void the_payload_of_a_compact_jws_is_its_middle_part()
    {
        var payload = DiplomaPrintPage.PayloadOf(CompactJws(SampleCredential()));
        Assert.Equal("Hodžić", payload!["credentialSubject"]!["familyName"]!.GetValue<string>());
    }

    /// <summary>The dark modules of a QR code of the text, as "row,column" (quiet zone included), from QRCoder's own matrix.</summary>
    private static SortedSet<string> Modules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var cells = new SortedSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < data.ModuleMatrix.Count; row++)
        {
            for (var column = 0; column < data.ModuleMatrix[row].Length; column++)
            {
                if (data.ModuleMatrix[row][column]) cells.Add($"{row},{column}");
            }
        }
        return cells;
    }

    /// <summary>The dark cells an SVG QR code draws (runs of modules, <c>M{x} {y}h{width}v1h-{width}z</c>, in the view box's units).</summary>
    private static SortedSet<string> DarkCells(string svg)
    {
        var cells = new SortedSet<string>(StringComparer.Ordinal);
        var path = System.Text.RegularExpressions.Regex.Match(svg, "<path fill=\"#000000\" d=\"(?<d>[^\"]+)\"").Groups["d"].Value;
        foreach (System.Text.RegularExpressions.Match run in System.Text.RegularExpressions.Regex.Matches(path,
            "M(?<x>[0-9]+) (?<y>[0-9]+)h(?<w>[0-9]+)v1h-[0-9]+z"))
        {
            int Value(string name) => int.Parse(run.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);
            for (var column = Value("x"); column < Value("x") + Value("w"); column++) cells.Add($"{Value("y")},{column}");
        }
        return cells;
    }
}
