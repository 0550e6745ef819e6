using System.Globalization;
using Emis.Curriculum.Contracts;
using Emis.Curriculum.Schools;
using Emis.Curriculum.Structure;
using Emis.Enrollment.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Staffing.Contracts;
using FluentValidation;
using Marten;
using Wolverine;

namespace Emis.Curriculum.Sections;

/// <summary>Open a class section of a school for a school year.</summary>
public sealed record OpenSection(Guid SchoolId, string SchoolYear, string Programme, int Grade, string Letter, string Language, Shift? Shift)
{
    public sealed class Validator : AbstractValidator<OpenSection>
    {
        public Validator()
        {
            RuleFor(x => x.SchoolId).NotEmpty().WithMessage("The school's id is required.");
            RuleFor(x => x.SchoolYear).SchoolYearText();
            RuleFor(x => x.Programme).CodeText("programme");
            RuleFor(x => x.Grade).InclusiveBetween(0, 13).WithErrorCode(ErrorCodes.Invalid).WithMessage("A grade is a number from 0 to 13.");
            RuleFor(x => x.Letter).NotEmpty().WithMessage("The section's letter is required (e.g. A).")
                .Must(CurriculumRules.IsLetter).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A section is 1 to 10 letters or digits (e.g. A, 2, B1).");
            RuleFor(x => x.Language).NotEmpty().WithMessage("The language of instruction is required.")
                .Must(CurriculumRules.IsLanguage).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("The language of instruction is an ISO 639 code of 2 or 3 lower-case letters (bs, sq, tr).");
            RuleFor(x => x.Shift).IsInEnum().When(x => x.Shift is not null).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

/// <summary>Give a section its homeroom teacher (a member of staff with a current contract at the school), or none.</summary>
public sealed record AssignHomeroomTeacher(Guid SectionId, Guid? StaffId)
{
    public sealed class Validator : AbstractValidator<AssignHomeroomTeacher>
    {
        public Validator() => RuleFor(x => x.SectionId).NotEmpty().WithMessage("The section's id is required.");
    }
}

/// <summary>Set the programme a section follows (one the upgrade could not tell, or a correction).</summary>
public sealed record SetSectionProgramme(Guid SectionId, string Programme)
{
    public sealed class Validator : AbstractValidator<SetSectionProgramme>
    {
        public Validator()
        {
            RuleFor(x => x.SectionId).NotEmpty().WithMessage("The section's id is required.");
            RuleFor(x => x.Programme).CodeText("programme");
        }
    }
}

/// <summary>Close a section that has no learners (merged into another, or never filled).</summary>
public sealed record CloseSection(Guid SectionId, string Reason)
{
    public sealed class Validator : AbstractValidator<CloseSection>
    {
        public Validator()
        {
            RuleFor(x => x.SectionId).NotEmpty().WithMessage("The section's id is required.");
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why the section closes.").MaximumLength(500).WithErrorCode(ErrorCodes.Invalid);
        }
    }
}

public static class SectionCommandsHandler
{
    public static async Task<OutgoingMessages> Handle(OpenSection command, IDocumentSession session, CancellationToken ct)
    {
        var school = await session.LoadAsync<CurriculumSchool>(command.SchoolId, ct)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "schoolId", $"There is no school with id {command.SchoolId}.");
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(session.TenantId), ct);
        var id = ClassSections.IdOf(command.SchoolId, command.SchoolYear, command.Grade, command.Letter);
        var existing = await session.LoadAsync<SectionView>(id, ct);
        var opened = DecideOpen(command, school, structure, existing);
        session.Events.StartStream<SectionView>(id, opened);
        return [Announce(session.TenantId, opened, "opened", 1)];
    }

    public static async Task<OutgoingMessages> Handle(AssignHomeroomTeacher command, IDocumentSession session, IStaffDirectory staff,
        CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<SectionView>(command.SectionId, ct);
        var section = stream.Aggregate ?? throw SectionAccess.NoSection(command.SectionId);
        var postings = command.StaffId is null ? [] : (await staff.CurrentAsync(session.TenantId, section.SchoolId, ct)).Postings;
        stream.AppendOne(DecideHomeroom(command, section, postings));
        return [Announce(session.TenantId, section, "homeroom_assigned", section.Version + 1)];
    }

    public static async Task<OutgoingMessages> Handle(SetSectionProgramme command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<SectionView>(command.SectionId, ct);
        var section = stream.Aggregate ?? throw SectionAccess.NoSection(command.SectionId);
        var structure = await session.LoadAsync<EducationStructureView>(EducationStructureView.IdFor(session.TenantId), ct);
        stream.AppendOne(DecideProgramme(command, section, structure));
        return [Announce(session.TenantId, section, "programme_set", section.Version + 1)];
    }

    public static async Task<OutgoingMessages> Handle(CloseSection command, IDocumentSession session, IClassLists classes, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<SectionView>(command.SectionId, ct);
        var section = stream.Aggregate ?? throw SectionAccess.NoSection(command.SectionId);
        var learners = (await classes.CurrentPlacementsAsync(session.TenantId, section.SchoolId, ct)).Count(p => InSection(p, section));
        stream.AppendOne(DecideClose(command, section, learners));
        return [Announce(session.TenantId, section, "closed", section.Version + 1)];
    }

