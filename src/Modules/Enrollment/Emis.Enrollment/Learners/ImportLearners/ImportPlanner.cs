using System.Globalization;
using Emis.Enrollment.Schools;
using Emis.Platform.Text;

namespace Emis.Enrollment.Learners.ImportLearners;

/// <summary>The statuses of a row in an import report: each row has exactly one.</summary>
public static class RowStatus
{
    public const string Imported = "imported";
    public const string Duplicate = "duplicate";
    public const string Review = "review";
    public const string Rejected = "rejected";
}

/// <summary>A learner already in Emis, as duplicate detection compares them (no more than it needs).</summary>
public sealed record KnownLearner(Guid Id, string FirstName, string? ParentName, string LastName, DateOnly BirthDate);

/// <summary>What the import will do with one row.</summary>
public sealed class PlannedRow
{
    public required LearnerDraft Draft { get; init; }
    public string Status { get; set; } = RowStatus.Rejected;

    /// <summary>The learner this row registers (imported) or joins (duplicate).</summary>
    public Guid? LearnerId { get; set; }

    /// <summary>For a duplicate of a row of this file: that row.</summary>
    public int? DuplicateOfRow { get; set; }

    /// <summary>The school the row was matched to.</summary>
    public EnrollmentSchool? School { get; set; }

    /// <summary>Schools offered to the reviewer.</summary>
    public IReadOnlyList<(EnrollmentSchool School, double Confidence)> SchoolCandidates { get; set; } = [];

    /// <summary>The existing learner or earlier row a doubtful pair points at (for the reviewer).</summary>
    public Guid? PossibleDuplicateOf { get; set; }
    public int? PossibleDuplicateOfRow { get; set; }

    /// <summary>Whether this row's learner is new (its events are written by the import).</summary>
    public bool RegistersLearner => Status == RowStatus.Imported;

    public override string ToString() => $"PlannedRow {{ Row = {Draft.Row}, Status = {Status} }}";
}

