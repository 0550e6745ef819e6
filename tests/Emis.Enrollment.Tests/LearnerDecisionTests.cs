using Emis.Enrollment.Attendance;
using Emis.Enrollment.Attendance.CorrectAttendance;
using Emis.Enrollment.Attendance.RecordAttendance;
using Emis.Enrollment.Learners;
using Emis.Enrollment.Learners.EnrollLearner;
using Emis.Enrollment.Learners.GettingLearners;
using Emis.Enrollment.Learners.RecordYearEndOutcome;
using Emis.Enrollment.Learners.RegisterLearner;
using Emis.Enrollment.Learners.RollOverSchoolYear;
using Emis.Enrollment.Learners.TransferLearner;
using Emis.Enrollment.Learners.WithdrawLearner;
using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Text;

namespace Emis.Enrollment.Tests;

/// <summary>The handlers' decisions, without a database.</summary>
public sealed class LearnerDecisionTests
{
    private const string Year = "2025/2026";
    private static readonly DateOnly Today = new(2025, 10, 1);
    private static readonly EnrollmentSchool Primary = School("P-1", "primary");
    private static readonly EnrollmentSchool Gymnasium = School("G-1", "upper_secondary");

    private static EnrollmentSchool School(string code, string level, string status = "open") => new()
    {
        Id = Guid.NewGuid(),
        Code = code,
        Name = "School " + code,
        Municipality = "Prizren",
        Level = level,
        Status = status,
        Version = 1,
    };

    private static RegisterLearner Registration(DateOnly birth, LearnerContacts? contacts = null) => new(Guid.NewGuid(), "Arben", "Ilir", "Krasniqi",
        birth, Sex.Male, "sq", "sq", null, null, null, contacts ?? LearnerContacts.None, null);

    private static Learner Enrolled(EnrollmentSchool school, int grade = 4, string year = Year)
    {
        var id = Guid.NewGuid();
        return Learner.Create(
            new LearnerRegistered(id, "A", null, "B", new DateOnly(2016, 1, 1), Sex.Female, "sq", "sq", null, null, null, LearnerContacts.None))
            .Apply(new LearnerEnrolled(id, year, school.Id, school.Code, school.Municipality, grade, "A", EntryKind.New));
    }

    private static UserError Refusal(Action decide) => Assert.Throws<CommandRejectedException>(decide).Errors[0];

