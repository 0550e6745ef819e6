using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Credentials.Diplomas;

public sealed class DiplomaStatusGraphType : EnumerationGraphType<DiplomaStatus>
{
    public DiplomaStatusGraphType() => Name = "DiplomaStatus";
}

public sealed class DiplomaSubjectGraphType : ObjectGraphType<DiplomaSubject>
{
    public DiplomaSubjectGraphType()
    {
        Name = "DiplomaSubject";
        Field(x => x.Code);
        Field(x => x.Name);
        Field(x => x.Mark);
        Field(x => x.Value, nullable: true);
    }
}

/// <summary>
/// A diploma. Names, birth date, marks and the signed credential are null for callers who may not see personal data
/// (analysts); the revocation reason is the ministry's.
/// </summary>
public sealed class DiplomaGraphType : ObjectGraphType<DiplomaView>
{
    public DiplomaGraphType(DiplomaSettings settings)
    {
        Settings = settings;
        Name = "Diploma";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("The diploma's id: also its public credential's id.");
        Field(x => x.Status, type: typeof(NonNullGraphType<DiplomaStatusGraphType>));
        Field(x => x.LearnerId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SectionId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.Municipality);
        Field(x => x.SchoolYear);
        Personal("givenName", d => d.Content?.GivenName);
        Personal("familyName", d => d.Content?.FamilyName);
        Personal("birthDate", d => d.Content?.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Field<StringGraphType>("achievementName").Description("The diploma's name in the language of instruction.")
            .Resolve(c => c.Source.Content is { } content ? CredentialDocuments.AchievementName(content.Isced, content.Language).Local : null);
        Field<StringGraphType>("achievementNameInEnglish")
            .Resolve(c => c.Source.Content is { } content ? CredentialDocuments.AchievementName(content.Isced, content.Language).English : null);
        Field<StringGraphType>("language").Description("The language of instruction (ISO 639).").Resolve(c => c.Source.Content?.Language);
        Field<StringGraphType>("programme").Resolve(c => c.Source.Content?.Programme);
        Field<StringGraphType>("level").Resolve(c => c.Source.Content?.Level);
        Field<StringGraphType>("schoolName").Resolve(c => c.Source.Content?.SchoolName);
        Field<DateGraphType>("awardedOn").Resolve(c => c.Source.Content?.AwardedOn);
        Field<ListGraphType<NonNullGraphType<DiplomaSubjectGraphType>>>("subjects").Description("The final marks the diploma gives.")
            .Resolve(c => c.Caller().SeesPersonalData ? c.Source.Content?.Subjects : null);
        Field(x => x.Replaces, type: typeof(IdGraphType)).Description("The diploma this one corrects.");
        Field(x => x.ReplacedBy, type: typeof(IdGraphType)).Description("The diploma that corrects this one.");
        Field(x => x.KeyId, nullable: true).Description("The issuer's key that signed it (key-1, key-2, …).");
        Field(x => x.StatusList, nullable: true).Description("Its revocation status list.");
        Field(x => x.StatusIndex, nullable: true).Description("Its entry in the status list.");
        Personal("credential", d => d.Credential, "The signed credential (VC-JOSE compact JWS), as GET /credentials/{credentialId} serves it.");
        Personal("credentialId", d => d.CredentialId,
            "The credential's public id: whoever has it reads the diploma, so it is the graduate's to share (their QR code carries it).");
        Personal("credentialUrl", d => d.CredentialId is { } id ? Settings.CredentialUrl(Guid.Parse(id)).AbsoluteUri : null);
        Personal("verifyUrl", d => d.CredentialId is { } id ? Settings.Public($"verify?id={id}").AbsoluteUri : null,
            "The verification page's link (the QR code's).");
        Personal("printUrl", d => d.CredentialId is { } id ? Settings.Public($"credentials/{id}/print").AbsoluteUri : null, "The printable diploma.");
        Field(x => x.DraftedAt);
        Field(x => x.IssuedAt, nullable: true);
        Field(x => x.RevokedAt, nullable: true);
        Field<StringGraphType>("revocationReason").Description("Why it was revoked (the ministry only).")
            .Resolve(c => c.Caller().IsMinistry && c.Caller().SeesPersonalData ? c.Source.RevocationReason : null);
        Field(x => x.Version);
    }

    private DiplomaSettings Settings { get; }

    private void Personal(string name, Func<DiplomaView, string?> value, string? description = null) =>
        Field<StringGraphType>(name).Description(description).Resolve(c => c.Caller().SeesPersonalData ? value(c.Source) : null);
}

public sealed class DiplomaFilter
{
    public string? SchoolYear { get; set; }
    public Guid? SchoolId { get; set; }
    public string? Municipality { get; set; }
    public DiplomaStatus? Status { get; set; }
    public Guid? LearnerId { get; set; }
    public Guid? SectionId { get; set; }
}

public sealed class DiplomaFilterGraphType : InputObjectGraphType<DiplomaFilter>
{
    public DiplomaFilterGraphType()
    {
        Name = "DiplomaFilter";
        Field(x => x.SchoolYear, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.Municipality, nullable: true);
        Field(x => x.Status, type: typeof(DiplomaStatusGraphType));
        Field(x => x.LearnerId, type: typeof(IdGraphType));
        Field(x => x.SectionId, type: typeof(IdGraphType));
    }
}

public sealed class IssuerKeyGraphType : ObjectGraphType<IssuerKey>
{
    public IssuerKeyGraphType()
    {
        Name = "DiplomaIssuerKey";
        Field(x => x.KeyId);
        Field(x => x.Curve);
        Field(x => x.X);
        Field(x => x.Y);
        Field(x => x.AddedAt);
    }
}

/// <summary>The jurisdiction's diploma issuer: its did:web identifier and every key it signed with.</summary>
public sealed record DiplomaIssuer(string Did, string Name, string DocumentUrl, IReadOnlyList<IssuerKey> Keys, bool CanSign);

public sealed class DiplomaIssuerGraphType : ObjectGraphType<DiplomaIssuer>
{
    public DiplomaIssuerGraphType()
    {
        Name = "DiplomaIssuer";
        Field(x => x.Did);
        Field(x => x.Name);
        Field(x => x.DocumentUrl);
        Field(x => x.Keys, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IssuerKeyGraphType>>>)).Description("Oldest first.");
        Field(x => x.CanSign).Description("Whether this deployment can sign (its key-encryption key is configured).");
    }
}

