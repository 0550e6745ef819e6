using Microsoft.Extensions.Configuration;

namespace Emis.Learning.Xapi;

/// <summary>
/// The xAPI endpoint's settings (adr/0029): <c>Emis:Learning:Xapi:EduIdHomePages:&lt;jurisdiction&gt;</c>, the home page of the
/// jurisdiction's EduID accounts — an xAPI <c>account</c> with this <c>homePage</c> names a learner by EduID. Default
/// <c>https://&lt;jurisdiction&gt;.emis.example/eduid</c>, beside the default account domain; set it to the address of the
/// jurisdiction's EduID service and tell the learning platforms.
/// </summary>
public sealed class XapiSettings(IConfiguration configuration)
{
    public const string Section = "Emis:Learning:Xapi";

    public string EduIdHomePage(string jurisdiction) =>
        configuration[$"{Section}:EduIdHomePages:{jurisdiction}"] is { Length: > 0 } page
            ? page.Trim()
            : $"https://{jurisdiction}.emis.example/eduid";
}
