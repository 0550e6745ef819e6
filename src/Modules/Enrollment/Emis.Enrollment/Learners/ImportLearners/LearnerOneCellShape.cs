using Emis.Platform.Imports;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>
/// How the learner template's fields read in a row typed into one cell (<see cref="OneCell"/>): names of one to three
/// words that are not a grade's words, one word for the birth date and sex, one or two for the grade ("5 razred").
/// </summary>
public sealed class LearnerOneCellShape : OneCellShape<Field>
{
    public static readonly LearnerOneCellShape Instance = new();

    private LearnerOneCellShape()
    {
    }

    public override Field School => Field.School;
    public override Field SchoolCode => Field.SchoolCode;
    public override Field FirstName => Field.FirstName;
    public override IReadOnlyList<Field> GivenNames { get; } = [Field.FirstName, Field.ParentName];
    public override Field Surname => Field.LastName;

    public override (int Min, int Max) Span(Field field, int remaining) => field switch
    {
        Field.LastName or Field.FirstName => (1, 3),
        Field.ParentName => (0, 3),
        Field.BirthDate or Field.Sex => (1, 1),
        Field.Grade => (1, 2),
        Field.School => (1, Math.Max(1, remaining)),
        _ => (0, 1),
    };

    public override bool Fits(Field field, string text, ReadOnlySpan<string> words) => field switch
    {
        Field.LastName or Field.FirstName or Field.ParentName => IsName(words, RowCleaning.IsGradeWord),
        Field.BirthDate => IsDate(text),
        Field.Sex => IsSex(text),
        Field.Grade => RowCleaning.ParseGrade(text) is not null,
        Field.Email or Field.GuardianEmail => IsEmail(text),
        Field.Phone or Field.GuardianPhone => IsPhone(text),
        Field.Section => text.Length <= 2 && text.All(char.IsLetterOrDigit) && !text.All(char.IsDigit),
        Field.SchoolCode => IsSchoolCode(text),
        _ => true,
    };
}
