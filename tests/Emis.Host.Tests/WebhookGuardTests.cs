namespace Emis.Host.Tests;

/// <summary>The SSRF guard and the https rule on a host configured as in production (no private targets, no http).</summary>
[Collection(HostCollection.Name)]
public sealed class WebhookGuardTests(EmisHostFixture host)
{
    [Theory]
    [InlineData("https://127.0.0.1/hooks", "FORBIDDEN")]
    [InlineData("https://localhost:8443/hooks", "FORBIDDEN")]
    [InlineData("https://169.254.169.254/latest/meta-data", "FORBIDDEN")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks", "FORBIDDEN")]
    [InlineData("http://93.184.216.34/hooks", "INVALID")]
    public async Task a_private_target_or_plain_http_is_refused_when_not_allowed(string url, string code)
    {
        var j = new Jurisdiction();
        var payload = (await host.DataAsync(j.Partner, Webhooks.Register, new { input = new { url, types = new[] { Webhooks.SchoolRegistered } } }))
            ["registerWebhook"]!.AsObject();
        Assert.Null(payload["webhook"]);
        Assert.Null(payload["secret"]);
        var error = Assert.Single(payload["errors"]!.AsArray());
        Assert.Equal(code, error!["code"]!.GetValue<string>());
        Assert.Equal("url", error["field"]!.GetValue<string>());
        Assert.Empty(await host.WebhooksAsync(j.Partner));
    }
}
