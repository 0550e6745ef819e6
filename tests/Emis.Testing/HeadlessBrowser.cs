using System.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Emis.Testing;

/// <summary>
/// A headless Chromium for browser tests: Debian's <c>chromium</c> driven through its <c>chromedriver</c>, both at their
/// explicit paths, so that Selenium Manager never runs and nothing is downloaded (<c>./emis test</c> installs both). Each
/// browser has a fresh profile in a temporary folder, removed on dispose. It collects the browser's console (to prove a
/// page logs no error) and saves screenshots under <c>tests/artifacts/</c> (git-ignored), where CI can keep them.
/// </summary>
public sealed class HeadlessBrowser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverPath = "/usr/bin/chromedriver";

    /// <summary>A phone held upright (CSS pixels).</summary>
    public static readonly Size Phone = new(390, 844);

    /// <summary>A laptop's screen.</summary>
    public static readonly Size Desktop = new(1366, 900);

    /// <summary>How long a wait for the page to reach a state lasts before the test fails (a bound, not a timing assertion).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _profile;
    private readonly ChromeDriverService _service;

    public ChromeDriver Driver { get; }

    private HeadlessBrowser(string profile, ChromeDriverService service, ChromeDriver driver)
    {
        _profile = profile;
        _service = service;
        Driver = driver;
    }

    /// <summary>
    /// Starts a headless Chromium with a window of the size given (<see cref="Desktop"/> unless told) whose user prefers the
    /// languages given (<c>tr</c>, <c>sq,en</c>; English unless told).
    /// </summary>
    public static HeadlessBrowser Start(Size? window = null, string? language = null)
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(ChromeDriverPath))
        {
            throw new InvalidOperationException(
                $"Browser tests need Debian's chromium and chromium-driver ({ChromiumPath}, {ChromeDriverPath}): ./emis test installs them "
                + "when run as root; otherwise: sudo apt-get install -y chromium chromium-driver");
        }
        var profile = Directory.CreateTempSubdirectory("emis-chromium-").FullName;
        var size = window ?? Desktop;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-dev-shm-usage",
            $"--user-data-dir={profile}", $"--window-size={size.Width},{size.Height}",
            $"--lang={(language ?? "en-US").Split(',')[0]}");
        // The languages a page sees in navigator.languages and Accept-Language.
        options.AddUserProfilePreference("intl.accept_languages", language ?? "en-US,en");
        // The browser's console, read back through chromedriver's log endpoint.
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        // Both paths explicit: with the driver's path known, Selenium does not look for (or fetch) a driver or a browser.
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        try
        {
            var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
            var browser = new HeadlessBrowser(profile, service, driver);
            browser.Resize(size);
            return browser;
        }
        catch
        {
            service.Dispose();
            TryDelete(profile);
            throw;
        }
    }

    public void Resize(Size window) => Driver.Manage().Window.Size = window;

    public void Open(Uri url) => Driver.Navigate().GoToUrl(url);

    /// <summary>Waits until the condition gives a value (not null, not false) and returns it; fails the test after <see cref="Patience"/>.</summary>
    public T WaitUntil<T>(Func<IWebDriver, T> condition, string what)
    {
        var wait = new WebDriverWait(Driver, Patience) { Message = $"waited {Patience.TotalSeconds:0} s for {what}" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    /// <summary>The element with this id once it is displayed.</summary>
    public IWebElement Visible(string id) =>
        WaitUntil(d => d.FindElement(By.Id(id)) is { Displayed: true } element ? element : null, $"#{id} to be displayed")!;

    /// <summary>The console messages the page logged since the last call (or since the browser started): each is read once.</summary>
    public IReadOnlyList<LogEntry> TakeConsole() => [.. Driver.Manage().Logs.GetLog(LogType.Browser)];

    /// <summary>The console's errors since the last read (level SEVERE: uncaught exceptions, failed loads, <c>console.error</c>).</summary>
    public IReadOnlyList<string> TakeConsoleErrors() => [.. TakeConsole().Where(e => e.Level == LogLevel.Severe).Select(e => e.Message)];

    /// <summary>Scrolls the page so that the element is at the top of the window (for a screenshot of what lies below the fold).</summary>
    public void ScrollTo(IWebElement element) => Driver.ExecuteScript("arguments[0].scrollIntoView({ block: 'start' });", element);

    /// <summary>Saves a screenshot as <c>tests/artifacts/NAME.png</c> and returns its path.</summary>
    public string Screenshot(string name)
    {
        var folder = ArtifactsFolder();
        var file = Path.Combine(folder, FileName(name) + ".png");
        Driver.GetScreenshot().SaveAsFile(file);
        return file;
    }

    /// <summary>
    /// Prints the page as the browser would on A4 paper with no margins (the page's print stylesheet applies), saves the PDF as
    /// <c>tests/artifacts/NAME.pdf</c> and returns its bytes.
    /// </summary>
    public byte[] PrintA4(string name)
    {
        var options = new PrintOptions
        {
            PageDimensions = PrintOptions.PageSize.A4,
            PageMargins = new PrintOptions.Margins { Top = 0, Bottom = 0, Left = 0, Right = 0 },
            OutputBackgroundImages = true,
            ShrinkToFit = false,
        };
        var document = Driver.Print(options);
        var file = Path.Combine(ArtifactsFolder(), FileName(name) + ".pdf");
        document.SaveAsFile(file);
        return document.AsByteArray;
    }

    /// <summary>The number of pages of a PDF as Chromium writes it (its page objects are not compressed).</summary>
    public static int PdfPages(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![a-zA-Z])").Count;

    private static string FileName(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));

    /// <summary><c>tests/artifacts/</c> of the repository these tests run from (made if missing).</summary>
    public static string ArtifactsFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Emis.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "tests", "artifacts");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            _service.Dispose();
            TryDelete(_profile);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; the temporary folder is the system's to clean then.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