    [Fact]
    public void a_child_under_13_may_not_have_an_email_or_phone_of_their_own()
    {
        var twelve = Today.AddYears(-13).AddDays(1);
        var errors = Assert.Throws<CommandRejectedException>(() =>
            RegisterLearnerHandler.Decide(Registration(twelve, new LearnerContacts("a@b.org", "+38344111222", null, null, null)), Today)).Errors;
        Assert.Equal(["contacts.email", "contacts.phone"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(ErrorCodes.RuleViolated, e.Code));

        var thirteen = Today.AddYears(-13);
        var registered = RegisterLearnerHandler.Decide(Registration(thirteen, new LearnerContacts(" a@b.org ", null, null, null, null)), Today);
        Assert.Equal("a@b.org", registered.Contacts.Email);

        var guardian = RegisterLearnerHandler.Decide(
            Registration(twelve, new LearnerContacts(null, null, " Ilir  Krasniqi ", "ilir@b.org", null)), Today);
        Assert.Equal("Ilir Krasniqi", guardian.Contacts.GuardianName);
    }

    [Fact]
    public void a_birth_date_in_the_future_is_refused() =>
        Assert.Equal("birthDate", Refusal(() => RegisterLearnerHandler.Decide(Registration(Today.AddDays(1)), Today)).Field);

    [Theory]
    [InlineData("Ëlira", true)]
    [InlineData("Đorđe", true)]
    [InlineData("Ayşe Yıldız", true)]
    [InlineData("Jean-Luc", true)]
    [InlineData("O'Brien", true)]
    [InlineData("Arb3n", false)]
    [InlineData("Arben!", false)]
    [InlineData("-Arben", false)]
    public void names_are_letters_of_any_alphabet(string name, bool valid) => Assert.Equal(valid, LearnerRules.IsName(name));

    [Fact]
    public void cleaning_a_name_only_touches_spaces() => Assert.Equal("Ëlira Çeku", LearnerRules.CleanName("  Ëlira   Çeku "));

    [Theory]
    [InlineData("2025/2026", true)]
    [InlineData("2025/2027", false)]
    [InlineData("2025-2026", false)]
    [InlineData("25/26", false)]
    public void school_years_are_two_consecutive_years(string text, bool valid) => Assert.Equal(valid, SchoolYear.IsValid(text));

    [Fact]
    public void the_next_school_year_follows() => Assert.Equal("2026/2027", SchoolYear.Next("2025/2026"));

    [Fact]
    public void enrolling_twice_in_one_year_is_refused_but_another_year_is_fine()
    {
        var learner = Enrolled(Primary);
        Assert.Equal("ALREADY_ENROLLED", Refusal(
            () => EnrollLearnerHandler.Decide(new EnrollLearner(learner.Id, Year, Primary.Id, 4, "B"), learner, Primary)).Code);
        var next = EnrollLearnerHandler.Decide(new EnrollLearner(learner.Id, "2026/2027", Primary.Id, 5, "b"), learner, Primary);
        Assert.Equal((EntryKind.Continuing, "B"), (next.Entry, next.Section));
    }

    [Fact]
    public void the_grade_must_fit_the_school_and_the_school_must_be_open()
    {
        var learner = Enrolled(Primary);
        var fresh = Learner.Create(new LearnerRegistered(
            Guid.NewGuid(), "A", null, "B", new DateOnly(2010, 1, 1), Sex.Male, "sq", "sq", null, null, null, LearnerContacts.None));
        Assert.Equal(
            "grade", Refusal(() => EnrollLearnerHandler.Decide(new EnrollLearner(fresh.Id, Year, Gymnasium.Id, 9, "A"), fresh, Gymnasium)).Field);
        Assert.Equal(EntryKind.New, EnrollLearnerHandler.Decide(new EnrollLearner(fresh.Id, Year, Gymnasium.Id, 10, "A"), fresh, Gymnasium).Entry);
        var closed = School("C-1", "primary", "closed");
        Assert.Equal(
            "schoolId", Refusal(() => EnrollLearnerHandler.Decide(new EnrollLearner(fresh.Id, Year, closed.Id, 3, "A"), fresh, closed)).Field);
        Assert.Equal("toSchoolId", Refusal(
            () => TransferLearnerHandler.Decide(new TransferLearner(learner.Id, Year, closed.Id, null, "A"), learner, closed)).Field);
    }

    [Fact]
    public void a_withdrawn_learner_re_enters_and_a_deceased_one_cannot()
    {
        var learner = Enrolled(Primary);
        var withdrawn = learner.Apply(
            WithdrawLearnerHandler.Decide(new WithdrawLearner(learner.Id, Year, WithdrawalReason.DroppedOut, null), learner).Single());
        Assert.Equal(LearnerStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(
            EntryKind.ReEntry, EnrollLearnerHandler.Decide(new EnrollLearner(learner.Id, Year, Primary.Id, 4, "A"), withdrawn, Primary).Entry);

        var deceased = learner.Apply(
            WithdrawLearnerHandler.Decide(new WithdrawLearner(learner.Id, Year, WithdrawalReason.Deceased, null), learner).Single());
        Assert.Equal("learnerId", Refusal(
            () => EnrollLearnerHandler.Decide(new EnrollLearner(learner.Id, Year, Primary.Id, 4, "A"), deceased, Primary)).Field);
        Assert.Equal("schoolYear", Refusal(
            () => WithdrawLearnerHandler.Decide(new WithdrawLearner(learner.Id, "2030/2031", WithdrawalReason.Other, "x"), learner)).Field);
    }

    [Fact]
    public void a_death_recorded_in_an_earlier_year_also_ends_the_later_enrolments()
    {
        var learner = Enrolled(Primary);
        var nextYear = learner.Apply(EnrollLearnerHandler.Decide(new EnrollLearner(learner.Id, "2026/2027", Primary.Id, 5, "A"), learner, Primary));

        var dropped = WithdrawLearnerHandler.Decide(new WithdrawLearner(learner.Id, Year, WithdrawalReason.DroppedOut, null), nextYear);
        Assert.Equal([Year], dropped.Select(w => w.SchoolYear));
        Assert.Equal(LearnerStatus.Enrolled, nextYear.Apply(dropped[0]).Status);

        var died = WithdrawLearnerHandler.Decide(new WithdrawLearner(learner.Id, Year, WithdrawalReason.Deceased, null), nextYear);
        Assert.Equal([Year, "2026/2027"], died.Select(w => w.SchoolYear));
        var after = died.Aggregate(nextYear, (l, w) => l.Apply(w));
        Assert.Equal(LearnerStatus.Deceased, after.Status);
        Assert.Null(after.ActiveIn("2026/2027"));
    }

    [Fact]
    public void a_transfer_keeps_the_grade_unless_told_otherwise()
    {
        var learner = Enrolled(Primary, grade: 6);
        var other = School("P-2", "primary");
        var transferred = TransferLearnerHandler.Decide(new TransferLearner(learner.Id, Year, other.Id, null, "c"), learner, other);
        Assert.Equal((Primary.Id, "P-1", other.Id, 6, "C"),
            (transferred.FromSchoolId, transferred.FromSchoolCode, transferred.ToSchoolId, transferred.Grade, transferred.Section));
        Assert.Equal("toSchoolId", Refusal(
            () => TransferLearnerHandler.Decide(new TransferLearner(learner.Id, Year, Primary.Id, null, "A"), learner, Primary)).Field);
    }

    [Fact]
    public void only_the_last_grade_graduates_and_it_cannot_be_promoted()
    {
        var ninth = Enrolled(Primary, grade: 9);
        var fourth = Enrolled(Primary, grade: 4);
        Assert.Equal(YearEndOutcome.Graduated, RecordYearEndOutcomeHandler.Decide(
            new RecordYearEndOutcome(ninth.Id, Year, YearEndOutcome.Graduated), ninth, Primary).Outcome);
        Assert.Equal("outcome", Refusal(
            () => RecordYearEndOutcomeHandler.Decide(new RecordYearEndOutcome(ninth.Id, Year, YearEndOutcome.Promoted), ninth, Primary)).Field);
        Assert.Equal("outcome", Refusal(
            () => RecordYearEndOutcomeHandler.Decide(new RecordYearEndOutcome(fourth.Id, Year, YearEndOutcome.Graduated), fourth, Primary)).Field);
    }

    [Fact]
    public void the_rollover_needs_every_outcome_and_moves_each_learner_by_theirs()
    {
        static LearnerProfile Profile(int grade, YearEndOutcome? outcome) => new()
        {
            Id = Guid.NewGuid(),
            SchoolId = Primary.Id,
            SchoolYear = Year,
            Grade = grade,
            Section = "A",
            Outcome = outcome,
            Version = 3,
            Status = outcome == YearEndOutcome.Graduated ? LearnerStatus.Graduated : LearnerStatus.Enrolled,
        };
        var command = new RollOverSchoolYear(Primary.Id, Year);
        Assert.Equal("OUTCOMES_MISSING", Refusal(
            () => RollOverSchoolYearHandler.Decide(command, Primary, [Profile(3, null), Profile(4, YearEndOutcome.Promoted)])).Code);

        var steps = RollOverSchoolYearHandler.Decide(command, Primary,
            [Profile(3, YearEndOutcome.Promoted), Profile(4, YearEndOutcome.Repeating), Profile(9, YearEndOutcome.Graduated)]);
        var enrolments = steps.Where(s => s.Enrolment is not null).Select(s => (s.Enrolment!.SchoolYear, s.Enrolment.Grade, s.Enrolment.Entry))
            .Order().ToList();
        Assert.Equal([("2026/2027", 4, EntryKind.Promotion), ("2026/2027", 4, EntryKind.Repetition)], enrolments);
        Assert.Single(steps, s => s.Enrolment is null);
    }

    [Fact]
    public void attendance_needs_a_mark_for_each_learner_of_the_class_and_nobody_else()
    {
        var roster = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var stranger = Guid.NewGuid();
        var id = ClassDay.IdFor("j", Primary.Id, Year, 3, "A", Today);
        static RecordAttendance Command(params AttendanceMark[] marks) => new(Primary.Id, Year, 3, "A", Today, marks);

        var errors = Assert.Throws<CommandRejectedException>(() => RecordAttendanceHandler.Decide(
            Command(new AttendanceMark(roster[0], AttendanceStatus.Present), new AttendanceMark(stranger, AttendanceStatus.Absent)), Primary, id,
                false, roster, Today)).Errors;
        Assert.Equal([("NOT_ON_ROSTER", "marks[1].learnerId"), ("UNMARKED_LEARNERS", "marks")], errors.Select(e => (e.Code, e.Field!)));

        var all = Command(new AttendanceMark(roster[0], AttendanceStatus.Present), new AttendanceMark(roster[1], AttendanceStatus.Remote));
        Assert.Equal(ErrorCodes.Duplicate, Refusal(() => RecordAttendanceHandler.Decide(all, Primary, id, true, roster, Today)).Code);
        Assert.Equal(
            "date", Refusal(() => RecordAttendanceHandler.Decide(all with { Date = Today.AddDays(1) }, Primary, id, false, roster, Today)).Field);
        var recorded = RecordAttendanceHandler.Decide(all, Primary, id, false, roster, Today);

        var day = ClassDay.Create(recorded);
        var corrected = CorrectAttendanceHandler.Decide(
            new CorrectAttendance(Primary.Id, Year, 3, "A", Today, roster[1], AttendanceStatus.Excused, "note"), day);
        Assert.Equal((AttendanceStatus.Remote, AttendanceStatus.Excused), (corrected.From, corrected.To));
        Assert.Equal(ErrorCodes.Unchanged, Refusal(() => CorrectAttendanceHandler.Decide(
            new CorrectAttendance(Primary.Id, Year, 3, "A", Today, roster[0], AttendanceStatus.Present, "x"), day)).Code);
    }

    [Fact]
    public void a_class_day_has_one_stream_id_whatever_the_section_case() =>
        Assert.Equal(ClassDay.IdFor("J", Primary.Id, Year, 3, "a", Today), ClassDay.IdFor("j", Primary.Id, Year, 3, "A", Today));

    [Theory]
    [InlineData("Đorđe Šćekić", "djordje scekic")]
    [InlineData("Ayşe Yıldız", "ayse yildiz")]
    [InlineData("Ëlira Çeku", "elira ceku")]
    public void names_fold_for_search(string name, string folded) => Assert.Equal(folded, LearnerProfile.Fold(name));
}
