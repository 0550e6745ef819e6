using Emis.Credentials.Contracts;
using Emis.Platform.EventLog;

namespace Emis.Credentials.Accounts;

// Every event of an account's stream (stream id Account.StreamIdOf(person id), aggregate Account): the stream's schema in
// one place. Names in the store are explicit (credentials.*, see CredentialsModule) so that renaming a class never renames
// history. EduIDs, account names and names are personal data: ToString prints ids only, so that no log line carries them.

/// <summary>Where an account is on its way to Microsoft 365.</summary>
public enum AccountState
{
    /// <summary>Issued in Emis; waiting to be provisioned (or provisioning is off).</summary>
    Issued,

    /// <summary>The user exists in the jurisdiction's Microsoft 365 tenant.</summary>
    Provisioned,

    /// <summary>The last provisioning attempt failed (see whether it will be retried).</summary>
    Failed,

    /// <summary>
    /// The person's registration was undone (their import reverted, adr/0026): the EduID and account name stay reserved and
    /// are never issued again; the user, if Microsoft 365 has one, is disabled.
    /// </summary>
    Retired,
}

/// <summary>A person was given their EduID and account name, in the school and year they were registered in.</summary>
[AboutPerson]
public sealed record AccountIssued(
    Guid PersonId,
    PersonKind Kind,
    [PersonalData] string EduId,
    [PersonalData] string Username,
    Guid SchoolId,
    string SchoolCode,
    string SchoolYear,
    int? Grade,
    [PersonalData] string FirstName,
    [PersonalData] string LastName)
{
    public override string ToString() => $"AccountIssued {{ PersonId = {PersonId}, Kind = {Kind}, SchoolId = {SchoolId} }}";
}

/// <summary>The account exists in Microsoft 365 (created now, or found there already) and belongs to its school.</summary>
/// <param name="GraphUserId">The user's object id in Microsoft Graph (identifies the person there: pseudonymised in audits).</param>
/// <param name="GraphSchoolId">The education school's object id, when the school could be assigned.</param>
[AboutPerson]
public sealed record AccountProvisioned(Guid PersonId, [PersonalData] string GraphUserId, string? GraphSchoolId);

/// <summary>A provisioning attempt failed.</summary>
/// <param name="Reason">Microsoft Graph's status and error code, or the transport failure (never the account name).</param>
/// <param name="Attempt">1 for the first failed attempt, and so on.</param>
/// <param name="WillRetry">Whether another attempt is scheduled (throttling, server and network errors) or not (refusals).</param>
[AboutPerson]
public sealed record AccountProvisioningFailed(Guid PersonId, string Reason, int Attempt, bool WillRetry);

/// <summary>
/// The account was retired because the person's registration was undone: its EduID and account name are never issued again,
/// provisioning stops, and the user in Microsoft 365 (if any) is disabled next.
/// </summary>
/// <param name="Cause">Why, in words about the import, never about the person (e.g. "import … reverted").</param>
[AboutPerson]
public sealed record AccountRetired(Guid PersonId, string Cause);

/// <summary>The retired account's user in Microsoft 365 was disabled (accountEnabled false): nobody can sign in with it.</summary>
[AboutPerson]
public sealed record AccountDisabled(Guid PersonId, [PersonalData] string GraphUserId);

/// <summary>Disabling the retired account's user in Microsoft 365 failed.</summary>
/// <param name="Reason">Microsoft Graph's status and error code, or the transport failure.</param>
[AboutPerson]
public sealed record AccountDisablingFailed(Guid PersonId, string Reason, int Attempt, bool WillRetry);
