using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Emis.Credentials.Diplomas;
using OpenQA.Selenium;

namespace Emis.Credentials.Tests;

/// <summary>One headless Chromium for a test class (started on first use).</summary>
public sealed class BrowserFixture : IDisposable
{
    private HeadlessBrowser? _browser;

    public HeadlessBrowser Browser => _browser ??= HeadlessBrowser.Start(HeadlessBrowser.Desktop);

    public void Dispose() => _browser?.Dispose();
}

/// <summary>
/// The public diploma pages as a browser and a plain HTTP client see them: served without a token, in four languages,
/// with nothing fetched from elsewhere. Screenshots land in tests/artifacts/.
/// </summary>
[Collection(PlainHostCollection.Name)]
public sealed class DiplomaPagesTests(EmisHostFixture host, BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private HeadlessBrowser Browser => fixture.Browser;

    private Uri Url(string relative) => new(host.BaseAddress, relative);

    [Fact]
    public async Task the_verify_page_and_its_files_are_served_to_anyone_and_run_only_their_own_script()
    {
        using var page = await host.Http.GetAsync(new Uri("/verify", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/verify/assets/verify.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var policy = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);

        foreach (var (file, type) in new[] { ("verify.js", "text/javascript"), ("verify.css", "text/css") })
        {
            using var asset = await host.Http.GetAsync(new Uri($"/verify/assets/{file}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(type, asset.Content.Headers.ContentType!.MediaType);
            var body = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotContain("https://", body, StringComparison.Ordinal);
        }
        foreach (var other in new[] { "verify.html", "Emis.Credentials.dll", "verify.js.map", "..%2Fverify.html" })
        {
            using var missing = await host.Http.GetAsync(new Uri($"/verify/assets/{other}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Fact]
    public void the_verify_page_switches_to_albanian_labels_and_logs_no_console_error()
    {
        Browser.TakeConsole();
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(Url("/verify?lang=en"));
        Browser.Visible("verify");
        Assert.Equal("Verify a diploma", Browser.Driver.FindElement(By.TagName("h1")).Text);
        Assert.Equal("en", Html().GetAttribute("lang"));

        Browser.Driver.FindElement(By.CssSelector("#language option[value='sq']")).Click();

        Browser.WaitUntil(_ => Html().GetAttribute("lang") == "sq", "the page to switch to Albanian");
        Assert.Equal("Verifikoni një diplomë", Browser.Driver.FindElement(By.TagName("h1")).Text);
        Assert.Equal("Verifiko", Browser.Driver.FindElement(By.Id("verify")).Text);
        Assert.Equal("Kredenciali i diplomës", Browser.Driver.FindElement(By.CssSelector("label[for='credential']")).Text);
        Assert.Equal("Gjuha", Browser.Driver.FindElement(By.CssSelector("label[for='language']")).Text);
        Assert.Equal("Verifikoni një diplomë", Browser.Driver.Title);
        Assert.Contains("lang=sq", Browser.Driver.Url, StringComparison.Ordinal);
        Browser.Screenshot("verify-empty-sq-desktop");
        Browser.Resize(HeadlessBrowser.Phone);
        Browser.Screenshot("verify-empty-sq-phone");

        Assert.Empty(Browser.TakeConsoleErrors());
    }

    [Fact]
    public void verifying_nothing_says_what_is_missing_in_the_page_language_without_calling_the_server()
    {
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(Url("/verify?lang=bs"));
        Browser.Visible("verify").Click();

        var error = Browser.Visible("credential-error");
        Assert.Equal("Zalijepite vjerodajnicu diplome prije provjere.", error.Text);
        Assert.Equal("true", Browser.Driver.FindElement(By.Id("credential")).GetAttribute("aria-invalid"));
        Assert.Equal("credential", Browser.Driver.SwitchTo().ActiveElement().GetAttribute("id"));
        Assert.False(Browser.Driver.FindElement(By.Id("outcome")).Displayed);
        Assert.Empty(Browser.TakeConsoleErrors());
    }

    [Fact]
    public void the_verify_page_speaks_the_browsers_language_when_none_is_asked_for()
    {
        using var turkish = HeadlessBrowser.Start(HeadlessBrowser.Phone, language: "tr-TR,tr");
        turkish.Open(Url("/verify"));

        turkish.WaitUntil(_ => turkish.Driver.FindElement(By.TagName("html")).GetAttribute("lang") == "tr", "the page to speak Turkish");
        Assert.Equal("Diploma doğrulama", turkish.Driver.FindElement(By.TagName("h1")).Text);
        Assert.Equal("Doğrula", turkish.Driver.FindElement(By.Id("verify")).Text);
        Assert.Equal("tr", turkish.Driver.FindElement(By.Id("language")).GetAttribute("value"));
        Assert.Empty(turkish.TakeConsoleErrors());
    }

    [Fact]
    public async Task an_unknown_diploma_prints_as_a_not_found_page_in_the_language_asked_for()
    {
        using var response = await host.Http.GetAsync(new Uri($"/credentials/{Guid.NewGuid()}/print?lang=tr", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"tr\">", html, StringComparison.Ordinal);
        Assert.Contains("Diploma bulunamadı", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_printed_diploma_shows_the_name_and_a_qr_code_of_its_verify_link()
    {
        var id = (await IssuedAsync())[0];
        var payload = PayloadOf(await DiplomaScenario.CredentialAsync(host, id));
        var verifyUrl = host.Service<DiplomaSettings>().Public($"verify?id={id}").AbsoluteUri;

        Browser.TakeConsole();
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(Url($"/credentials/{id}/print?lang=sq"));

        Assert.Equal(NameOf(payload), Browser.Visible("holder-name").Text);
        var qr = Browser.Driver.FindElement(By.CssSelector("#qr svg"));
        Assert.True(qr.Displayed);
        Assert.True(qr.Size.Width >= 100 && qr.Size.Width == qr.Size.Height, $"the QR code is square and large enough: {qr.Size}");
        Assert.Equal(verifyUrl, Browser.Driver.FindElement(By.CssSelector("#verify-url a")).Text);
        Assert.Equal(verifyUrl, Browser.Driver.FindElement(By.CssSelector("#verify-url a")).GetAttribute("href"));
        Assert.Equal("sq", Html().GetAttribute("lang"));
        Assert.Single(Browser.Driver.FindElements(By.XPath("//dt[. = 'Shkolla']")));
        Assert.Empty(Browser.Driver.FindElements(By.Id("revoked")));
        Browser.Screenshot("print-sq-desktop");
        // On paper: one A4 page (the print stylesheet hides the language links and fits the sheet to the page).
        Assert.Equal(1, HeadlessBrowser.PdfPages(Browser.PrintA4("print-sq-a4")));
        Browser.Resize(HeadlessBrowser.Phone);
        Browser.Screenshot("print-sq-phone");
        Assert.Empty(Browser.TakeConsoleErrors());
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(24, true)]
    public void a_diploma_with_a_long_name_and_many_subjects_still_prints_on_one_a4_page(int subjects, bool revoked)
    {
        var credential = DiplomaPrintPageTests.WithSubjects(DiplomaPrintPageTests.SampleCredential(
            givenName: "Aleksandra-Katarina Ëmilija", familyName: "Šćepanović-Hadžiabdulahović"), subjects);
        credential["replaces"] = "https://emis.example.org/credentials/11111111-2222-3333-4444-555555555555";
        var html = Emis.Credentials.Diplomas.Pages.DiplomaPrintPage.Render(credential,
            new Uri($"https://emis.example.org/verify?id={Guid.NewGuid()}"), "bs", lang => "?lang=" + lang, revoked);

        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(new Uri("data:text/html;charset=utf-8;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(html))));
        Browser.Visible("holder-name");

        var pages = HeadlessBrowser.PdfPages(Browser.PrintA4($"print-bs-{subjects}-subjects-a4"));
        Browser.Driver.ExecuteCdpCommand("Emulation.setEmulatedMedia", new Dictionary<string, object?> { ["media"] = "print" });
        var heights = Browser.Driver.ExecuteScript("""
            return Array.from(document.querySelectorAll('.sheet, .sheet > *')).map(e => e.className + ':' + e.tagName + ':'
              + e.getBoundingClientRect().height.toFixed(0) + '/' + e.scrollHeight).join(' ');
            """);
        Browser.Driver.ExecuteCdpCommand("Emulation.setEmulatedMedia", new Dictionary<string, object?> { ["media"] = "" });
        Assert.True(pages == 1, $"{pages} pages; heights in print (px, 1 mm = 3.78 px): {heights}");
    }

    [Fact]
    public async Task a_revoked_diploma_prints_marked_as_revoked()
    {
        var id = (await IssuedAsync())[1];

        using var response = await host.Http.GetAsync(new Uri($"/credentials/{id}/print?lang=en", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"revoked\" role=\"note\">REVOKED: the issuer has revoked this diploma", html, StringComparison.Ordinal);
        Assert.Contains(NameOf(PayloadOf(await DiplomaScenario.CredentialAsync(host, id))), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_pasted_diploma_is_valid_and_shows_the_learners_name_in_its_original_letters()
    {
        var id = (await IssuedAsync())[0];
        var jws = await DiplomaScenario.CredentialAsync(host, id);
        var payload = PayloadOf(jws);
        var name = NameOf(payload);
        Assert.Contains(name, c => c > 127);

        Browser.TakeConsole();
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(Url("/verify?lang=en"));
        Browser.Visible("credential").SendKeys(jws);
        Browser.Driver.FindElement(By.Id("verify")).Click();

        Assert.Equal("valid", VerdictShown());
        Assert.Equal("Valid diploma", Browser.Driver.FindElement(By.Id("verdict-title")).Text);
        Assert.Equal(name, Browser.Visible("holder-name").Text);
        var subject = payload["credentialSubject"]!;
        Assert.Equal(subject["source"]!["name"]!.GetValue<string>(), Browser.Driver.FindElement(By.Id("school")).Text);
        Assert.Equal(subject["term"]!.GetValue<string>(), Browser.Driver.FindElement(By.Id("term")).Text);
        Assert.Equal(subject["achievement"]!["name"]!.GetValue<string>(), Browser.Driver.FindElement(By.Id("achievement-name")).Text);
        Assert.Equal(payload["issuer"]!["name"]!.GetValue<string>(), Browser.Driver.FindElement(By.Id("issuer")).Text);
        var marks = Browser.Driver.FindElements(By.CssSelector("#marks tbody tr"));
        Assert.Equal(subject["result"]!.AsArray().Count, marks.Count);
        Assert.All(marks, row => Assert.Matches("^.+ [1-5]$", row.Text));
        Assert.False(Browser.Driver.FindElement(By.Id("replaces")).Displayed);
        Assert.EndsWith($"/credentials/{id}/print?lang=en", Browser.Driver.FindElement(By.Id("print-link")).GetAttribute("href"),
            StringComparison.Ordinal);
        Browser.Screenshot("verify-valid-en-desktop");
        Browser.ScrollTo(Browser.Driver.FindElement(By.Id("diploma")));
        Browser.Screenshot("verify-valid-en-desktop-diploma");
        Browser.Resize(HeadlessBrowser.Phone);
        Browser.ScrollTo(Browser.Driver.FindElement(By.Id("outcome")));
        Browser.Screenshot("verify-valid-en-phone");
        Browser.ScrollTo(Browser.Driver.FindElement(By.Id("diploma")));
        Browser.Screenshot("verify-valid-en-phone-diploma");
        Assert.Empty(Browser.TakeConsoleErrors());
    }

    [Fact]
    public async Task a_revoked_diploma_is_shown_as_revoked_with_its_content()
    {
        var id = (await IssuedAsync())[1];
        var jws = await DiplomaScenario.CredentialAsync(host, id);

        Browser.TakeConsole();
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(Url("/verify?lang=en"));
        Browser.Visible("credential").SendKeys(jws);
        Browser.Driver.FindElement(By.Id("verify")).Click();

        Assert.Equal("revoked", VerdictShown());
        Assert.Equal("Revoked diploma", Browser.Driver.FindElement(By.Id("verdict-title")).Text);
        Assert.Equal(NameOf(PayloadOf(jws)), Browser.Visible("holder-name").Text);
        Assert.False(Browser.Driver.FindElement(By.Id("print-link")).Displayed);
        Browser.Screenshot("verify-revoked-en-desktop");
        Browser.ScrollTo(Browser.Driver.FindElement(By.Id("diploma")));
        Browser.Screenshot("verify-revoked-en-desktop-diploma");
        Assert.Empty(Browser.TakeConsoleErrors());
    }

    [Fact]
    public async Task a_diploma_whose_payload_was_changed_is_tampered_and_none_of_its_content_is_shown()
    {
        var jws = await DiplomaScenario.CredentialAsync(host, (await IssuedAsync())[0]);
        var parts = jws.Split('.');
        var payload = PayloadOf(jws);
        payload["credentialSubject"]!["familyName"] = "Falsifikat";
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        Browser.TakeConsole();
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(Url("/verify?lang=en"));
        Browser.Visible("credential").SendKeys(forged);
        Browser.Driver.FindElement(By.Id("verify")).Click();

        Assert.Equal("tampered", VerdictShown());
        Assert.Equal("Altered or forged", Browser.Driver.FindElement(By.Id("verdict-title")).Text);
        Assert.False(Browser.Driver.FindElement(By.Id("diploma")).Displayed);
        Assert.DoesNotContain("Falsifikat", Browser.Driver.FindElement(By.Id("outcome")).Text, StringComparison.Ordinal);
        Browser.Screenshot("verify-tampered-en-desktop");
        Browser.Resize(HeadlessBrowser.Phone);
        Browser.ScrollTo(Browser.Driver.FindElement(By.Id("outcome")));
        Browser.Screenshot("verify-tampered-en-phone");
        Assert.Empty(Browser.TakeConsoleErrors());
    }

    [Fact]
    public async Task the_qr_codes_link_verifies_at_once_and_the_result_follows_the_language_chosen()
    {
        var id = (await IssuedAsync())[2];
        var jws = await DiplomaScenario.CredentialAsync(host, id);

        Browser.TakeConsole();
        Browser.Resize(HeadlessBrowser.Phone);
        Browser.Open(Url($"/verify?id={id}&lang=en"));

        Assert.Equal("valid", VerdictShown());
        Assert.Equal(jws, Browser.Driver.FindElement(By.Id("credential")).GetDomProperty("value"));
        Assert.Equal(NameOf(PayloadOf(jws)), Browser.Visible("holder-name").Text);
        Browser.Screenshot("verify-by-id-en-phone");

        Browser.Driver.FindElement(By.CssSelector("#language option[value='sq']")).Click();

        Browser.WaitUntil(_ => Html().GetAttribute("lang") == "sq", "the page to switch to Albanian");
        Assert.Equal("Diplomë e vlefshme", Browser.Driver.FindElement(By.Id("verdict-title")).Text);
        // Labels are shown in capitals (CSS); their text is as written.
        Assert.Equal("Mbajtësi", Browser.Driver.FindElement(By.XPath("//dd[@id='holder-name']/preceding-sibling::dt")).GetDomProperty("textContent"));
        Assert.Equal("Notat", Browser.Driver.FindElement(By.Id("marks-title")).Text);
        Assert.EndsWith("?lang=sq", Browser.Driver.FindElement(By.Id("print-link")).GetAttribute("href"), StringComparison.Ordinal);
        Browser.Screenshot("verify-by-id-sq-phone");
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Screenshot("verify-by-id-sq-desktop");
        Assert.Empty(Browser.TakeConsoleErrors());
    }

    [Fact]
    public void a_qr_link_to_no_diploma_says_so()
    {
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(Url($"/verify?id={Guid.NewGuid()}&lang=bs"));

        Assert.Equal("not_found", VerdictShown());
        Assert.Equal("Diploma nije pronađena", Browser.Driver.FindElement(By.Id("verdict-title")).Text);
        Assert.False(Browser.Driver.FindElement(By.Id("diploma")).Displayed);
        // The browser logs the 404 of /credentials/{id} itself: not the page's error.
        Browser.TakeConsole();
    }

    [Fact]
    public void the_browser_harness_reports_what_a_page_logs_as_an_error()
    {
        Browser.Open(Url("/verify?lang=en"));
        Browser.Visible("verify");
        Browser.TakeConsole();

        Browser.Driver.ExecuteScript("console.error('harness-check: an error'); console.log('harness-check: a note');");
        Browser.Driver.ExecuteScript("setTimeout(function () { throw new Error('harness-check: uncaught'); }, 0);");
        var all = new List<LogEntry>();
        // The uncaught error reaches the log after the timer ran: read until it is there.
        Browser.WaitUntil(_ =>
        {
            all.AddRange(Browser.TakeConsole());
            return all.Any(e => e.Message.Contains("harness-check: uncaught", StringComparison.Ordinal));
        }, "the uncaught error in the console");
        Assert.Contains(all, e => e.Level == LogLevel.Severe && e.Message.Contains("harness-check: an error", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Level == LogLevel.Severe && e.Message.Contains("harness-check: uncaught", StringComparison.Ordinal));
        Assert.DoesNotContain(all, e => e.Level == LogLevel.Severe && e.Message.Contains("harness-check: a note", StringComparison.Ordinal));
    }

    private IWebElement Html() => Browser.Driver.FindElement(By.TagName("html"));

    /// <summary>The verdict the page shows once it has one.</summary>
    private string VerdictShown() =>
        Browser.WaitUntil(d => d.FindElement(By.Id("outcome")) is { Displayed: true } outcome
            && d.FindElement(By.TagName("body")).GetAttribute("data-state") == "done"
            ? outcome.GetAttribute("data-verdict") : null, "a verdict")!;

    private static JsonObject PayloadOf(string jws) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(jws.Split('.')[1]))!.AsObject();

    private static string NameOf(JsonObject payload) =>
        $"{payload["credentialSubject"]!["givenName"]!.GetValue<string>()} {payload["credentialSubject"]!["familyName"]!.GetValue<string>()}";

    private static readonly SemaphoreSlim IssueGate = new(1, 1);
    private static (EmisHostFixture Host, IReadOnlyList<Guid> Ids)? _issued;

    /// <summary>
    /// Three diplomas issued once for these tests (the class's tests share the collection's host): the first and third valid, the
    /// second revoked, and seen revoked by the verifier before it is returned.
    /// </summary>
    private async Task<IReadOnlyList<Guid>> IssuedAsync()
    {
        await IssueGate.WaitAsync();
        try
        {
            if (_issued is { } issued && ReferenceEquals(issued.Host, host)) return issued.Ids;
            var ids = await DiplomaScenario.IssueAsync(host, 3);
            await DiplomaScenario.RevokeAsync(host, ids[1], "Marks entered for the wrong learner");
            var jws = await DiplomaScenario.CredentialAsync(host, ids[1]);
            // A node reuses the status list it signed for a moment: wait for the verifier to see the revocation (bounded).
            var deadline = DateTime.UtcNow + EmisHostFixture.Patience;
            while (await VerdictOverHttpAsync(jws) != "revoked")
            {
                if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("the revocation never reached the verifier");
                await Task.Delay(200);
            }
            _issued = (host, ids);
            return ids;
        }
        finally
        {
            IssueGate.Release();
        }
    }

    private async Task<string> VerdictOverHttpAsync(string jws)
    {
        using var response = await host.Http.PostAsync(new Uri("/credentials/verify", UriKind.Relative), new StringContent(jws));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["verdict"]!.GetValue<string>();
    }
}
