namespace Emis.Credentials.Contracts;

/// <summary>An account to issue, with what provisioning and School Data Sync need to know about its holder.</summary>
public sealed record NewAccount(
    Guid PersonId,
    PersonKind Kind,
    string EduId,
    string Username,
    string FirstName,
    string LastName,
    Guid SchoolId,
    string SchoolCode,
    string SchoolYear,
    int? Grade)
{
    /// <summary>Never personal data in a log line.</summary>
    public override string ToString() => $"NewAccount {{ PersonId = {PersonId} }}";
}
