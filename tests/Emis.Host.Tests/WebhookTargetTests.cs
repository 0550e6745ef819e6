using System.Net;
using System.Text;
using Emis.Features.Partners.Webhooks;
using Microsoft.Extensions.Configuration;

namespace Emis.Host.Tests;

/// <summary>The SSRF guard, the signature scheme and the retry schedule, without a host.</summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.10")]
    [InlineData("192.0.0.8")]
    [InlineData("198.18.0.1")]
    [InlineData("224.0.0.251")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:c0a8:0101::1")]
    [InlineData("2001:db8::1")]
    [InlineData("::127.0.0.1")]
    public void internal_addresses_are_not_public(string address) =>
        Assert.False(WebhookTargets.IsPublic(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void global_addresses_are_public(string address) =>
        Assert.True(WebhookTargets.IsPublic(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://[::1]:8443/hooks")]
    [InlineData("https://10.0.0.7/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::ffff:192.168.1.1]/hooks")]
    public async Task a_private_or_loopback_target_is_refused_at_registration_unless_allowed(string url)
    {
        var error = await WebhookTargets.CheckAsync(url, allowHttp: false, allowPrivate: false, CancellationToken.None);
        Assert.NotNull(error);
        Assert.Equal(("FORBIDDEN", "url"), (error.Code, error.Field));
        Assert.Null(await WebhookTargets.CheckAsync(url, allowHttp: false, allowPrivate: true, CancellationToken.None));
    }

    [Fact]
    public async Task only_absolute_https_urls_are_accepted_unless_http_is_allowed()
    {
        Assert.Null(await WebhookTargets.CheckAsync("https://93.184.216.34/hooks", false, false, CancellationToken.None));
        Assert.Equal(("INVALID", "url"), Of(await WebhookTargets.CheckAsync("http://93.184.216.34/hooks", false, false, CancellationToken.None)));
        Assert.Null(await WebhookTargets.CheckAsync("http://93.184.216.34/hooks", true, false, CancellationToken.None));
        Assert.Equal(("INVALID", "url"), Of(await WebhookTargets.CheckAsync("hooks/emis", false, false, CancellationToken.None)));
        Assert.Equal(("INVALID", "url"), Of(await WebhookTargets.CheckAsync("https://user:pw@93.184.216.34/", false, false, CancellationToken.None)));
        Assert.Equal(("REQUIRED", "url"), Of(await WebhookTargets.CheckAsync(" ", false, false, CancellationToken.None)));

        static (string, string?) Of(Platform.Commands.UserError? e) => (e!.Code, e.Field);
    }

    [Fact]
    public async Task a_connection_to_a_loopback_address_is_refused_at_connect_time_unless_allowed()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var allow = false;
        using var http = new HttpClient(WebhookTargets.Handler(() => allow, TimeSpan.FromSeconds(5)));

        // By address and by a name that resolves to it (what a DNS rebinding attack would look like at connect time).
        foreach (var url in new[] { receiver.Url("/guarded"), $"http://localhost:{receiver.Port}/guarded" })
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(url, new StringContent("{}")));
            Assert.Contains("Refused to connect", refused.Message, StringComparison.Ordinal);
        }
        Assert.Empty(receiver.Received);

        allow = true;
        using var answered = await http.PostAsync(receiver.Url("/guarded"), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public void the_signature_matches_the_standard_webhooks_example()
    {
        // The example of the Standard Webhooks specification.
        var signature = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            Encoding.UTF8.GetBytes("""{"test": 2432232314}"""));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void the_default_retry_schedule_backs_off_for_about_three_days_and_can_be_shortened()
    {
        var defaults = new WebhookSettings(new ConfigurationBuilder().Build());
        var schedule = defaults.RetrySchedule;
        Assert.Equal(WebhookSettings.DefaultSchedule, schedule.Take(WebhookSettings.DefaultSchedule.Count));
        Assert.All(schedule.Skip(WebhookSettings.DefaultSchedule.Count), d => Assert.Equal(TimeSpan.FromHours(12), d));
        var total = schedule.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.InRange(total, TimeSpan.FromDays(2.5), TimeSpan.FromDays(3));
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.Timeout);
        Assert.False(defaults.AllowPrivateTargets);

        var shortened = new WebhookSettings(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emis:Webhooks:RetrySchedule"] = "00:00:00.1, 00:00:01",
            ["Emis:Webhooks:Timeout"] = "00:00:02",
            ["Emis:Webhooks:Lease"] = "00:00:01",
        }).Build());
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)], shortened.RetrySchedule);
        Assert.Equal(TimeSpan.FromSeconds(32), shortened.Lease); // never shorter than a delivery slice (20 s) and a request may take
    }
}
