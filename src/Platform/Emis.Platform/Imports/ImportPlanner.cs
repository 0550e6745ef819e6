using System.Globalization;
using Emis.Platform.Text;

namespace Emis.Platform.Imports;

/// <summary>The statuses of a row in an import report: each row has exactly one.</summary>
public static class RowStatus
{
    public const string Imported = "imported";
    public const string Duplicate = "duplicate";
    public const string Review = "review";
    public const string Rejected = "rejected";
}

/// <summary>A person already in Emis, as duplicate detection compares them (no more than it needs).</summary>
public sealed record KnownPerson(Guid Id, string FirstName, string? ParentName, string LastName, DateOnly BirthDate);

/// <summary>What the import will do with one row.</summary>
public sealed class PlannedRow<TDraft, TSchool>
    where TDraft : PersonDraft
    where TSchool : class, IImportSchool
{
    public required TDraft Draft { get; init; }
    public string Status { get; set; } = RowStatus.Rejected;

    /// <summary>The person this row registers (imported) or joins (duplicate).</summary>
    public Guid? PersonId { get; set; }

    /// <summary>For a duplicate of a row of this file: that row.</summary>
    public int? DuplicateOfRow { get; set; }

    /// <summary>The school the row was matched to.</summary>
    public TSchool? School { get; set; }

    /// <summary>Schools offered to the reviewer.</summary>
    public IReadOnlyList<(TSchool School, double Confidence)> SchoolCandidates { get; set; } = [];

    /// <summary>The existing person or earlier row a doubtful pair points at (for the reviewer).</summary>
    public Guid? PossibleDuplicateOf { get; set; }
    public int? PossibleDuplicateOfRow { get; set; }

    /// <summary>Whether this row's person is new (their events are written by the import).</summary>
    public bool RegistersPerson => Status == RowStatus.Imported;

    public override string ToString() => $"PlannedRow {{ Row = {Draft.Row}, Status = {Status} }}";
}

/// <summary>
/// What duplicate detection says about the people of one import, and what makes two rows of one file the same person
/// in two places.
/// </summary>
/// <param name="Person">Who the rows are about, as a message names them ("learner", "member of staff").</param>
/// <param name="PlacementOf">Where in a school the row puts the person (a learner's grade), or null when only the
/// school counts; the same person in two rows of one file at another school or placement is held for review.</param>
/// <param name="Placement">What a placement is, as a message names it with the school ("school or grade").</param>
public sealed record DuplicateRules<TDraft>(string Person, Func<TDraft, string?> PlacementOf, string Placement) where TDraft : PersonDraft;

/// <summary>
/// Decides every row of a file: clean it, match its school, let the importer check it, and compare it with the rows
/// before it and with the people already in Emis. Pure: the same file, schools and people give the same plan.
/// </summary>
public static class ImportPlanner
{
    /// <param name="clean">The importer's cleaning of one row into its draft.</param>
    /// <param name="check">The importer's own rules on a row once its school is matched (errors go on the draft).</param>
    /// <param name="idOfRow">The id a new person from this line gets.</param>
    public static List<PlannedRow<TDraft, TSchool>> Plan<TDraft, TSchool>(IReadOnlyList<SheetRow> rows, Func<SheetRow, TDraft> clean,
        SchoolMatcher<TSchool> schools, Action<PlannedRow<TDraft, TSchool>> check, IReadOnlyList<KnownPerson> known, Func<int, Guid> idOfRow,
        DuplicateRules<TDraft> rules)
        where TDraft : PersonDraft
        where TSchool : class, IImportSchool
    {
        // Cleaning and matching are independent per row: spread over the cores.
        var planned = new PlannedRow<TDraft, TSchool>[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            var row = new PlannedRow<TDraft, TSchool> { Draft = clean(rows[i]) };
            MatchSchool(row, schools);
            check(row);
            planned[i] = row;
        });

