using Emis.Platform.Auth;

namespace Emis.Testing;

public sealed class Jurisdiction(string? id = null)
{
    public string Id { get; } = id ?? "j-" + Guid.NewGuid().ToString("N")[..10];
    public Caller Admin => new("admin-1", Roles.MinistryAdmin, Id, null, null);
    public Caller Analyst => new("analyst-1", Roles.MinistryAnalyst, Id, null, null);
    public Caller Partner => new("partner-1", Roles.Partner, Id, null, null);
    public Caller Officer(string municipality) => new("officer-" + municipality, Roles.MunicipalityOfficer, Id, municipality, null);
    public Caller SchoolAdmin(string code) => new("school-admin-" + code, Roles.SchoolAdmin, Id, null, code);
    public Caller Teacher(string code) => new("teacher-" + code, Roles.Teacher, Id, null, code);
}
