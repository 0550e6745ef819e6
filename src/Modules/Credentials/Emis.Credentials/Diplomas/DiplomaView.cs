using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Credentials.Diplomas;

public enum DiplomaStatus
{
    /// <summary>Drafted from a confirmed graduation; the school reviews it, the ministry issues it.</summary>
    Draft,

    /// <summary>Signed and public: anyone with its id or its credential can verify it.</summary>
    Issued,

    /// <summary>Revoked by the ministry: its status list bit is set, so verifiers see it revoked.</summary>
    Revoked,
}

/// <summary>A diploma as it stands (one stream per diploma; its id is the public credential's id).</summary>
public sealed class DiplomaView
{
    public Guid Id { get; set; }
    public Guid LearnerId { get; set; }
    public Guid SectionId { get; set; }
    public Guid SchoolId { get; set; }
    public string SchoolCode { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public DiplomaStatus Status { get; set; }

    /// <summary>Null once the learner's personal data is erased (the events' encrypted fields read as erased).</summary>
    public DiplomaContent? Content { get; set; }

    public Guid? Replaces { get; set; }
    public Guid? ReplacedBy { get; set; }
    public string? KeyId { get; set; }
    public string? StatusList { get; set; }
    public int? StatusIndex { get; set; }

    /// <summary>The compact JWS served at <c>/credentials/{CredentialId}</c> (null before issue).</summary>
    public string? Credential { get; set; }

    /// <summary>The credential's public id (see <see cref="DiplomaIssued.CredentialId"/>).</summary>
    public string? CredentialId { get; set; }

    public DateTimeOffset DraftedAt { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    /// <summary>Whether the learner's personal data was erased: the content reads as erased (or is gone).</summary>
    public static bool Erased(DiplomaContent? content) =>
        content?.Subjects is null || content.GivenName is null || content.GivenName == Platform.Privacy.PersonalDataConverter.ErasedText;
}

public sealed class DiplomaProjection : SingleStreamProjection<DiplomaView, Guid>
{
    // Times and versions come from the events, never the clock: a rebuild reproduces the same document.
    public static DiplomaView Create(IEvent<DiplomaDrafted> e) => new()
    {
        Id = e.Data.DiplomaId,
        LearnerId = e.Data.LearnerId,
        SectionId = e.Data.SectionId,
        SchoolId = e.Data.SchoolId,
        SchoolCode = e.Data.SchoolCode,
        Municipality = e.Data.Municipality,
        SchoolYear = e.Data.SchoolYear,
        Status = DiplomaStatus.Draft,
        Content = e.Data.Content,
        Replaces = e.Data.Replaces,
        DraftedAt = e.Timestamp,
        UpdatedAt = e.Timestamp,
        Version = e.Version,
    };

    public static void Apply(IEvent<DiplomaRedrafted> e, DiplomaView view)
    {
        view.Content = e.Data.Content;
        Touch(e, view);
    }

    public static void Apply(IEvent<DiplomaIssued> e, DiplomaView view)
    {
        view.Status = DiplomaStatus.Issued;
        view.KeyId = e.Data.KeyId;
        view.StatusList = e.Data.StatusList;
        view.StatusIndex = e.Data.StatusIndex;
        view.Credential = e.Data.Credential;
        view.CredentialId = e.Data.CredentialId;
        view.IssuedAt = e.Data.IssuedAt;
        Touch(e, view);
    }

    public static void Apply(IEvent<DiplomaRevoked> e, DiplomaView view)
    {
        view.Status = DiplomaStatus.Revoked;
        view.RevocationReason = e.Data.Reason;
        view.ReplacedBy = e.Data.ReplacedBy;
        view.RevokedAt = e.Timestamp;
        Touch(e, view);
    }

    private static void Touch(IEvent e, DiplomaView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
    }
}
