using Emis.Platform.Commands;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff;
using Emis.Staffing.Staff.AssignTeaching;
using Emis.Staffing.Staff.EndContract;
using Emis.Staffing.Staff.GettingStaff;
using Emis.Staffing.Staff.RecordLeave;
using Emis.Staffing.Staff.RegisterStaffMember;
using Emis.Staffing.Staff.StartContract;
using Emis.Staffing.Staff.TransferStaffMember;
using Emis.Staffing.Standards;

namespace Emis.Staffing.Tests;

/// <summary>The staff decisions, without a database.</summary>
public sealed class StaffDecisionTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);
    private static readonly StaffingSchool Prizren = new() { Id = Guid.NewGuid(), Code = "P-1", Name = "Prizren 1", Municipality = "Prizren" };
    private static readonly StaffingSchool Gjakova = new() { Id = Guid.NewGuid(), Code = "G-1", Name = "Gjakova 1", Municipality = "Gjakova" };

    private static StaffMember Registered(DateOnly? birth = null) => StaffMember.Create(new StaffMemberRegistered(
        Guid.NewGuid(), "Merita", null, "Gashi", birth ?? new DateOnly(1985, 5, 12), StaffSex.Female, ["sq"], StaffContacts.None));

    private static NewContract Contract(StaffingSchool school, decimal fte = 1m, string? reason = null, DateOnly? starts = null,
        DateOnly? ends = null) =>
        new(Guid.NewGuid(), school.Id, StaffRole.Teacher, EducationLevel.Isced1, ContractType.Permanent, fte, starts ?? new DateOnly(2020, 9, 1),
            ends, reason);

    private static StaffMember Employed(StaffingSchool school, decimal fte = 1m, DateOnly? ends = null)
    {
        var staff = Registered();
        return staff.Apply(StartContractHandler.Decide(staff.Id, Contract(school, fte, ends: ends), staff, school, "contract"));
    }

    private static string Code(Action act) => Assert.Throws<CommandRejectedException>(act).Errors[0].Code;

    private static string? Field(Action act) => Assert.Throws<CommandRejectedException>(act).Errors[0].Field;

    [Fact]
    public void a_teacher_cannot_be_assigned_where_they_have_no_current_contract()
    {
        var staff = Employed(Prizren);
        var elsewhere = new AssignTeaching(staff.Id, Guid.NewGuid(), Gjakova.Id, "2025/2026", 3, "A", "Mathematics", 4m);
        Assert.Equal(("RULE_VIOLATED", "schoolId"), (Code(() => AssignTeachingHandler.Decide(elsewhere, staff, null)),
            Field(() => AssignTeachingHandler.Decide(elsewhere, staff, null))));
        var here = elsewhere with { SchoolId = Prizren.Id, Section = " a " };
        var assigned = AssignTeachingHandler.Decide(here, staff, null);
        Assert.Equal(("P-1", "A"), (assigned.SchoolCode, assigned.Section));
        var twice = AssignTeachingHandler.Decide(here, staff, null);
        Assert.Equal("DUPLICATE", Code(() => AssignTeachingHandler.Decide(here with { AssignmentId = Guid.NewGuid() }, staff.Apply(twice), null)));
    }

    [Fact]
    public void a_section_has_one_homeroom_teacher()
    {
        var staff = Employed(Prizren);
        var homeroom = new AssignTeaching(staff.Id, Guid.NewGuid(), Prizren.Id, "2025/2026", 3, "A", "Albanian", 6m, Homeroom: true);
        Assert.Equal("RULE_VIOLATED", Code(() => AssignTeachingHandler.Decide(homeroom, staff, Guid.NewGuid())));
        Assert.True(AssignTeachingHandler.Decide(homeroom, staff, staff.Id).Homeroom);
        Assert.True(AssignTeachingHandler.Decide(homeroom, staff, null).Homeroom);
    }

    [Fact]
    public void more_than_one_full_time_equivalent_across_schools_needs_a_reason()
    {
        var staff = Employed(Prizren, fte: 0.8m);
        Assert.Equal(("RULE_VIOLATED", "contract.fteReason"), (
            Code(() => StartContractHandler.Decide(staff.Id, Contract(Gjakova, 0.4m), staff, Gjakova, "contract")),
            Field(() => StartContractHandler.Decide(staff.Id, Contract(Gjakova, 0.4m), staff, Gjakova, "contract"))));
        var withReason = StartContractHandler.Decide(staff.Id, Contract(Gjakova, 0.4m, "shortage of physics teachers"), staff, Gjakova, "contract");
        Assert.Equal("shortage of physics teachers", withReason.FteReason);
        // Up to one full time, no reason is asked (nor kept).
        Assert.Null(StartContractHandler.Decide(staff.Id, Contract(Gjakova, 0.2m, "not needed"), staff, Gjakova, "contract").FteReason);
    }

    [Fact]
    public void one_current_contract_per_school_at_working_age_in_an_open_school()
    {
        var staff = Employed(Prizren);
        Assert.Equal("DUPLICATE", Code(() => StartContractHandler.Decide(staff.Id, Contract(Prizren, 0.1m), staff, Prizren, "contract")));
        var young = Registered(new DateOnly(2008, 1, 1));
        Assert.Equal("RULE_VIOLATED", Code(() => StartContractHandler.Decide(young.Id, Contract(Gjakova), young, Gjakova, "contract")));
        var closed = new StaffingSchool { Id = Guid.NewGuid(), Code = "C-1", Name = "Closed", Municipality = "Prizren", Status = "closed" };
        Assert.Equal("RULE_VIOLATED", Code(() => StartContractHandler.Decide(staff.Id, Contract(closed), staff, closed, "contract")));
    }

    [Fact]
    public void leave_stays_inside_its_contract_and_never_overlaps_other_leave()
    {
        var staff = Employed(Prizren, ends: new DateOnly(2027, 8, 31));
        var contract = staff.Posts.Keys.Single();
        RecordLeave Leave(int fromMonth, int toMonth, int year = 2026) =>
            new(staff.Id, Guid.NewGuid(), contract, LeaveKind.Maternity, new DateOnly(year, fromMonth, 1), new DateOnly(year, toMonth, 28));
        var first = RecordLeaveHandler.Decide(Leave(3, 5), staff);
        staff = staff.Apply(first);
        Assert.Equal(("RULE_VIOLATED", "from"), (Code(() => RecordLeaveHandler.Decide(Leave(5, 7), staff)),
            Field(() => RecordLeaveHandler.Decide(Leave(5, 7), staff))));
        Assert.Equal("RULE_VIOLATED", Code(() => RecordLeaveHandler.Decide(Leave(1, 3), staff)));
        RecordLeaveHandler.Decide(Leave(6, 7), staff);
        Assert.Equal(("RULE_VIOLATED", "to"), (Code(() => RecordLeaveHandler.Decide(Leave(6, 9, 2027), staff)),
            Field(() => RecordLeaveHandler.Decide(Leave(6, 9, 2027), staff))));
        Assert.Equal("RULE_VIOLATED", Code(() => RecordLeaveHandler.Decide(Leave(1, 2, 2019), staff)));
        Assert.Equal("NOT_FOUND", Code(() => RecordLeaveHandler.Decide(Leave(6, 7) with { ContractId = Guid.NewGuid() }, staff)));
    }

    [Fact]
    public void ending_a_contract_ends_its_assignments_and_a_transfer_moves_the_post()
    {
        var staff = Employed(Prizren, fte: 0.5m);
        var assigned = AssignTeachingHandler.Decide(new AssignTeaching(staff.Id, Guid.NewGuid(), Prizren.Id, "2025/2026", 3, "A", "Art", 2m),
            staff, null);
        staff = staff.Apply(assigned);
        var contract = staff.Posts.Keys.Single();
        Assert.Equal("RULE_VIOLATED", Code(() => EndContractHandler.Decide(contract, new DateOnly(2019, 1, 1), ContractEnd.Resignation, staff)));
        var ended = EndContractHandler.Decide(contract, new DateOnly(2026, 6, 30), ContractEnd.Retirement, staff);
        Assert.Equal(assigned.AssignmentId, Assert.IsType<TeachingAssignmentEnded>(ended[1]).AssignmentId);

        var transfer = new TransferStaffMember(staff.Id, contract, Guid.NewGuid(), Gjakova.Id, new DateOnly(2026, 1, 15));
        var moved = TransferStaffMemberHandler.Decide(transfer, staff, Gjakova);
        Assert.Equal(ContractEnd.Transfer, Assert.IsType<ContractEnded>(moved[0]).Reason);
        Assert.IsType<TeachingAssignmentEnded>(moved[1]);
        var started = Assert.IsType<ContractStarted>(moved[2]);
        Assert.Equal((Gjakova.Id, 0.5m, new DateOnly(2026, 1, 15)), (started.SchoolId, started.Fte, started.StartsOn));
        Assert.Equal("RULE_VIOLATED", Code(() => TransferStaffMemberHandler.Decide(transfer with { ToSchoolId = Prizren.Id }, staff, Prizren)));
    }

    [Fact]
    public void registration_keeps_letters_and_refuses_the_implausible()
    {
        var command = new RegisterStaffMember(Guid.NewGuid(), "  Dëshira  ", " ", "Çelik   Đurić", new DateOnly(1980, 1, 1), StaffSex.Female,
            ["SQ", "sq", "bs"], new StaffContacts(" a@b.org ", null), null);
        var registered = RegisterStaffMemberHandler.Decide(command, Today);
        Assert.Equal(("Dëshira", null, "Çelik Đurić", "a@b.org"), (registered.FirstName, registered.ParentName, registered.LastName,
            registered.Contacts.Email));
        Assert.Equal(["sq", "bs"], registered.TeachingLanguages);
        Assert.Equal("INVALID", Code(() => RegisterStaffMemberHandler.Decide(command with { BirthDate = Today.AddDays(1) }, Today)));
        Assert.Equal("RULE_VIOLATED", Code(() => RegisterStaffMemberHandler.Decide(command with { BirthDate = new DateOnly(2015, 1, 1) }, Today)));
    }

    [Fact]
    public void standards_give_one_entry_per_level_and_grades_that_do_not_overlap()
    {
        static LevelStandard Level(EducationLevel level, int first, int last) => new(level, first, last, 6, false, 100m);
        var id = Guid.NewGuid();
        Assert.Equal("DUPLICATE", Code(() => SetTeacherStandardsHandler.Decide(
            new SetTeacherStandards([Level(EducationLevel.Isced1, 1, 5), Level(EducationLevel.Isced1, 6, 9)]), id, null)));
        Assert.Equal("RULE_VIOLATED", Code(() => SetTeacherStandardsHandler.Decide(
            new SetTeacherStandards([Level(EducationLevel.Isced2, 5, 9), Level(EducationLevel.Isced1, 1, 5)]), id, null)));
        var set = SetTeacherStandardsHandler.Decide(new SetTeacherStandards([Level(EducationLevel.Isced2, 6, 9), Level(EducationLevel.Isced1, 1, 5)]),
            id, null);
        Assert.Equal([EducationLevel.Isced1, EducationLevel.Isced2], set.Levels.Select(l => l.Level));
        var current = new TeacherStandardsView { Id = id, Levels = [.. set.Levels] };
        Assert.Equal("UNCHANGED", Code(() => SetTeacherStandardsHandler.Decide(new SetTeacherStandards(set.Levels), id, current)));
    }

    [Fact]
    public void qualified_and_trained_follow_from_the_records_dated_by_the_day_and_the_standards()
    {
        var standards = new[]
        {
            new LevelStandard(EducationLevel.Isced1, 1, 5, 6, false, 100m),
            new LevelStandard(EducationLevel.Isced2, 6, 9, 7, true, null),
        };
        var staff = new StaffProfile
        {
            Contracts =
            [
                new(Guid.NewGuid(), Prizren.Id, "P-1", "Prizren", StaffRole.Teacher, EducationLevel.Isced1, ContractType.Permanent, 0.5m,
                    new DateOnly(2015, 9, 1), null, null, null, null, []),
                new(Guid.NewGuid(), Gjakova.Id, "G-1", "Gjakova", StaffRole.Teacher, EducationLevel.Isced2, ContractType.FixedTerm, 0.5m,
                    new DateOnly(2022, 9, 1), new DateOnly(2026, 8, 31), null, null, null, []),
                new(Guid.NewGuid(), Gjakova.Id, "G-1", "Gjakova", StaffRole.Teacher, EducationLevel.Isced3, ContractType.FixedTerm, 0.5m,
                    new DateOnly(2010, 9, 1), null, null, new DateOnly(2011, 6, 30), ContractEnd.Expired, []),
            ],
            Qualifications = [new(Guid.NewGuid(), 6, "Mathematics", "University of Prishtina", 2010), new(Guid.NewGuid(), 7, "Didactics", "UP",
                2024)],
            Trainings =
            [
                new(Guid.NewGuid(), TrainingKind.InService, "Digital skills", "MEST", 60m, new DateOnly(2021, 3, 1)),
                new(Guid.NewGuid(), TrainingKind.InService, "Inclusive teaching", "UNICEF", 40m, new DateOnly(2023, 3, 1)),
            ],
            Certifications = [new(Guid.NewGuid(), "Licence", "MEST", new DateOnly(2025, 1, 10))],
        };
        var in2022 = TeacherStatuses.Of(staff, standards, new DateOnly(2022, 10, 1));
        Assert.Equal([(EducationLevel.Isced1, true, false), (EducationLevel.Isced2, false, false)],
            in2022.Select(s => (s.Level, s.Qualified!.Value, s.Trained!.Value)));
        var in2025 = TeacherStatuses.Of(staff, standards, new DateOnly(2025, 10, 1));
        Assert.Equal([(EducationLevel.Isced1, true, true), (EducationLevel.Isced2, true, false)],
            in2025.Select(s => (s.Level, s.Qualified!.Value, s.Trained!.Value)));
        var unknown = TeacherStatuses.Of(staff, [], new DateOnly(2025, 10, 1));
        Assert.All(unknown, s => Assert.Null(s.Qualified));
        Assert.Contains("no teacher standards", unknown[0].Reason);
        Assert.Single(TeacherStatuses.Of(staff, standards, new DateOnly(2026, 10, 1)));
    }
}