public sealed record DiplomasPayload(int Count, IReadOnlyList<DiplomaView> Diplomas, IReadOnlyList<UserError> Errors)
    : IMutationPayload<DiplomasPayload>
{
    public static DiplomasPayload Refused(IReadOnlyList<UserError> errors) => new(0, [], errors);
}

public sealed class DiplomasPayloadGraphType : ObjectGraphType<DiplomasPayload>
{
    public DiplomasPayloadGraphType()
    {
        Name = "DiplomasPayload";
        Field(x => x.Count).Description("How many diplomas the mutation drafted, issued or revoked.");
        Field(x => x.Diplomas, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<DiplomaGraphType>>>))
            .Description("The diplomas as they stand after it (at most 100 of them).");
        this.ErrorsField();
    }
}

public sealed class IssueDiplomasInputGraphType : InputObjectGraphType<IssueDiplomas>
{
    public IssueDiplomasInputGraphType()
    {
        Name = "IssueDiplomasInput";
        Field(x => x.SchoolYear);
        Field(x => x.SchoolId, type: typeof(IdGraphType)).Description("One school's drafts…");
        Field(x => x.Municipality, nullable: true).Description("…or a municipality's; neither: the whole jurisdiction's.");
    }
}

public sealed class RevokeDiplomaInputGraphType : InputObjectGraphType<RevokeDiploma>
{
    public RevokeDiplomaInputGraphType()
    {
        Name = "RevokeDiplomaInput";
        Field(x => x.DiplomaId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason);
    }
}

public sealed class ReissueDiplomaInputGraphType : InputObjectGraphType<ReissueDiploma>
{
    public ReissueDiplomaInputGraphType()
    {
        Name = "ReissueDiplomaInput";
        Field(x => x.DiplomaId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Reason);
    }
}

internal static class DiplomaAccess
{
    /// <summary>Whether the caller sees diplomas of this school: the ministry all, an officer their municipality's, a school its own.</summary>
    public static bool Sees(Caller caller, DiplomaView diploma) => caller.Role switch
    {
        Roles.MinistryAdmin or Roles.MinistryAnalyst => true,
        Roles.MunicipalityOfficer => string.Equals(diploma.Municipality, caller.Municipality?.Trim(), StringComparison.OrdinalIgnoreCase),
        Roles.SchoolAdmin => string.Equals(diploma.SchoolCode, caller.NormalisedSchoolCode, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
