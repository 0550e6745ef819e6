using System.Globalization;
using Emis.Platform.Commands;
using Emis.Platform.Imports;

namespace Emis.Enrollment.Learners.ImportLearners.Reviewing;

/// <summary>What a reviewer decides about a row held for review.</summary>
public enum ImportRowAction
{
    /// <summary>The row's school is the one picked (by code): import the row as a new learner there.</summary>
    PickSchool,

    /// <summary>The row is the learner it may duplicate: mark it duplicate, write nothing else.</summary>
    ConfirmDuplicate,

    /// <summary>The row is not the learner it may duplicate: import it as a new learner.</summary>
    RejectDuplicate,

    /// <summary>Fix fields of the row, then import it as a new learner.</summary>
    Fix,

    /// <summary>Do not import the row (a reason is required).</summary>
    Reject,
}

/// <summary>A reviewer's fixes, written as a file's cells are and cleaned the same way; a null field is left as it was.</summary>
public sealed record RowFixes(string? FirstName, string? ParentName, string? LastName, string? BirthDate, string? Sex, string? Grade, string? Section)
{
    public bool IsEmpty => FirstName is null && ParentName is null && LastName is null && BirthDate is null && Sex is null && Grade is null
        && Section is null;

    public override string ToString() => "RowFixes { (withheld) }";
}

/// <summary>Resolve one row of a learner import held for review.</summary>
public sealed record ResolveImportRow(Guid ImportId, int Row, ImportRowAction Action, string? SchoolCode = null, RowFixes? Fields = null,
    string? Reason = null)
{
    public override string ToString() => $"ResolveImportRow {{ ImportId = {ImportId}, Row = {Row}, Action = {Action} }}";
}

/// <summary>The decisions of a review that need no database: what the input must carry, and the draft a decision imports.</summary>
public static class RowResolution
{
    /// <summary>Whether the action registers the row as a new learner.</summary>
    public static bool Imports(ImportRowAction action) =>
        action is ImportRowAction.PickSchool or ImportRowAction.RejectDuplicate or ImportRowAction.Fix;

    /// <summary>What the input lacks or carries in vain for its action.</summary>
    public static IReadOnlyList<UserError> CheckInput(ResolveImportRow command)
    {
        var errors = new List<UserError>();
        if (command.Row < 1) errors.Add(new UserError(ErrorCodes.Invalid, "row", "A row number is 1 or more."));
        switch (command.Action)
        {
            case ImportRowAction.PickSchool when string.IsNullOrWhiteSpace(command.SchoolCode):
                errors.Add(new UserError(ErrorCodes.Required, "schoolCode", "Pick the school by its code."));
                break;
            case ImportRowAction.Fix when command.Fields is null || command.Fields.IsEmpty:
                errors.Add(new UserError(ErrorCodes.Required, "fields", "Give at least one field to fix."));
                break;
            case ImportRowAction.Reject when string.IsNullOrWhiteSpace(command.Reason):
                errors.Add(new UserError(ErrorCodes.Required, "reason", "Say why the row is rejected."));
                break;
        }
        if (!Imports(command.Action))
        {
            if (command.Fields is { IsEmpty: false })
            {
                errors.Add(new UserError(
                    ErrorCodes.Invalid, "fields", "Fields are fixed only for a row that is imported (PICK_SCHOOL, FIX, REJECT_DUPLICATE)."));
            }
            if (!string.IsNullOrWhiteSpace(command.SchoolCode))
            {
                errors.Add(new UserError(
                    ErrorCodes.Invalid, "schoolCode", "A school is picked only for a row that is imported (PICK_SCHOOL, FIX, REJECT_DUPLICATE)."));
            }
        }
        return errors;
    }

