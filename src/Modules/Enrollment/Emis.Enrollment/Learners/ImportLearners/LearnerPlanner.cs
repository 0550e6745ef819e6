global using PlannedLearner = Emis.Platform.Imports.PlannedRow<
    Emis.Enrollment.Learners.ImportLearners.LearnerDraft, Emis.Enrollment.Schools.EnrollmentSchool>;
using System.Globalization;
using Emis.Enrollment.Schools;
using Emis.Platform.Imports;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>
/// Decides every row of a learner file through the platform's <see cref="ImportPlanner"/>: the learner's cleaning,
/// the learner's rules once the school is known (open, teaching the grade, in the caller's scope, and the checks of
/// registerLearner), and duplicates among the learners. Pure: the same file, registry and learners give the same plan.
/// </summary>
public static class LearnerPlanner
{
    /// <summary>Learners are the same learner in two places of one file at another school or grade.</summary>
    public static readonly DuplicateRules<LearnerDraft> Duplicates =
        new("learner", d => d.Grade?.ToString(CultureInfo.InvariantCulture), "school or grade");

    public static List<PlannedLearner> Plan(Sheet sheet, SheetColumns<Field> columns,
        SchoolMatcher<EnrollmentSchool> schools, IReadOnlyList<KnownPerson> known, Func<int, Guid> learnerIdOfRow, int schoolYearStart,
        DateOnly today, Func<EnrollmentSchool, bool>? mayImportInto = null)
    {
        var names = Vocabulary(sheet, columns, known);
        return ImportPlanner.Plan(sheet.Rows, row => RowCleaning.Clean(row, columns, schoolYearStart, today, schools, names), schools,
            row => Check(row, schoolYearStart, today, mayImportInto), known, learnerIdOfRow, Duplicates);
    }

    /// <summary>The names the file's own rows (those not typed into one cell) and the learners already in Emis give.</summary>
    public static NameVocabulary Vocabulary(Sheet sheet, SheetColumns<Field> columns, IReadOnlyList<KnownPerson> known) =>
        NameVocabulary.Of(sheet, columns, Field.FirstName, Field.ParentName, Field.LastName, known);

    /// <summary>The learner's rules on a row once its school is matched; failures reject the row.</summary>
    public static void Check(PlannedLearner row, int schoolYearStart, DateOnly today,
        Func<EnrollmentSchool, bool>? mayImportInto)
    {
        var draft = row.Draft;
        if (row.School is { } matched)
        {
            if (matched.IsClosed)
            {
                draft.Errors.Add(new RowProblem(
                    "school", "SCHOOL_CLOSED", $"{matched.Name} ({matched.Code}) is closed; a learner cannot be enrolled there."));
            }
            else if (draft.Grade is { } grade && !matched.Grades.Contains(grade))
            {
                draft.Errors.Add(new RowProblem("grade", "RULE_VIOLATED",
                    $"Grade {grade.ToString(CultureInfo.InvariantCulture)} is not taught at {matched.Name} ({matched.Code}), which teaches grades " +
                    $"{matched.Grades}."));
            }
        }
        if (row.School is { } school && mayImportInto is not null && !mayImportInto(school))
        {
            draft.Errors.Add(new RowProblem("school", "FORBIDDEN", $"You may not enrol learners in {school.Name} ({school.Code})."));
        }
        if (draft.Errors.Count == 0 && draft.Doubts.Count == 0 && row.School is { } placed) Validate(draft, placed, schoolYearStart, today);
    }

    private static readonly RegisterLearner.RegisterLearner.Validator Validator = new();

    /// <summary>
    /// The checks every other way of registering a learner makes (lengths, name shapes, section, contacts), on the
    /// registration the row stands for; their failures reject the row, named by the template's fields.
    /// </summary>
    private static void Validate(LearnerDraft draft, EnrollmentSchool school, int schoolYearStart, DateOnly today)
    {
        var year = string.Create(CultureInfo.InvariantCulture, $"{schoolYearStart}/{schoolYearStart + 1}");
        var command = LearnerImporter.Command(draft, Guid.NewGuid(), today,
            new RegisterLearner.InitialEnrollment(
                year, school.Id, draft.Grade!.Value, LearnerRules.CleanSection(draft.Section ?? LearnerImporter.DefaultSection)));
        foreach (var failure in Validator.Validate(command).Errors)
        {
            var path = Platform.Commands.CommandValidation.CamelCase(failure.PropertyName) ?? "row";
            var field = path.StartsWith("enrollment.", StringComparison.Ordinal) ? path["enrollment.".Length..]
                : path.StartsWith("contacts.", StringComparison.Ordinal) ? path["contacts.".Length..] : path;
            draft.Errors.Add(new RowProblem(field, "INVALID", failure.ErrorMessage));
        }
    }
}
