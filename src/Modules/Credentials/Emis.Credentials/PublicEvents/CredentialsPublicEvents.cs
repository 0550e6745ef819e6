using Emis.Credentials.Accounts;
using Emis.Credentials.Diplomas;
using Emis.Platform.EventLog;

namespace Emis.Credentials.PublicEvents;

// Credentials' public integration events: a person's EduID and account name are personal data (they identify the
// person); partners without the grant learn only that an account exists, where and in which state.

[PublicEvent("credentials.account_issued", 1, "A learner or member of staff was given an EduID and an account name.")]
public sealed record AccountIssuedV1(
    Guid PersonId,
    string Kind,
    [property: PersonalData] string EduId,
    [property: PersonalData] string Username,
    Guid SchoolId,
    string SchoolCode,
    string SchoolYear,
    int? Grade);

[PublicEvent("credentials.account_provisioned", 1, "The account exists in the jurisdiction's Microsoft 365 tenant.")]
public sealed record AccountProvisionedV1(Guid PersonId, [property: PersonalData] string GraphUserId);

[PublicEvent("credentials.diploma_issued", 1,
    "A diploma was issued: a W3C verifiable credential anyone can verify at its URL (the learner and the URL are personal data).")]
public sealed record DiplomaIssuedV1(
    Guid DiplomaId,
    Guid LearnerId,
    Guid SchoolId,
    string SchoolCode,
    string Municipality,
    string SchoolYear,
    [property: PersonalData(PersonalDataHandling.Withhold)] string CredentialUrl,
    string StatusList,
    Guid? Replaces);

[PublicEvent("credentials.diploma_revoked", 1, "A diploma was revoked (its status list entry is set); a re-issued one names its replacement.")]
public sealed record DiplomaRevokedV1(Guid DiplomaId, Guid LearnerId, Guid SchoolId, string SchoolCode, string StatusList,
    Guid? ReplacedBy);

internal static class CredentialsPublicEvents
{
    public static PublicEventMap Map(DiplomaSettings settings) => new PublicEventMap()
        .Add<AccountIssued, AccountIssuedV1>(
            (e, _) => new(e.PersonId, PublicEventMap.Name(e.Kind), e.EduId, e.Username, e.SchoolId, e.SchoolCode, e.SchoolYear, e.Grade),
            e => e.PersonId, PublicChange.Created)
        .Add<AccountProvisioned, AccountProvisionedV1>((e, _) => new(e.PersonId, e.GraphUserId), e => e.PersonId, PublicChange.Updated)
        .Add<DiplomaIssued, DiplomaIssuedV1>(
            (e, _) => new(e.DiplomaId, e.LearnerId, e.SchoolId, e.SchoolCode, e.Municipality, e.SchoolYear,
                settings.Public($"credentials/{e.CredentialId}").AbsoluteUri,
                e.StatusList, e.Replaces),
            e => e.DiplomaId, PublicChange.Created)
        .Add<DiplomaRevoked, DiplomaRevokedV1>((e, _) => new(e.DiplomaId, e.LearnerId, e.SchoolId, e.SchoolCode, e.StatusList, e.ReplacedBy),
            e => e.DiplomaId, PublicChange.Updated);
}
