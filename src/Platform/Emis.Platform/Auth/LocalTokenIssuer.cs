using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emis.Platform.Auth;

/// <summary>Issues locally signed tokens for development and tests (<c>./emis token</c>).</summary>
public sealed class LocalTokenIssuer(IConfiguration configuration)
{
    public string Issue(Caller caller, string? displayName = null, TimeSpan? lifetime = null)
    {
        var claims = new Dictionary<string, object>
        {
            [EmisClaims.Subject] = caller.Subject,
            [EmisClaims.Name] = displayName ?? caller.Subject,
            [EmisClaims.Role] = caller.Role,
            [EmisClaims.Jurisdiction] = caller.Jurisdiction,
        };
        if (caller.Municipality is not null) claims[EmisClaims.Municipality] = caller.Municipality;
        if (caller.SchoolCode is not null) claims[EmisClaims.School] = caller.SchoolCode;
        if (caller.GrantedRights.Count > 0) claims[EmisClaims.Grants] = string.Join(',', caller.GrantedRights);

        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = EmisAuthentication.LocalIssuer,
            Audience = EmisAuthentication.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(
                EmisAuthentication.LocalSigningKey(configuration), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
