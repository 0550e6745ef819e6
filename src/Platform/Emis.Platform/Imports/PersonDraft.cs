namespace Emis.Platform.Imports;

/// <summary>A change the import made to what the file said, recorded on the row.</summary>
public sealed record Correction(string Field, string From, string To, double? Confidence = null);

/// <summary>Why a row was rejected or held for review.</summary>
public sealed record RowProblem(string Field, string Code, string Message);

/// <summary>A person's sex as a file writes it, once recognised (each module maps it to its own events' type).</summary>
public enum PersonSex
{
    Female,
    Male,
}

/// <summary>
/// One row about a person after cleaning: the fields every import of people has (names, birth date, sex, school,
/// contacts), what was corrected, and what is wrong or doubtful. An importer derives its own draft with its fields
/// (a learner's grade, a teacher's role and contract).
/// </summary>
public class PersonDraft
{
    public required int Row { get; init; }
    public string? FirstName { get; set; }
    public string? ParentName { get; set; }
    public string? LastName { get; set; }
    public DateOnly? BirthDate { get; set; }
    public PersonSex? Sex { get; set; }
    public string? SchoolText { get; set; }
    public string? SchoolCodeText { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>The school it was matched to (null until matched).</summary>
    public Guid? SchoolId { get; set; }
    public string? SchoolCode { get; set; }

    public List<Correction> Corrections { get; } = [];

    /// <summary>Problems that reject the row.</summary>
    public List<RowProblem> Errors { get; } = [];

    /// <summary>Doubts that hold the row for a person to decide.</summary>
    public List<RowProblem> Doubts { get; } = [];

    /// <summary>Whether the row has what duplicate detection compares: both names and the birth date.</summary>
    public bool Comparable => FirstName is not null && LastName is not null && BirthDate is not null;

    public override string ToString() => $"{GetType().Name} {{ Row = {Row} }}";
}
