using System.Net;
using System.Net.Sockets;
using Emis.Platform.Commands;

namespace Emis.Features.Partners.Webhooks;

/// <summary>
/// The SSRF guard: a webhook may only reach public addresses. Checked twice: when a subscription is registered (the URL's
/// host, resolved) and when each connection is opened (the address actually connected to, so a name that resolves to a
/// public address at registration and to an internal one later — DNS rebinding — is still refused).
/// </summary>
public static class WebhookTargets
{
    /// <summary>
    /// Whether an address is reachable on the public internet (not private, loopback, link-local, unique-local,
    /// CGNAT, multicast, unspecified or reserved).
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                        // 0.0.0.0/8 "this network", unspecified
                || b[0] == 10                                         // 10/8 private
                || b[0] == 127                                        // 127/8 loopback
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)         // 100.64/10 carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                       // 169.254/16 link-local (cloud metadata)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)          // 172.16/12 private
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)            // 192.0.0/24 IETF protocol assignments
                || (b[0] == 192 && b[1] == 0 && b[2] == 2)            // 192.0.2/24 documentation
                || (b[0] == 192 && b[1] == 168)                       // 192.168/16 private
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))        // 198.18/15 benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)         // 198.51.100/24 documentation
                || (b[0] == 203 && b[1] == 0 && b[2] == 113)          // 203.0.113/24 documentation
                || b[0] >= 224);                                      // 224/4 multicast, 240/4 reserved, broadcast
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)) return false;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return false;
        var v6 = address.GetAddressBytes();
        // ::/96 IPv4-compatible (deprecated) and ::ffff:0:0/96 handled above; 64:ff9b::/96 NAT64 carries an IPv4 address.
        if (v6.Take(12).All(x => x == 0)) return false;
        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b) return IsPublic(new IPAddress(v6[12..16]));
        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) return false; // 2001:db8::/32 documentation
        if (v6[0] == 0x20 && v6[1] == 0x02) return IsPublic(new IPAddress(v6[2..6]));       // 2002::/16 6to4 embeds an IPv4 address
        if (v6[0] == 0x01 && v6[1] == 0x00 && v6.Skip(2).Take(6).All(x => x == 0)) return false; // 100::/64 discard
        // Only global unicast (2000::/3) is routable on the internet.
        return (v6[0] & 0xE0) == 0x20;
    }

    /// <summary>
    /// Checks a URL a partner asks webhooks to be sent to: absolute, https (http only when allowed), no credentials in it,
    /// and (unless private targets are allowed) a host that resolves only to public addresses. Null when acceptable.
    /// </summary>
    public static async Task<UserError?> CheckAsync(string? url, bool allowHttp, bool allowPrivate, CancellationToken ct)
    {
        const string field = "url";
        if (string.IsNullOrWhiteSpace(url)) return new UserError(ErrorCodes.Required, field, "A URL to send webhooks to is required.");
        if (url.Length > 2000) return new UserError(ErrorCodes.Invalid, field, "The URL is longer than 2,000 characters.");
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return new UserError(ErrorCodes.Invalid, field, "The URL must be absolute, for example https://partner.example/emis-webhooks.");
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowHttp && uri.Scheme == Uri.UriSchemeHttp))
        {
            return new UserError(ErrorCodes.Invalid, field, allowHttp ? "The URL must use https or http." : "The URL must use https.");
        }
        if (uri.UserInfo.Length > 0) return new UserError(ErrorCodes.Invalid, field, "The URL must not carry a user name or password.");
        if (uri.Fragment.Length > 0) return new UserError(ErrorCodes.Invalid, field, "The URL must not have a fragment (#...).");
        if (allowPrivate) return null;

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
            }
            catch (SocketException)
            {
                return new UserError(ErrorCodes.Invalid, field, $"The host '{uri.Host}' cannot be resolved.");
            }
        }
        if (addresses.Length == 0) return new UserError(ErrorCodes.Invalid, field, $"The host '{uri.Host}' cannot be resolved.");
        return addresses.All(IsPublic)
            ? null
            : new UserError(ErrorCodes.Forbidden, field,
                $"The host '{uri.Host}' resolves to a private, loopback, link-local or otherwise internal address; webhooks go to public addresses " +
                $"only.");
    }

    /// <summary>
    /// An HTTP handler for webhook requests whose every connection goes to a resolved address that is checked first (unless
    /// private targets are allowed). Redirects are not followed: a 3xx answer counts as a failure.
    /// </summary>
    public static SocketsHttpHandler Handler(Func<bool> allowPrivate, TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = connectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = allowPrivate() ? addresses : [.. addresses.Where(IsPublic)];
            if (allowed.Length == 0)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError,
                    $"Refused to connect to '{host}': it resolves to no public address (webhooks go to public addresses only).");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
