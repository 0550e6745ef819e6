global using PlannedStaff = Emis.Platform.Imports.PlannedRow<
    Emis.Staffing.Staff.ImportingStaff.StaffDraft, Emis.Staffing.Schools.StaffingSchool>;
using Emis.Platform.Commands;
using Emis.Platform.Imports;
using Emis.Staffing.Schools;

namespace Emis.Staffing.Staff.ImportingStaff;

/// <summary>
/// Decides every row of a staff file through the platform's <see cref="ImportPlanner"/>: the staff cleaning, the
/// staff rules once the school is known (open, in the caller's scope, and the checks and decisions of
/// registerStaffMember), and duplicates among the staff. Pure: the same file, schools and staff give the same plan.
/// </summary>
public static class StaffPlanner
{
    /// <summary>The same person in two rows of one file at another school is held for review (two contracts, or a typo?).</summary>
    public static readonly DuplicateRules<StaffDraft> Duplicates = new("member of staff", _ => null, "school");

    public static List<PlannedStaff> Plan(Sheet sheet, SheetColumns<StaffField> columns, SchoolMatcher<StaffingSchool> schools,
        IReadOnlyList<KnownPerson> known, Func<int, Guid> staffIdOfRow, int schoolYearStart, DateOnly today,
        Func<StaffingSchool, bool>? mayImportInto = null)
    {
        // Rows typed into one cell are read with the names the file's own rows and the staff already in Emis give.
        var names = NameVocabulary.Of(sheet, columns, StaffField.FirstName, StaffField.ParentName, StaffField.LastName, known);
        return ImportPlanner.Plan(sheet.Rows, row => StaffCleaning.Clean(row, columns, schoolYearStart, today, schools, names), schools,
            row => Check(row, today, mayImportInto), known, staffIdOfRow, Duplicates);
    }

    /// <summary>The staff rules on a row once its school is matched; failures reject the row.</summary>
    public static void Check(PlannedStaff row, DateOnly today, Func<StaffingSchool, bool>? mayImportInto)
    {
        var draft = row.Draft;
        if (row.School is { } matched && matched.IsClosed)
        {
            draft.Errors.Add(new RowProblem(
                "school", "SCHOOL_CLOSED", $"{matched.Name} ({matched.Code}) is closed; no one can be employed there."));
        }
        if (row.School is { } school && mayImportInto is not null && !mayImportInto(school))
        {
            draft.Errors.Add(new RowProblem("school", "FORBIDDEN", $"You may not employ staff at {school.Name} ({school.Code})."));
        }
        if (draft.Errors.Count == 0 && draft.Doubts.Count == 0 && row.School is { } placed) Validate(row, placed, today);
    }

    private static readonly RegisterStaffMember.RegisterStaffMember.Validator Validator = new();

    /// <summary>
    /// The checks and decisions of every other way of registering a member of staff (lengths, name shapes, contacts,
    /// the contract's terms, working age), on the registration the row stands for; failures reject the row.
    /// </summary>
    private static void Validate(PlannedStaff row, StaffingSchool school, DateOnly today)
    {
        var draft = row.Draft;
        if (draft.Level is null)
        {
            draft.Level = LevelOf(school);
            draft.Corrections.Add(new Correction("level", "", draft.Level.Value.ToString().ToUpperInvariant()));
        }
        var command = StaffImporter.Command(draft, Guid.NewGuid(), school.Id);
        foreach (var failure in Validator.Validate(command).Errors)
        {
            var path = CommandValidation.CamelCase(failure.PropertyName) ?? "row";
            var field = path.StartsWith("contract.", StringComparison.Ordinal) ? path["contract.".Length..]
                : path.StartsWith("contacts.", StringComparison.Ordinal) ? path["contacts.".Length..] : path;
            draft.Errors.Add(new RowProblem(field, "INVALID", failure.ErrorMessage));
        }
        if (draft.Errors.Count > 0) return;
        try
        {
            StaffImporter.Events(draft, row.PersonId ?? Guid.NewGuid(), school, today);
        }
        catch (CommandRejectedException rejected)
        {
            foreach (var e in rejected.Errors) draft.Errors.Add(new RowProblem(e.Field?.Replace("contract.", "") ?? "row", e.Code, e.Message));
        }
    }

    /// <summary>A row without a level teaches at the school's first level.</summary>
    public static EducationLevel LevelOf(StaffingSchool school) => school.Level switch
    {
        "lower_secondary" => EducationLevel.Isced2,
        "upper_secondary" => EducationLevel.Isced3,
        "pre_primary" or "preschool" => EducationLevel.Isced0,
        _ => EducationLevel.Isced1,
    };
}
