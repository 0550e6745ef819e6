namespace Emis.Architecture.Tests.Samples;

// Shapes a contracts assembly may or may not hold; the checker tests point it at them.

/// <summary>Allowed: a public sealed record with a version suffix.</summary>
public sealed record GradePublishedV1(string Grade);

/// <summary>Not allowed: no version suffix.</summary>
public sealed record GradeWithdrawn(string Grade);

/// <summary>Not allowed: a record that is not sealed.</summary>
public record GradeAmendedV2(string Grade);

/// <summary>Not allowed: a class, not a record.</summary>
public sealed class GradeNoticeV1
{
    public string Grade { get; init; } = "";
}

/// <summary>Not allowed: not public.</summary>
internal sealed record GradeCorrectedV1(string Grade);

/// <summary>Allowed: a service a module offers synchronously to others.</summary>
public interface IGradeBook
{
    Task<GradeSheet> LoadAsync(string school, CancellationToken ct);
}

/// <summary>Allowed without a version suffix: a shape the service's members use.</summary>
public sealed record GradeSheet(GradeKind Kind, IReadOnlyList<string> Subjects);

/// <summary>Allowed: an enum a service shape uses.</summary>
public enum GradeKind
{
    Numeric,
    Descriptive,
}

/// <summary>Not allowed: an enum that no service uses and that is not an integration event.</summary>
public enum StrayKind
{
    One,
}
