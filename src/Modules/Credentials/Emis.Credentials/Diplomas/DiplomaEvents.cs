using Emis.Platform.EventLog;

namespace Emis.Credentials.Diplomas;

// Every event of a diploma's stream (stream id: the diploma's own random id, which is also its public credential id) and of
// a jurisdiction's issuer stream (IssuerView.IdFor): the streams' schema in one place. Names, birth dates, the EduID's
// hash and the signed credential are personal data (encrypted with the learner's key, withheld from readers without the
// grant); ToString prints ids only, so that no log line carries them. No event ever carries a private key (adr/0034).

/// <summary>A final mark as the diploma gives it: the subject's code and name, the mark and its value on the scale.</summary>
public sealed record DiplomaSubject(string Code, string Name, string Mark, decimal? Value);

/// <summary>
/// What a diploma says, fixed when it is drafted (from the learner's confirmed graduation and final marks) and signed as it is
/// when it is issued.
/// </summary>
/// <param name="IdentityHash">OB 3.0's <c>identityHash</c> of the learner's EduID: <c>sha256$</c> and the hex SHA-256 of the
/// EduID followed by <paramref name="Salt"/>; null when the learner has no EduID.</param>
/// <param name="Language">The language of instruction (ISO 639), in which the diploma's name is given.</param>
public sealed record DiplomaContent(
    string GivenName,
    string? ParentName,
    string FamilyName,
    DateOnly BirthDate,
    string? IdentityHash,
    string? Salt,
    string SchoolName,
    string Language,
    string? Programme,
    string? Level,
    int? Isced,
    int Grade,
    DateOnly AwardedOn,
    IReadOnlyList<DiplomaSubject> Subjects)
{
    public override string ToString() => $"DiplomaContent {{ Grade = {Grade}, Subjects = {Subjects.Count} }}";
}

/// <summary>A diploma was drafted from a confirmed graduation (or, re-issued, from the records as they stand then).</summary>
/// <param name="Replaces">The diploma this one corrects (re-issue), if any.</param>
[AboutPerson]
public sealed record DiplomaDrafted(
    Guid DiplomaId,
    Guid LearnerId,
    Guid SectionId,
    Guid SchoolId,
    string SchoolCode,
    string Municipality,
    string SchoolYear,
    [property: PersonalData(PersonalDataHandling.Withhold)] DiplomaContent Content,
    Guid? Replaces)
{
    public override string ToString() => $"DiplomaDrafted {{ DiplomaId = {DiplomaId}, SectionId = {SectionId} }}";
}

/// <summary>The draft was drafted again from the records as they stand (a mark corrected before issue).</summary>
[AboutPerson]
public sealed record DiplomaRedrafted(Guid DiplomaId, Guid LearnerId, [property: PersonalData(PersonalDataHandling.Withhold)] DiplomaContent Content)
{
    public override string ToString() => $"DiplomaRedrafted {{ DiplomaId = {DiplomaId} }}";
}

/// <summary>
/// The diploma was signed and issued: the compact JWS (VC-JOSE, <c>application/vc+jwt</c>) as it is served, the key that
/// signed it and its entry in a revocation status list.
/// </summary>
/// <param name="CredentialId">The credential's public id (<c>/credentials/{id}</c>), random and unlike the diploma's: whoever has it
/// reads the diploma, so it is the holder's to share and personal data here, never in a figure, a public event or an analyst's view.
/// </param>
[AboutPerson]
public sealed record DiplomaIssued(
    Guid DiplomaId,
    Guid LearnerId,
    Guid SchoolId,
    string SchoolCode,
    string Municipality,
    string SchoolYear,
    Guid? Replaces,
    string KeyId,
    string StatusList,
    int StatusIndex,
    DateTimeOffset IssuedAt,
    [property: PersonalData(PersonalDataHandling.Withhold)] string Credential,
    [property: PersonalData(PersonalDataHandling.Withhold)] string CredentialId)
{
    public override string ToString() => $"DiplomaIssued {{ DiplomaId = {DiplomaId}, KeyId = {KeyId}, StatusList = {StatusList} }}";
}

/// <summary>The ministry revoked the diploma: its status list bit is set. A re-issued diploma names the one that replaces it.</summary>
[AboutPerson]
public sealed record DiplomaRevoked(
    Guid DiplomaId,
    Guid LearnerId,
    Guid SchoolId,
    string SchoolCode,
    string StatusList,
    int StatusIndex,
    [property: PersonalData(PersonalDataHandling.Withhold)] string Reason,
    Guid? ReplacedBy)
{
    public override string ToString() => $"DiplomaRevoked {{ DiplomaId = {DiplomaId}, ReplacedBy = {ReplacedBy} }}";
}

/// <summary>
/// A signing key of the jurisdiction's issuer: its public half (a P-256 JWK's coordinates) and its fragment in the DID document.
/// The private half is stored encrypted outside the event log (<see cref="IssuerKeys"/>).
/// </summary>
public sealed record IssuerKeyAdded(Guid IssuerId, string Jurisdiction, string KeyId, string Curve, string X, string Y, DateTimeOffset AddedAt,
    string? Reason);
