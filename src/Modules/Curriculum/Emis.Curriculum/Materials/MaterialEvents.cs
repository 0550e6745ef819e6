namespace Emis.Curriculum.Materials;

/// <summary>How a material is published: print (a book that can be held and counted) or one of the digital formats.</summary>
public enum MaterialFormat
{
    Print,
    Pdf,
    Video,
    Interactive,
}

/// <summary>What makes a material usable by learners with disabilities.</summary>
public enum AccessibilityFeature
{
    Audio,
    SignLanguage,
    LargePrint,
    ScreenReaderReady,
    EasyRead,
}

/// <summary>What the catalogue says about a material (the same on the commands and the events).</summary>
public interface IMaterialDescription
{
    string Title { get; }

    /// <summary>The subject's code in the education structure.</summary>
    string Subject { get; }
    IReadOnlyList<int> Grades { get; }

    /// <summary>ISO 639 code of the material's language (bs, hr, sr, sq, tr).</summary>
    string Language { get; }
    MaterialFormat Format { get; }
    IReadOnlyList<AccessibilityFeature> Accessibility { get; }
    string Licence { get; }

    /// <summary>An absolute http(s) URL where a digital material is found.</summary>
    string? Link { get; }

    /// <summary>"sha256:" and 64 lower-case hex digits: the exact file a digital material is.</summary>
    string? ContentHash { get; }
}

// Every event of a material's stream (stream id: the material's id, chosen when it is catalogued).

/// <summary>The ministry catalogued a textbook or digital resource.</summary>
public sealed record MaterialCatalogued(
    Guid MaterialId, string Title, string Subject, IReadOnlyList<int> Grades, string Language, MaterialFormat Format,
    IReadOnlyList<AccessibilityFeature> Accessibility, string Licence, string? Link, string? ContentHash) : IMaterialDescription;

/// <summary>The ministry corrected a material's description (all of it at once; it replaces the previous one).</summary>
public sealed record MaterialRevised(
    Guid MaterialId, string Title, string Subject, IReadOnlyList<int> Grades, string Language, MaterialFormat Format,
    IReadOnlyList<AccessibilityFeature> Accessibility, string Licence, string? Link, string? ContentHash) : IMaterialDescription;

/// <summary>The ministry put the material on the approved list of a school year.</summary>
public sealed record MaterialApproved(Guid MaterialId, string SchoolYear);

/// <summary>The ministry took the material off the approved list of a school year.</summary>
public sealed record MaterialApprovalWithdrawn(Guid MaterialId, string SchoolYear, string Reason);

// The event of a holding's stream (stream id MaterialHoldings.IdOf(school, year, material)).

/// <summary>
/// A school's copies of a print title in a school year, by condition, as counted now (it replaces the previous count).
/// The school's code and municipality are carried for scope, as the school was when counted.
/// </summary>
public sealed record MaterialHoldingsRecorded(
    Guid HoldingId, Guid SchoolId, string SchoolCode, string Municipality, string SchoolYear, Guid MaterialId, int Good, int Worn, int Unusable);
