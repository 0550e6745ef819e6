using Emis.Platform.Imports;
using School = Emis.Platform.Tests.SchoolMatcherTests.School;

namespace Emis.Platform.Tests;

/// <summary>The generic planner on a small staff-like file: statuses, duplicates within the file and against people known.</summary>
public sealed class ImportPlannerTests
{
    private sealed class StaffDraft : PersonDraft
    {
        public string? Role { get; set; }
    }

    private static readonly DuplicateRules<StaffDraft> Rules = new("member of staff", d => d.Role, "school or role");

    private static StaffDraft Clean(SheetRow row)
    {
        var draft = new StaffDraft { Row = row.Line };
        draft.LastName = PersonCleaning.Name(row.Cells[0], "lastName", draft, required: true);
        draft.FirstName = PersonCleaning.Name(row.Cells[1], "firstName", draft, required: true);
        draft.ParentName = PersonCleaning.Name(row.Cells[2], "parentName", draft, required: false);
        draft.BirthDate = PersonCleaning.BirthDate(row.Cells[3], draft, new DateOnly(2025, 11, 1),
            new AgeBounds(2025, 18, 75, "the start of the school year", "a member of staff"));
        draft.SchoolText = PersonCleaning.Spaces(row.Cells[4]);
        draft.Role = PersonCleaning.Spaces(row.Cells[5]);
        return draft;
    }

    private static List<PlannedRow<StaffDraft, School>> Plan(IReadOnlyList<KnownPerson> known, params string[][] rows) =>
        ImportPlanner.Plan([.. rows.Select((cells, i) => new SheetRow(i + 2, cells))], Clean, SchoolMatcherTests.Matcher(), _ => { }, known,
            row => new Guid(row, 0, 0, new byte[8]), Rules);

    [Fact]
    public void every_row_gets_one_status_and_the_summary_counts_them()
    {
        var plan = Plan([],
            ["Hoxha", "Jeta", "Valon", "04.03.1980", "SHFMU Gjergj Fishta", "teacher"],
            ["HOXHA", "jeta", "Valon", "1980-03-04", "shfmu gjergj fishta", "teacher"],
            ["Krasniqi", "", "", "01.01.1975", "SHFMU Gjergj Fishta", "director"],
            ["Delić", "Hana", "", "12.08.1979", "Gymnasium Sarajevo", "teacher"]);

        Assert.Equal([RowStatus.Imported, RowStatus.Duplicate, RowStatus.Rejected, RowStatus.Rejected], plan.Select(p => p.Status));
        Assert.Equal(plan[0].PersonId, plan[1].PersonId);
        Assert.Equal(2, plan[1].DuplicateOfRow);
        Assert.Equal("SCHOOL_NOT_FOUND", Assert.Single(plan[3].Draft.Errors).Code);
        Assert.Equal(new ImportSummary(1, 1, 0, 2), ImportSummary.Of(plan.Select(p => p.Status)));
    }

    [Fact]
    public void a_person_already_known_is_a_duplicate_and_one_letter_apart_is_held_for_review()
    {
        var known = new KnownPerson(Guid.NewGuid(), "Jeta", "Valon", "Hoxha", new DateOnly(1980, 3, 4));
        var plan = Plan([known],
            ["Hoxha", "Jeta", "Valon", "04.03.1980", "SHFMU Gjergj Fishta", "teacher"],
            ["Hoxha", "Jeta", "Valin", "04.03.1980", "SHFMU Gjergj Fishta", "teacher"]);

        Assert.Equal(RowStatus.Duplicate, plan[0].Status);
        Assert.Equal(known.Id, plan[0].PersonId);
        Assert.Equal(RowStatus.Review, plan[1].Status);
        Assert.Equal(
            "A member of staff already in Emis has the same name and birth date and a parent's name one letter apart.",
            plan[1].Draft.Doubts.Single(d => d.Code == "POSSIBLE_DUPLICATE").Message);
    }

    [Fact]
    public void the_same_person_at_another_school_or_placement_in_one_file_is_held_for_review()
    {
        var plan = Plan([],
            ["Hoxha", "Jeta", "", "04.03.1980", "SHFMU Gjergj Fishta", "teacher"],
            ["Hoxha", "Jeta", "", "04.03.1980", "JU OŠ Prekounje", "teacher"]);

        Assert.Equal(RowStatus.Review, plan[1].Status);
        Assert.Equal("Row 2 has the same member of staff at another school or role.", plan[1].Draft.Doubts.Single().Message);
        Assert.Equal(2, plan[1].PossibleDuplicateOfRow);
    }

    [Fact]
    public void the_importers_check_runs_once_the_school_is_known()
    {
        var rows = new[] { new SheetRow(2, ["Hoxha", "Jeta", "", "04.03.1980", "KS-SUH-01", "janitor"]) };
        var plan = ImportPlanner.Plan(rows, Clean, SchoolMatcherTests.Matcher(), row =>
        {
            if (row.School is not null && row.Draft.Role == "janitor")
            {
                row.Draft.Errors.Add(new RowProblem("role", "INVALID", "'janitor' is not a role."));
            }
        }, [], row => new Guid(row, 0, 0, new byte[8]), Rules);
        Assert.Equal(RowStatus.Rejected, plan[0].Status);
        Assert.Equal("KS-SUH-01", plan[0].Draft.SchoolCode);
    }
}
