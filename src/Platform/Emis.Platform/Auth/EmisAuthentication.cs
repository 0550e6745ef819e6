using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Emis.Platform.Auth;

/// <summary>
/// Bearer-token authentication. Production names an OIDC authority (<c>Emis:Auth:Authority</c>); local use signs
/// tokens with a symmetric key (<c>Emis:Auth:SigningKey</c>) through <see cref="LocalTokenIssuer"/>.
/// </summary>
public static class EmisAuthentication
{
    public const string LocalIssuer = "emis-local";
    public const string Audience = "emis";

    public static IServiceCollection AddEmisAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var authority = configuration["Emis:Auth:Authority"];
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = EmisClaims.Name;
                options.TokenValidationParameters.RoleClaimType = EmisClaims.Role;
                if (!string.IsNullOrWhiteSpace(authority))
                {
                    options.Authority = authority;
                    options.Audience = configuration["Emis:Auth:Audience"] ?? Audience;
                }
                else
                {
                    options.TokenValidationParameters.ValidIssuer = LocalIssuer;
                    options.TokenValidationParameters.ValidAudience = Audience;
                    options.TokenValidationParameters.IssuerSigningKey = LocalSigningKey(configuration);
                }
            });
        services.AddAuthorization();
        services.AddSingleton<WebSocketTokenValidator>();
        return services;
    }

    internal static SymmetricSecurityKey LocalSigningKey(IConfiguration configuration)
    {
        var key = configuration["Emis:Auth:SigningKey"];
        if (string.IsNullOrWhiteSpace(key) || Encoding.UTF8.GetByteCount(key) < 32)
        {
            throw new InvalidOperationException(
                "Emis:Auth:SigningKey must be set (32 bytes or more) when no Emis:Auth:Authority is configured. " +
                "./emis creates one in .emis/signing-key.");
        }
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }
}

/// <summary>Validates a token that arrives outside the HTTP pipeline (the WebSocket connection_init payload).</summary>
public sealed class WebSocketTokenValidator(IOptionsMonitor<JwtBearerOptions> options)
{
    public async Task<ClaimsPrincipal?> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        var jwt = options.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = jwt.TokenValidationParameters.Clone();
        if (jwt.ConfigurationManager is not null)
        {
            var config = await jwt.ConfigurationManager.GetConfigurationAsync(cancellationToken);
            parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], config.Issuer];
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. config.SigningKeys];
        }
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }
}

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
        if (caller.Sections.Count > 0) claims[EmisClaims.Sections] = string.Join(',', caller.Sections);
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
