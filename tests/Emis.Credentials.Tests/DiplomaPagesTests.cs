using System.Net;
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
    public void the_printed_diploma_shows_the_name_and_a_qr_code_of_its_verify_link()
    {
        var id = Guid.NewGuid();
        host.Service<PublicCredentials>().Put(id, DiplomaPrintPageTests.CompactJws(DiplomaPrintPageTests.SampleCredential()));
        var verifyUrl = host.Service<DiplomaSettings>().Public($"verify?id={id}").AbsoluteUri;

        Browser.TakeConsole();
        Browser.Resize(HeadlessBrowser.Desktop);
        Browser.Open(Url($"/credentials/{id}/print?lang=sq"));

        Assert.Equal("Amra Hodžić", Browser.Visible("holder-name").Text);
        var qr = Browser.Driver.FindElement(By.CssSelector("#qr svg"));
        Assert.True(qr.Displayed);
        Assert.True(qr.Size.Width >= 100 && qr.Size.Width == qr.Size.Height, $"the QR code is square and large enough: {qr.Size}");
        Assert.Equal(verifyUrl, Browser.Driver.FindElement(By.CssSelector("#verify-url a")).Text);
        Assert.Equal(verifyUrl, Browser.Driver.FindElement(By.CssSelector("#verify-url a")).GetAttribute("href"));
        Assert.Equal("sq", Html().GetAttribute("lang"));
        Browser.Screenshot("print-sq-desktop");
        Browser.Resize(HeadlessBrowser.Phone);
        Browser.Screenshot("print-sq-phone");
        Assert.Empty(Browser.TakeConsoleErrors());
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
}
