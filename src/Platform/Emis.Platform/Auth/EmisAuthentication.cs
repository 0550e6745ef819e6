using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
