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
