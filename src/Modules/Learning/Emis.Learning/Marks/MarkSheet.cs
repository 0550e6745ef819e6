using System.Globalization;
using Emis.Platform.EventLog;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Learning.Marks;

/// <summary>
/// One learner's mark as recorded: the code the teacher wrote, and what the scale in force said of it then (its value on a
/// numeric scale, whether it passes), so that a later change of scale never rewrites a mark given. Sex is the learner's as
/// Enrollment had it, for figures by sex. Ids only, never names.
/// </summary>
public sealed record RecordedMark(Guid LearnerId, string Mark, decimal? Value, bool Passing, string Sex);

// Every event of a mark sheet's stream: one section's marks in one subject (MarkSheetView.IdFor(section, subject)).

/// <summary>A teacher's (or the school's) marks of one term, or the final marks, for learners of a section in a subject, in one go.</summary>
/// <param name="Term">A term code of the jurisdiction, or FINAL.</param>
public sealed record MarksRecorded(
    Guid SheetId, Guid SectionId, Guid SchoolId, string SchoolCode, string Municipality, string SchoolYear, int Grade, string Letter,
    string Level, string Subject, string Term, IReadOnlyList<RecordedMark> Marks);

/// <summary>One learner's mark changed after the fact (a mistake, a make-up exam); the reason is required.</summary>
/// <param name="Reason">Free text about one child (it may name an illness): withheld from callers without personal data.</param>
[AboutPerson]
public sealed record MarkCorrected(Guid SheetId, Guid LearnerId, string Term, string From, string To, decimal? Value, bool Passing,
    [PersonalData(PersonalDataHandling.Withhold)] string Reason);

/// <summary>A learner's mark of a term on a sheet, as it stands.</summary>
public sealed record SheetMark(Guid LearnerId, string Term, string Mark, decimal? Value, bool Passing, string Sex, int Corrections);

/// <summary>A section's marks in one subject, as the write model and the read model both see them (one document per sheet, inline).</summary>
public sealed class MarkSheetView
{
    private static readonly Guid Namespace = new("3e7b9a12-d48c-4f05-a6e3-1c8f0b5d2e97");

    public Guid Id { get; set; }
    public Guid SectionId { get; set; }
    public Guid SchoolId { get; set; }
    public string SchoolCode { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public int Grade { get; set; }
    public string Letter { get; set; } = "";
    public string Level { get; set; } = "";
    public string Subject { get; set; } = "";
    public List<SheetMark> Marks { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public SheetMark? MarkOf(Guid learnerId, string term) => Marks.FirstOrDefault(m => m.LearnerId == learnerId && m.Term == term);

    /// <summary>Derived from what identifies a sheet: two teachers recording the same sheet at once meet on the stream.</summary>
    public static Guid IdFor(Guid sectionId, string subject) =>
        NameBasedGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture, $"{sectionId:N}/{subject.Trim().ToUpperInvariant()}"));
}

public sealed class MarkSheetProjection : SingleStreamProjection<MarkSheetView, Guid>
{
    public static MarkSheetView Create(IEvent<MarksRecorded> e) => Apply(e, new MarkSheetView
    {
        Id = e.StreamId,
        SectionId = e.Data.SectionId,
        SchoolId = e.Data.SchoolId,
        SchoolCode = e.Data.SchoolCode,
        Municipality = e.Data.Municipality,
        SchoolYear = e.Data.SchoolYear,
        Grade = e.Data.Grade,
        Letter = e.Data.Letter,
        Level = e.Data.Level,
        Subject = e.Data.Subject,
    });

    public static MarkSheetView Apply(IEvent<MarksRecorded> e, MarkSheetView view)
    {
        view.Marks.AddRange(e.Data.Marks.Select(m => new SheetMark(m.LearnerId, e.Data.Term, m.Mark, m.Value, m.Passing, m.Sex, 0)));
        return Stamp(e, view);
    }

    public static MarkSheetView Apply(IEvent<MarkCorrected> e, MarkSheetView view)
    {
        var i = view.Marks.FindIndex(m => m.LearnerId == e.Data.LearnerId && m.Term == e.Data.Term);
        if (i >= 0)
        {
            view.Marks[i] = view.Marks[i] with
            {
                Mark = e.Data.To,
                Value = e.Data.Value,
                Passing = e.Data.Passing,
                Corrections = view.Marks[i].Corrections + 1,
            };
        }
        return Stamp(e, view);
    }

    private static MarkSheetView Stamp(IEvent e, MarkSheetView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}
