using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Emis.Features.AuditTrail;
using Emis.Platform.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Tracking;

namespace Emis.Testing;

public sealed class Jurisdiction
{
    public Jurisdiction(string? id = null) => Id = id ?? "j-" + Guid.NewGuid().ToString("N")[..10];

    public string Id { get; }
    public Caller Admin => new("admin-1", Roles.MinistryAdmin, Id, null, null);
    public Caller Analyst => new("analyst-1", Roles.MinistryAnalyst, Id, null, null);
    public Caller Partner => new("partner-1", Roles.Partner, Id, null, null);
    public Caller Officer(string municipality) => new("officer-" + municipality, Roles.MunicipalityOfficer, Id, municipality, null);
    public Caller SchoolAdmin(string code) => new("school-admin-" + code, Roles.SchoolAdmin, Id, null, code);
    public Caller Teacher(string code) => new("teacher-" + code, Roles.Teacher, Id, null, code);
}
