using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QRCoder;

namespace Emis.Credentials.Diplomas.Pages;

/// <summary>
/// The printable diploma: one A4 page of HTML made from the credential's own payload (what the holder's credential says,
/// nothing read from elsewhere), with a QR code linking to the verify page. Every text from the payload is HTML-encoded;
/// a field the payload lacks is left out rather than printed empty.
/// </summary>
internal static class DiplomaPrintPage
{
    /// <summary>Up to this many subjects the marks are one table; more are split into two side by side.</summary>
    public const int SubjectsInOneColumn = 10;

    /// <summary>The payload (claims) of a compact JWS, or null when it is not one. The signature is not checked here.</summary>
    public static JsonObject? PayloadOf(string compactJws)
    {
        var parts = (compactJws ?? "").Trim().Split('.');
        if (parts.Length != 3 || parts[1].Length == 0) return null;
        try
        {
            var bytes = Base64Url.DecodeFromChars(parts[1]);
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>An SVG QR code of the text, sized by its view box (it scales to whatever box the page gives it).</summary>
    public static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>The page; a diploma its issuer revoked says so at its top, on screen and on paper.</summary>
    public static string Render(JsonObject credential, Uri verifyUrl, string language, Func<string, string> pageLink, bool revoked = false)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(verifyUrl);
        ArgumentNullException.ThrowIfNull(pageLink);
        var l = PageLanguages.Print(language);
        var subject = credential["credentialSubject"] as JsonObject;
        var achievement = subject?["achievement"] as JsonObject;
        var issuerName = Text(credential["issuer"] is JsonObject issuer ? issuer["name"] : credential["issuer"]);
        var name = Join(Text(subject?["givenName"]), Text(subject?["familyName"]));
        var achievementName = Text(achievement?["name"]);
        var english = Text(achievement?["nameInEnglish"]);
        var inLanguage = Text(achievement?["inLanguage"]);

        var html = new StringBuilder(8192);
        html.Append("<!doctype html>\n<html lang=\"").Append(Encode(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(Join(l.Diploma, name.Length > 0 ? "— " + name : ""))).Append("</title>\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        AppendLanguageLinks(html, language, pageLink);
        html.Append("<main class=\"sheet\">\n");
        if (revoked) html.Append("<p class=\"revoked\" id=\"revoked\" role=\"note\">").Append(Encode(l.Revoked)).Append("</p>\n");
        html.Append("<header>\n");
        if (issuerName.Length > 0) html.Append("<p class=\"issuer\">").Append(Encode(issuerName)).Append("</p>\n");
        html.Append("<h1>").Append(Encode(l.Diploma)).Append("</h1>\n");
        if (achievementName.Length > 0)
        {
            html.Append("<p class=\"achievement\"").Append(LangAttribute(inLanguage)).Append('>').Append(Encode(achievementName)).Append("</p>\n");
        }
        if (english.Length > 0 && english != achievementName)
        {
            html.Append("<p class=\"achievement-en\" lang=\"en\">").Append(Encode(english)).Append("</p>\n");
        }
        html.Append("</header>\n<section class=\"holder\">\n<p class=\"awarded-to\">").Append(Encode(l.AwardedTo)).Append("</p>\n")
            .Append("<p class=\"name\" id=\"holder-name\">").Append(Encode(name)).Append("</p>\n");
        if (Date(subject?["birthDate"], language) is { } birth)
        {
            html.Append("<p class=\"birth\">").Append(Encode(l.BirthDate)).Append(": ").Append(Encode(birth)).Append("</p>\n");
        }
        html.Append("</section>\n<dl class=\"facts\">\n");
        Fact(html, l.Programme, Text(achievement?["fieldOfStudy"]));
        Fact(html, l.School, Text((subject?["source"] as JsonObject)?["name"]));
        Fact(html, l.Term, Text(subject?["term"]));
        Fact(html, l.Awarded, Date(credential["awardedDate"] ?? credential["validFrom"], language) ?? "");
        Fact(html, l.Issuer, issuerName);
        html.Append("</dl>\n");
        AppendMarks(html, l, achievement, subject);
        html.Append("<footer>\n<figure class=\"qr\" id=\"qr\" aria-label=\"").Append(Encode(l.ScanToVerify)).Append("\">")
            .Append(QrSvg(verifyUrl.AbsoluteUri)).Append("<figcaption>").Append(Encode(l.ScanToVerify)).Append("</figcaption></figure>\n")
            .Append("<div class=\"verify\">\n<p>").Append(Encode(l.VerifyAt)).Append("</p>\n<p class=\"url\" id=\"verify-url\"><a href=\"")
            .Append(Encode(verifyUrl.AbsoluteUri)).Append("\">").Append(Encode(verifyUrl.AbsoluteUri)).Append("</a></p>\n");
        if (Text(credential["id"]) is { Length: > 0 } id)
        {
            html.Append("<p class=\"id\">").Append(Encode(l.CredentialId)).Append(": <span>").Append(Encode(id)).Append("</span></p>\n");
        }
        if (Text(credential["replaces"]) is { Length: > 0 } replaced)
        {
            html.Append("<p class=\"replaces\" id=\"replaces\">").Append(Encode(l.Replaces)).Append(": <span>").Append(Encode(replaced))
                .Append("</span></p>\n");
        }
        html.Append("</div>\n</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static string NotFound(string language, Func<string, string> pageLink)
    {
        ArgumentNullException.ThrowIfNull(pageLink);
        var l = PageLanguages.Print(language);
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"").Append(Encode(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(Encode(l.NotFoundTitle))
            .Append("</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        AppendLanguageLinks(html, language, pageLink);
        html.Append("<main class=\"sheet missing\">\n<h1>").Append(Encode(l.NotFoundTitle)).Append("</h1>\n<p>").Append(Encode(l.NotFoundText))
            .Append("</p>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>HTML-encodes text for element content and double-quoted attributes; letters outside ASCII stay as they are (UTF-8).</summary>
    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    private static void AppendLanguageLinks(StringBuilder html, string language, Func<string, string> pageLink)
    {
        html.Append("<nav class=\"languages\" aria-label=\"Language\"><ul>");
        foreach (var (code, name) in new[] { ("sq", "Shqip"), ("bs", "Bosanski"), ("tr", "Türkçe"), ("en", "English") })
        {
            html.Append("<li><a lang=\"").Append(code).Append("\" hreflang=\"").Append(code).Append("\" href=\"").Append(Encode(pageLink(code)))
                .Append('"').Append(code == language ? " aria-current=\"page\"" : "").Append('>').Append(name).Append("</a></li>");
        }
        html.Append("</ul></nav>\n");
    }

    private static void AppendMarks(StringBuilder html, PageLanguages.PrintLabels l, JsonObject? achievement, JsonObject? subject)
    {
        if (subject?["result"] is not JsonArray { Count: > 0 } results) return;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (achievement?["resultDescription"] is JsonArray descriptions)
        {
            foreach (var description in descriptions.OfType<JsonObject>())
            {
                if (Text(description["id"]) is { Length: > 0 } id) names[id] = Text(description["name"]);
            }
        }
        var rows = results.OfType<JsonObject>().Select(result =>
        {
            var reference = Text(result["resultDescription"]);
            return (Subject: names.TryGetValue(reference, out var known) && known.Length > 0 ? known : reference, Mark: Text(result["value"]));
        }).ToList();
        // A long list of subjects is set in two tables side by side, so that the diploma stays on one A4 page.
        var halves = rows.Count > SubjectsInOneColumn ? new[] { rows[..((rows.Count + 1) / 2)], rows[((rows.Count + 1) / 2)..] } : [rows];
        html.Append("<section class=\"marks\">\n<h2 id=\"marks-title\">").Append(Encode(l.Marks)).Append("</h2>\n<div class=\"marks-tables")
            .Append(halves.Length > 1 ? " two" : "").Append("\">\n");
        foreach (var half in halves)
        {
            html.Append("<table aria-labelledby=\"marks-title\">\n<thead><tr><th scope=\"col\">").Append(Encode(l.Subject))
                .Append("</th><th scope=\"col\">").Append(Encode(l.Mark)).Append("</th></tr></thead>\n<tbody>\n");
            foreach (var (subjectName, mark) in half)
            {
                html.Append("<tr><th scope=\"row\">").Append(Encode(subjectName)).Append("</th><td>").Append(Encode(mark)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
        html.Append("</div>\n</section>\n");
    }

    private static void Fact(StringBuilder html, string label, string value)
    {
        if (value.Length == 0) return;
        html.Append("<div><dt>").Append(Encode(label)).Append("</dt><dd>").Append(Encode(value)).Append("</dd></div>\n");
    }

    private static string LangAttribute(string language) =>
        language.Length is > 0 and < 36 && language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? $" lang=\"{language}\"" : "";

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text.Trim()
        : node is JsonValue other ? other.ToJsonString().Trim('"') : "";

    private static string Join(string first, string second) => $"{first} {second}".Trim();

    /// <summary>A date (<c>2008-03-14</c> or <c>2026-07-01T00:00:00Z</c>) as people of the language write it; unreadable ones as given.</summary>
    private static string? Date(JsonNode? node, string language)
    {
        var text = Text(node);
        if (text.Length == 0) return null;
        if (!DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var date))
        {
            return text;
        }
        var format = language switch { "en" => "d MMMM yyyy", "bs" => "dd.MM.yyyy.", _ => "dd.MM.yyyy" };
        return date.ToString(format, CultureInfo.InvariantCulture);
    }

    private const string Style = """
        :root { color-scheme: light; --ink: #1a1a1a; --muted: #4a4a4a; --rule: #8a7a50; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; color: var(--ink); background: #eceae4; }
        .languages ul { display: flex; gap: .75rem; justify-content: center; list-style: none; margin: 0; padding: .75rem; }
        .languages a { color: #0b4f8a; font-family: system-ui, sans-serif; }
        .languages a[aria-current] { font-weight: bold; color: var(--ink); text-decoration: none; }
        .sheet { background: #fff; max-width: 210mm; min-height: 297mm; margin: 0 auto 2rem; padding: 18mm 18mm 14mm;
          border: 3px double var(--rule); display: flex; flex-direction: column; }
        .sheet.missing { min-height: auto; text-align: center; }
        .revoked { border: 3px solid #a4161a; color: #a4161a; background: #fde8e8; font: bold 1.1rem system-ui, sans-serif;
          text-align: center; padding: 3mm; margin: 0 0 6mm; }
        header { text-align: center; border-bottom: 1px solid var(--rule); padding-bottom: 6mm; }
        .issuer { font-variant: small-caps; letter-spacing: .04em; font-size: 1.05rem; margin: 0 0 4mm; }
        h1 { font-size: 2.6rem; letter-spacing: .12em; text-transform: uppercase; margin: 0 0 3mm; }
        .achievement { font-size: 1.35rem; margin: 0; }
        .achievement-en { font-style: italic; color: var(--muted); margin: 1mm 0 0; }
        .holder { text-align: center; margin: 8mm 0 6mm; }
        .awarded-to { margin: 0; color: var(--muted); }
        .name { font-size: 2.1rem; font-weight: bold; margin: 2mm 0; }
        .birth { margin: 0; }
        .facts { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 10mm; margin: 0 0 6mm; }
        .facts div { border-bottom: 1px dotted #bbb; padding: 1mm 0; }
        dt { font-size: .8rem; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
        dd { margin: 0; font-size: 1.05rem; }
        .marks h2 { font-size: 1.1rem; margin: 0 0 2mm; }
        .marks-tables.two { display: grid; grid-template-columns: 1fr 1fr; gap: 0 8mm; }
        @media (max-width: 700px) { .marks-tables.two { grid-template-columns: 1fr; } }
        table { width: 100%; border-collapse: collapse; font-size: .95rem; }
        th, td { text-align: left; padding: 1.2mm 2mm; border-bottom: 1px solid #ddd; }
        thead th { border-bottom: 2px solid var(--rule); }
        thead th:last-child { text-align: right; }
        td { text-align: right; font-weight: bold; width: 20%; }
        tbody th { font-weight: normal; }
        footer { margin-top: auto; padding-top: 6mm; display: flex; gap: 6mm; align-items: flex-end; border-top: 1px solid var(--rule); }
        .qr { margin: 0; width: 34mm; flex: none; text-align: center; font-size: .7rem; }
        .qr svg { width: 34mm; height: 34mm; display: block; }
        .verify { font-size: .85rem; overflow-wrap: anywhere; }
        .verify p { margin: 0 0 1.5mm; }
        .url a { color: var(--ink); font-family: "DejaVu Sans Mono", monospace; }
        .id, .replaces { color: var(--muted); }
        @media (max-width: 700px) {
          .sheet { min-height: auto; padding: 6mm; }
          .facts { grid-template-columns: 1fr; }
          h1 { font-size: 1.8rem; }
          .name { font-size: 1.5rem; }
          footer { flex-direction: column; align-items: flex-start; }
        }
        @page { size: A4 portrait; margin: 0; }
        @media print {
          body { background: #fff; }
          .languages { display: none; }
          .sheet { margin: 0; border: 3px double var(--rule); width: 210mm; height: 297mm; max-width: none; min-height: 0;
            padding: 12mm 15mm 9mm; break-inside: avoid; }
          .revoked { margin-bottom: 3mm; padding: 2mm; }
          header { padding-bottom: 3mm; }
          .issuer { margin-bottom: 2mm; }
          h1 { font-size: 2.1rem; margin-bottom: 1mm; }
          .achievement { font-size: 1.2rem; }
          .holder { margin: 4mm 0 3mm; }
          .name { font-size: 1.8rem; margin: 1mm 0; }
          .facts { gap: 0 8mm; margin-bottom: 4mm; }
          .facts div { padding: .5mm 0; }
          dd { font-size: 10.5pt; }
          table { font-size: 8.5pt; line-height: 1.2; }
          th, td { padding: .4mm 1.5mm; }
          td { width: 10mm; }
          footer { padding-top: 4mm; }
          .qr, .qr svg { width: 27mm; }
          .qr svg { height: 27mm; }
          .url a { text-decoration: none; }
        }
        """;
}