    /// <summary>The opening, or why not: an open school teaching the programme's grade, a known programme, and no such section yet.</summary>
    public static SectionOpened DecideOpen(OpenSection command, CurriculumSchool school, EducationStructureView? structure, SectionView? existing)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(school);
        if (school.IsClosed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "schoolId", $"{school.Name} ({school.Code}) is closed: it opens no section.");
        }
        var code = CurriculumRules.Code(command.Programme);
        var programme = structure?.ProgrammeOf(code)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "programme", $"There is no programme {code} in the education structure.");
        if (!programme.Teaches(command.Grade))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "grade", string.Create(CultureInfo.InvariantCulture,
                $"Programme {programme.Code} is taught in grades {programme.FirstGrade}–{programme.LastGrade}, not {command.Grade}."));
        }
        var letter = ClassSections.Letter(command.Letter);
        if (existing is not null)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "letter", existing.Closed
                ? $"Section {existing.Name} of {command.SchoolYear} was closed: a closed section is not opened again; open another letter."
                : $"Section {existing.Name} of {command.SchoolYear} is open already.");
        }
        return new SectionOpened(ClassSections.IdOf(school.Id, command.SchoolYear, command.Grade, letter), school.Id, school.Code,
            school.Municipality, command.SchoolYear, programme.Code, command.Grade, letter, command.Language, command.Shift, SectionOrigin.Opened);
    }

    /// <summary>The homeroom teacher, or why not: an open section, and a teacher with a current contract at its school.</summary>
    public static HomeroomTeacherAssigned DecideHomeroom(AssignHomeroomTeacher command, SectionView section, IReadOnlyList<StaffPosting> postings)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(section);
        if (section.Closed) throw new CommandRejectedException(ErrorCodes.RuleViolated, "sectionId", $"Section {section.Name} is closed.");
        if (section.HomeroomTeacherId == command.StaffId)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "staffId", "The section has that homeroom teacher already.");
        }
        if (command.StaffId is { } staff && !postings.Any(p => p.StaffId == staff && p.SchoolId == section.SchoolId))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "staffId",
                $"The member of staff has no current contract at {section.SchoolCode}: a homeroom teacher works at the section's school.");
        }
        return new HomeroomTeacherAssigned(section.Id, command.StaffId);
    }

    /// <summary>The programme, or why not: an open section, a programme of the structure teaching its grade, and a change.</summary>
    public static SectionProgrammeSet DecideProgramme(SetSectionProgramme command, SectionView section, EducationStructureView? structure)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(section);
        if (section.Closed) throw new CommandRejectedException(ErrorCodes.RuleViolated, "sectionId", $"Section {section.Name} is closed.");
        var code = CurriculumRules.Code(command.Programme);
        var programme = structure?.ProgrammeOf(code)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "programme", $"There is no programme {code} in the education structure.");
        if (!programme.Teaches(section.Grade))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "programme", string.Create(CultureInfo.InvariantCulture,
                $"Programme {programme.Code} is taught in grades {programme.FirstGrade}–{programme.LastGrade}, not {section.Grade}."));
        }
        if (section.Programme == programme.Code)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "programme", $"Section {section.Name} follows {programme.Code} already.");
        }
        return new SectionProgrammeSet(section.Id, programme.Code);
    }

    /// <summary>The closing, or why not: a section closes once, and only without learners enrolled in it.</summary>
    public static SectionClosed DecideClose(CloseSection command, SectionView section, int learners)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(section);
        if (section.Closed) throw new CommandRejectedException(ErrorCodes.Unchanged, "sectionId", $"Section {section.Name} is closed already.");
        if (learners > 0)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "sectionId", string.Create(CultureInfo.InvariantCulture,
                $"Section {section.Name} has {learners} learners enrolled: transfer them to another section first."));
        }
        return new SectionClosed(section.Id, command.Reason.Trim());
    }

    public static bool InSection(LearnerPlacement placement, SectionView section) =>
        placement.SchoolId == section.SchoolId && placement.SchoolYear == section.SchoolYear && placement.Grade == section.Grade
        && ClassSections.Letter(placement.Section) == section.Letter;

    public static SectionChangedV1 Announce(string jurisdiction, SectionOpened s, string change, long version) =>
        new(jurisdiction, s.SectionId, s.SchoolId, s.SchoolYear, s.Grade, s.Letter, change, version);

    public static SectionChangedV1 Announce(string jurisdiction, SectionView s, string change, long version) =>
        new(jurisdiction, s.Id, s.SchoolId, s.SchoolYear, s.Grade, s.Letter, change, version);
}

internal sealed class OpenSectionPolicy(IDocumentStore store) : ICommandPolicy<OpenSection>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, OpenSection command, CancellationToken ct) =>
        SectionAccess.ManageAsync(store, caller, command.SchoolId, "schoolId", ct);
}

internal sealed class AssignHomeroomTeacherPolicy(IDocumentStore store) : ICommandPolicy<AssignHomeroomTeacher>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, AssignHomeroomTeacher command, CancellationToken ct) =>
        SectionAccess.ManageSectionAsync(store, caller, command.SectionId, ct);
}

internal sealed class SetSectionProgrammePolicy(IDocumentStore store) : ICommandPolicy<SetSectionProgramme>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, SetSectionProgramme command, CancellationToken ct) =>
        SectionAccess.ManageSectionAsync(store, caller, command.SectionId, ct);
}

internal sealed class CloseSectionPolicy(IDocumentStore store) : ICommandPolicy<CloseSection>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, CloseSection command, CancellationToken ct) =>
        SectionAccess.ManageSectionAsync(store, caller, command.SectionId, ct);
}