/// <summary>
/// Decides every row of a file: clean it, match its school, and compare it with the rows before it and with the
/// learners already in Emis. Pure: the same file, registry and learners give the same plan.
/// </summary>
public static class ImportPlanner
{
    public static List<PlannedRow> Plan(Sheet sheet, TemplateColumns columns, SchoolMatcher schools, IReadOnlyList<KnownLearner> known,
        Func<int, Guid> learnerIdOfRow, int schoolYearStart, DateOnly today, Func<EnrollmentSchool, bool>? mayImportInto = null)
    {
        // Cleaning and matching are independent per row: spread over the cores.
        var planned = new PlannedRow[sheet.Rows.Count];
        Parallel.For(0, sheet.Rows.Count, i =>
        {
            var draft = RowCleaning.Clean(sheet.Rows[i], columns, schoolYearStart, today, schools);
            var row = new PlannedRow { Draft = draft };
            MatchSchool(row, schools);
            if (row.School is { } school && mayImportInto is not null && !mayImportInto(school))
            {
                draft.Errors.Add(new RowProblem("school", "FORBIDDEN", $"You may not enrol learners in {school.Name} ({school.Code})."));
            }
            if (draft.Errors.Count == 0 && draft.Doubts.Count == 0 && row.School is { } placed) Validate(draft, placed, schoolYearStart, today);
            planned[i] = row;
        });

        var index = new DuplicateIndex();
        foreach (var learner in known) index.AddKnown(learner);

        foreach (var row in planned)
        {
            var draft = row.Draft;
            if (draft.Errors.Count > 0)
            {
                row.Status = RowStatus.Rejected;
                continue;
            }
            if (draft.Doubts.Count > 0)
            {
                row.Status = RowStatus.Review;
                // A later row of the same learner waits for this one: it is not imported as someone new meanwhile.
                if (draft.BirthDate is not null && draft.FirstName is not null && draft.LastName is not null) index.AddPending(draft);
                continue;
            }
            var verdict = index.Find(draft, row.School!);
            switch (verdict.Kind)
            {
                case DuplicateKind.Same:
                    row.Status = RowStatus.Duplicate;
                    row.LearnerId = verdict.LearnerId;
                    row.DuplicateOfRow = verdict.Row;
                    break;
                case DuplicateKind.Doubtful:
                    row.Status = RowStatus.Review;
                    row.PossibleDuplicateOf = verdict.LearnerId;
                    row.PossibleDuplicateOfRow = verdict.Row;
                    draft.Doubts.Add(new RowProblem("row", "POSSIBLE_DUPLICATE", verdict.Reason!));
                    break;
                default:
                    row.Status = RowStatus.Imported;
                    row.LearnerId = learnerIdOfRow(draft.Row);
                    index.AddRow(draft, row.School!, row.LearnerId.Value);
                    break;
            }
        }
        return [.. planned];
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

    public static void MatchSchool(PlannedRow row, SchoolMatcher schools)
    {
        var draft = row.Draft;
        if (draft.Doubts.Count > 0 || (draft.SchoolText is null && draft.SchoolCodeText is null)) return;
        var match = schools.Match(draft.SchoolText, draft.SchoolCodeText);
        row.SchoolCandidates = match.Candidates;
        if (match.School is { } school)
        {
            row.School = school;
            draft.SchoolId = school.Id;
            draft.SchoolCode = school.Code;
            var written = draft.SchoolText ?? draft.SchoolCodeText!;
            if (written != school.Name && written != school.Code)
            {
                draft.Corrections.Add(new Correction("school", written, school.Name, match.Confidence));
            }
            if (school.IsClosed)
            {
                draft.Errors.Add(
                    new RowProblem("school", "SCHOOL_CLOSED", $"{school.Name} ({school.Code}) is closed; a learner cannot be enrolled there."));
            }
            else if (draft.Grade is { } grade && !school.Grades.Contains(grade))
            {
                draft.Errors.Add(new RowProblem("grade", "RULE_VIOLATED",
                    $"Grade {grade.ToString(CultureInfo.InvariantCulture)} is not taught at {school.Name} ({school.Code}), which teaches grades " +
                    $"{school.Grades}."));
            }
        }
        else if (match.Candidates.Count == 0)
        {
            draft.Errors.Add(new RowProblem("school", "SCHOOL_NOT_FOUND",
                $"No school in the registry is called '{draft.SchoolText ?? draft.SchoolCodeText}' or anything close; register the school first."));
        }
        else
        {
            draft.Doubts.Add(new RowProblem("school", "SCHOOL_UNCERTAIN",
                $"'{draft.SchoolText ?? draft.SchoolCodeText}' is not certainly any school of the registry; closest: " +
                string.Join(", ", match.Candidates.Select(
                    c => $"{c.School.Name} ({c.School.Code}, {c.Confidence.ToString("0.00", CultureInfo.InvariantCulture)})")) + "."));
        }
    }

    private enum DuplicateKind
    {
        None,
        Same,
        Doubtful,
    }

    private sealed record Verdict(DuplicateKind Kind, Guid? LearnerId = null, int? Row = null, string? Reason = null);

    private sealed record Entry(Guid LearnerId, int? Row, string First, string Parent, string Last, DateOnly Birth, string? SchoolCode, int? Grade,
        bool Pending = false);

    /// <summary>
    /// Learners by (last name, birth date) and by (first name, birth date), names compared transliterated ("Đulić" and
    /// "Djulic" are one name; "Dulic" is one letter away, so doubtful). Same names, birth date and parent: the same learner. A one-letter difference
    /// in a name or the parent's name, or the same learner at another school or grade within one file: doubtful.
    /// Namesakes with different birth dates never meet.
    /// </summary>
    private sealed class DuplicateIndex
    {
        private readonly Dictionary<(string, DateOnly), List<Entry>> _byLast = [];
        private readonly Dictionary<(string, DateOnly), List<Entry>> _byFirst = [];

        public void AddKnown(KnownLearner l) => Add(
            new Entry(l.Id, null, Fold(l.FirstName), Fold(l.ParentName), Fold(l.LastName), l.BirthDate, null, null));

        public void AddRow(LearnerDraft d, EnrollmentSchool school, Guid learnerId) =>
            Add(new Entry(learnerId, d.Row, Fold(d.FirstName), Fold(d.ParentName), Fold(d.LastName), d.BirthDate!.Value, school.Code, d.Grade));

        public void AddPending(LearnerDraft d) =>
            Add(new Entry(
                Guid.Empty, d.Row, Fold(d.FirstName), Fold(d.ParentName), Fold(d.LastName), d.BirthDate!.Value, null, d.Grade, Pending: true));

        private void Add(Entry e)
        {
            Bucket(_byLast, (e.Last, e.Birth)).Add(e);
            Bucket(_byFirst, (e.First, e.Birth)).Add(e);
        }

        private static List<Entry> Bucket(Dictionary<(string, DateOnly), List<Entry>> map, (string, DateOnly) key)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            return list;
        }

        public Verdict Find(LearnerDraft d, EnrollmentSchool school)
        {
            var first = Fold(d.FirstName);
            var parent = Fold(d.ParentName);
            var last = Fold(d.LastName);
            var birth = d.BirthDate!.Value;
            Verdict? doubtful = null;
            foreach (var e in _byLast.GetValueOrDefault((last, birth)) ?? [])
            {
                var sameParent = parent.Length == 0 || e.Parent.Length == 0 || parent == e.Parent;
                if (e.First == first && sameParent && e.Pending)
                {
                    doubtful ??= new Verdict(DuplicateKind.Doubtful, null, e.Row, $"Row {e.Row}, held for review, is the same learner.");
                    continue;
                }
                if (e.First == first && sameParent)
                {
                    // The same child listed twice in one file at different places: a person decides which is right.
                    if (e.Row is not null && (e.SchoolCode != school.Code || e.Grade != d.Grade))
                    {
                        doubtful ??= new Verdict(DuplicateKind.Doubtful, e.Pending ? null : e.LearnerId, e.Row,
                            $"Row {e.Row} has the same learner at another school or grade.");
                        continue;
                    }
                    return new Verdict(DuplicateKind.Same, e.LearnerId, e.Row);
                }
                if (e.First == first && SchoolMatcher.Distance(parent, e.Parent, 2) <= 1)
                {
                    doubtful ??= new Verdict(DuplicateKind.Doubtful, e.Pending ? null : e.LearnerId, e.Row, Where(e) +
                        " has the same name and birth date and a parent's name one letter apart.");
                }
                else if (sameParent && SchoolMatcher.Distance(first, e.First, 2) <= 1)
                {
                    doubtful ??= new Verdict(DuplicateKind.Doubtful, e.Pending ? null : e.LearnerId, e.Row, Where(e) +
                        " has the same birth date and parent and a first name one letter apart.");
                }
            }
            if (doubtful is null)
            {
                foreach (var e in _byFirst.GetValueOrDefault((first, birth)) ?? [])
                {
                    var sameParent = parent.Length > 0 && parent == e.Parent;
                    if (sameParent && e.Last != last && SchoolMatcher.Distance(last, e.Last, 2) <= 1)
                    {
                        doubtful = new Verdict(DuplicateKind.Doubtful, e.Pending ? null : e.LearnerId, e.Row, Where(e) +
                            " has the same first name, birth date and parent and a last name one letter apart.");
                        break;
                    }
                }
            }
            return doubtful ?? new Verdict(DuplicateKind.None);
        }

        private static string Where(Entry e) => e.Row is { } row ? $"Row {row}" : "A learner already in Emis";

        private static string Fold(string? name) => name is null ? "" : NameFolding.Fold(name);
    }
}