        var index = new DuplicateIndex<TDraft>(rules);
        foreach (var person in known) index.AddKnown(person);

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
                // A later row of the same person waits for this one: it is not imported as someone new meanwhile.
                if (draft.Comparable) index.AddPending(draft);
                continue;
            }
            var verdict = index.Find(draft, row.School!.Code);
            switch (verdict.Kind)
            {
                case DuplicateKind.Same:
                    row.Status = RowStatus.Duplicate;
                    row.PersonId = verdict.PersonId;
                    row.DuplicateOfRow = verdict.Row;
                    break;
                case DuplicateKind.Doubtful:
                    row.Status = RowStatus.Review;
                    row.PossibleDuplicateOf = verdict.PersonId;
                    row.PossibleDuplicateOfRow = verdict.Row;
                    draft.Doubts.Add(new RowProblem("row", "POSSIBLE_DUPLICATE", verdict.Reason!));
                    break;
                default:
                    row.Status = RowStatus.Imported;
                    row.PersonId = idOfRow(draft.Row);
                    index.AddRow(draft, row.School!.Code, row.PersonId.Value);
                    break;
            }
        }
        return [.. planned];
    }

    /// <summary>
    /// Matches the school the row names (unless it is already doubtful or names none): the school and a correction when
    /// certain, the candidates for the reviewer when not, an error when nothing is close.
    /// </summary>
    public static void MatchSchool<TDraft, TSchool>(PlannedRow<TDraft, TSchool> row, SchoolMatcher<TSchool> schools)
        where TDraft : PersonDraft
        where TSchool : class, IImportSchool
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

    private sealed record Verdict(DuplicateKind Kind, Guid? PersonId = null, int? Row = null, string? Reason = null);

    private sealed record Entry(Guid PersonId, int? Row, string First, string Parent, string Last, DateOnly Birth, string? SchoolCode,
        string? Placement, bool Pending = false);

    /// <summary>
    /// People by (last name, birth date) and by (first name, birth date), names compared transliterated ("Đulić" and
    /// "Djulic" are one name; "Dulic" is one letter away, so doubtful). Same names, birth date and parent: the same person.
    /// A one-letter difference in a name or the parent's name, or the same person at another school or placement within
    /// one file: doubtful. Namesakes with different birth dates never meet.
    /// </summary>
    private sealed class DuplicateIndex<TDraft>(DuplicateRules<TDraft> rules) where TDraft : PersonDraft
    {
        private readonly Dictionary<(string, DateOnly), List<Entry>> _byLast = [];
        private readonly Dictionary<(string, DateOnly), List<Entry>> _byFirst = [];

        public void AddKnown(KnownPerson p) => Add(
            new Entry(p.Id, null, Fold(p.FirstName), Fold(p.ParentName), Fold(p.LastName), p.BirthDate, null, null));

        public void AddRow(TDraft d, string schoolCode, Guid personId) => Add(new Entry(
            personId, d.Row, Fold(d.FirstName), Fold(d.ParentName), Fold(d.LastName), d.BirthDate!.Value, schoolCode, rules.PlacementOf(d)));

        public void AddPending(TDraft d) => Add(new Entry(
            Guid.Empty, d.Row, Fold(d.FirstName), Fold(d.ParentName), Fold(d.LastName), d.BirthDate!.Value, null, rules.PlacementOf(d),
            Pending: true));

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

        public Verdict Find(TDraft d, string schoolCode)
        {
            var first = Fold(d.FirstName);
            var parent = Fold(d.ParentName);
            var last = Fold(d.LastName);
            var birth = d.BirthDate!.Value;
            var placement = rules.PlacementOf(d);
            Verdict? doubtful = null;
            foreach (var e in _byLast.GetValueOrDefault((last, birth)) ?? [])
            {
                var sameParent = parent.Length == 0 || e.Parent.Length == 0 || parent == e.Parent;
                if (e.First == first && sameParent && e.Pending)
                {
                    doubtful ??= new Verdict(DuplicateKind.Doubtful, null, e.Row, $"Row {e.Row}, held for review, is the same {rules.Person}.");
                    continue;
                }
                if (e.First == first && sameParent)
                {
                    // The same person listed twice in one file at different places: a person decides which is right.
                    if (e.Row is not null && (e.SchoolCode != schoolCode || e.Placement != placement))
                    {
                        doubtful ??= new Verdict(DuplicateKind.Doubtful, e.Pending ? null : e.PersonId, e.Row,
                            $"Row {e.Row} has the same {rules.Person} at another {rules.Placement}.");
                        continue;
                    }
                    return new Verdict(DuplicateKind.Same, e.PersonId, e.Row);
                }
                if (e.First == first && SchoolMatcher.Distance(parent, e.Parent, 2) <= 1)
                {
                    doubtful ??= new Verdict(DuplicateKind.Doubtful, e.Pending ? null : e.PersonId, e.Row, Where(e) +
                        " has the same name and birth date and a parent's name one letter apart.");
                }
                else if (sameParent && SchoolMatcher.Distance(first, e.First, 2) <= 1)
                {
                    doubtful ??= new Verdict(DuplicateKind.Doubtful, e.Pending ? null : e.PersonId, e.Row, Where(e) +
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
                        doubtful = new Verdict(DuplicateKind.Doubtful, e.Pending ? null : e.PersonId, e.Row, Where(e) +
                            " has the same first name, birth date and parent and a last name one letter apart.");
                        break;
                    }
                }
            }
            return doubtful ?? new Verdict(DuplicateKind.None);
        }

        private string Where(Entry e) => e.Row is { } row ? $"Row {row}" : $"A {rules.Person} already in Emis";

        private static string Fold(string? name) => name is null ? "" : NameFolding.Fold(name);
    }
}