    /// <summary>
    /// The draft a decision imports: what the row kept for review, with the reviewer's fixes cleaned by the same
    /// functions as a file's cells (<see cref="RowCleaning"/>). Each fix is recorded as a correction; a fix that does not
    /// clean, or a field the learner still lacks, is an error naming the input field (<c>fields.birthDate</c>).
    /// </summary>
    public static LearnerDraft Redraft(int row, ReviewDraft kept, IReadOnlyList<Correction> corrections, RowFixes? fixes, int schoolYearStart,
        DateOnly today, out List<UserError> errors)
    {
        var draft = new LearnerDraft
        {
            Row = row,
            FirstName = kept.FirstName,
            ParentName = kept.ParentName,
            LastName = kept.LastName,
            BirthDate = kept.BirthDate is { } birth ? DateOnly.ParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Sex = kept.Sex is { } sex ? PersonCleaning.ParseSex(sex) : null,
            SchoolText = kept.SchoolText,
            SchoolCodeText = kept.SchoolCode,
            Grade = kept.Grade,
            Section = kept.Section,
            Email = kept.Email,
            Phone = kept.Phone,
            GuardianEmail = kept.GuardianEmail,
            GuardianPhone = kept.GuardianPhone,
        };
        draft.Corrections.AddRange(corrections);
        errors = [];
        if (fixes is not null)
        {
            // Cleaning reports into its own draft: its errors name the field, its corrections are replaced by the reviewer's.
            var cleaning = new LearnerDraft { Row = row };
            if (fixes.FirstName is { } first)
            {
                Fixed(draft, "firstName", kept.FirstName, draft.FirstName = PersonCleaning.Name(first, "firstName", cleaning, required: true));
            }
            if (fixes.ParentName is { } parent)
            {
                Fixed(draft, "parentName", kept.ParentName, draft.ParentName = PersonCleaning.Name(parent, "parentName", cleaning, required: false));
            }
            if (fixes.LastName is { } last)
            {
                Fixed(draft, "lastName", kept.LastName, draft.LastName = PersonCleaning.Name(last, "lastName", cleaning, required: true));
            }
            if (fixes.BirthDate is { } birthDate)
            {
                draft.BirthDate = PersonCleaning.BirthDate(birthDate, cleaning, today, RowCleaning.Ages(schoolYearStart));
                Fixed(draft, "birthDate", kept.BirthDate, Iso(draft.BirthDate));
            }
            if (fixes.Sex is { } sexText)
            {
                draft.Sex = PersonCleaning.SexOf(sexText, cleaning);
                Fixed(draft, "sex", kept.Sex, PersonCleaning.Letter(draft.Sex));
            }
            if (fixes.Grade is { } grade)
            {
                draft.Grade = RowCleaning.GradeOf(grade, cleaning);
                Fixed(draft, "grade", kept.Grade?.ToString(CultureInfo.InvariantCulture), draft.Grade?.ToString(CultureInfo.InvariantCulture));
            }
            if (fixes.Section is { } section)
            {
                draft.Section = PersonCleaning.Spaces(section)?.ToUpperInvariant();
                Fixed(draft, "section", kept.Section, draft.Section);
            }
            errors.AddRange(cleaning.Errors.Select(e => new UserError(e.Code, "fields." + e.Field, e.Message)));
            if (errors.Count > 0) return draft;
        }
        Require(errors, draft.FirstName, "firstName", "first name");
        Require(errors, draft.LastName, "lastName", "last name");
        Require(errors, draft.BirthDate, "birthDate", "birth date");
        Require(errors, draft.Sex, "sex", "sex");
        Require(errors, draft.Grade, "grade", "grade");
        return draft;
    }

    /// <summary>The row's result once rejected in review: what it was, and why a person rejected it.</summary>
    public static RowResult Rejected(RowResult held, string reason) =>
        new(held.Row, RowStatus.Rejected, held.Learner, held.DuplicateOf, held.Corrections,
            [.. held.Errors, new RowProblem("row", "REJECTED_IN_REVIEW", "Rejected in review: " + reason.Trim())]);

    /// <summary>The row's result once confirmed a duplicate of a learner: it joins that learner's identity.</summary>
    public static RowResult Duplicate(RowResult held, Guid learnerId, string? eduId, string? username) =>
        new(held.Row, RowStatus.Duplicate,
            held.Learner is { } l ? l with { EduId = eduId, Username = username, LearnerId = learnerId } : null,
            new DuplicateOf(held.DuplicateOf?.Row, eduId) { LearnerId = learnerId }, held.Corrections, []);

    /// <summary>
    /// The row's result once its duplicate join was undone: held for review again, the learner it may duplicate kept as the
    /// candidate, the joined learner's EduID and account no longer named as the row's own.
    /// </summary>
    public static RowResult Reopened(RowResult duplicate, string reason)
    {
        ArgumentNullException.ThrowIfNull(duplicate);
        return new RowResult(duplicate.Row, RowStatus.Review,
            duplicate.Learner is { } l ? l with { EduId = null, Username = null, LearnerId = null } : null,
            duplicate.DuplicateOf, duplicate.Corrections,
            [.. duplicate.Errors, new RowProblem("row", "DUPLICATE_JOIN_UNDONE", "Back to review, the duplicate join undone: " + reason.Trim())])
        {
            Candidates = duplicate.Candidates,
        };
    }

    /// <summary>The summary once one row left review with <paramref name="status"/>.</summary>
    public static ImportSummary Moved(ImportSummary summary, string status) => summary.Moved(status);

    private static void Fixed(LearnerDraft draft, string field, string? from, string? to)
    {
        if (to is not null && from != to) draft.Corrections.Add(new Correction(field, from ?? "", to));
    }

    private static void Require(List<UserError> errors, object? value, string field, string label)
    {
        if (value is null) errors.Add(new UserError(ErrorCodes.Required, "fields." + field, $"The row has no {label}: give it in fields.{field}."));
    }

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

}
