using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Emis.Enrollment.Contracts;
using Emis.Enrollment.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;
using JasperFx.Events;
using Marten.Events;
using FluentValidation;

namespace Emis.Enrollment.Learners;

/// <summary>Rules about learners shared by several commands.</summary>
public static partial class LearnerRules
{
    public const int MaxNameLength = 100;
    public const int MaxSectionLength = 10;
    public const int ContactsOfTheirOwnFromAge = 13;

    /// <summary>Stray and doubled spaces go; every letter stays exactly as written (ë, ç, č, ć, đ, š, ž, ğ, ı, ş).</summary>
    public static string CleanName(string name) =>
        string.Join(' ', name.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Letters of any script, joined by single spaces, hyphens or apostrophes.</summary>
    public static bool IsName(string? name) => name is not null && NamePattern().IsMatch(CleanName(name));

    public static string CleanSection(string section) => section.Trim().ToUpperInvariant();

    public static bool IsSection(string? section) => section is not null && SectionPattern().IsMatch(section.Trim());

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }

    public static bool IsLanguageCode(string? code) => code is not null && LanguagePattern().IsMatch(code.Trim());

    public static IRuleBuilderOptions<T, string> PersonName<T>(this IRuleBuilder<T, string> rule, string what) => rule
        .NotEmpty().WithMessage($"The learner's {what} is required.")
        .MaximumLength(MaxNameLength).WithErrorCode(ErrorCodes.Invalid).WithMessage($"The {what} may be at most {MaxNameLength} characters.")
        .Must(IsName).WithErrorCode(ErrorCodes.Invalid)
        // Messages never repeat the value: refusals are logged, and a child's name must not reach a log.
        .WithMessage($"The {what} may contain only letters, with single spaces, hyphens or apostrophes between them.");

    public static IRuleBuilderOptions<T, string> SchoolYearText<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The school year is required.")
        .Must(SchoolYear.IsValid).WithErrorCode(ErrorCodes.Invalid).WithMessage(SchoolYear.FormatMessage);

    public static IRuleBuilderOptions<T, int> GradeNumber<T>(this IRuleBuilder<T, int> rule) => rule
        .InclusiveBetween(GradeRange.Lowest, GradeRange.Highest).WithErrorCode(ErrorCodes.Invalid)
        .WithMessage($"A grade is a number from {GradeRange.Lowest} to {GradeRange.Highest}.");

    public static IRuleBuilderOptions<T, string> SectionName<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("The class section is required (e.g. A).")
        .Must(IsSection).WithErrorCode(ErrorCodes.Invalid)
        .WithMessage($"A class section is 1 to {MaxSectionLength} letters or digits (e.g. A, 2, B1).");

    [GeneratedRegex(@"^\p{L}[\p{L}\p{M}]*(?:[ '’\-.]\p{L}[\p{L}\p{M}]*)*\.?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\p{L}\d]{1,10}$")]
    private static partial Regex SectionPattern();

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();
}

/// <summary>What every learner command handler shares: fetch for writing, find the school, announce the change.</summary>
internal static class LearnerStreams
{
    public static Task<IEventStream<Learner>> FetchAsync(IDocumentSession session, Guid learnerId, long? expectedVersion, CancellationToken ct) =>
        ExistingStreams.FetchAsync<Learner>(session, learnerId, expectedVersion, "learnerId", "learner", ct);

    public static async Task<EnrollmentSchool> SchoolAsync(IQuerySession session, Guid schoolId, string field, CancellationToken ct) =>
        await session.LoadAsync<EnrollmentSchool>(schoolId, ct)
        ?? throw new CommandRejectedException(ErrorCodes.NotFound, field, $"There is no school with id {schoolId}.");

    public static EnrollmentChangedV1 Announce(string jurisdiction, Guid learnerId, string? schoolYear, long version, string change,
        params EnrollmentSchool[] schools) => new(
        jurisdiction, learnerId, schoolYear, [.. schools.Select(s => s.Id).Distinct()], [.. schools.Select(s => s.Municipality).Distinct()], change, version);

    public static long NextVersion<T>(IEventStream<T> stream, int events = 1) where T : notnull => (stream.StartingVersion ?? 0) + events;

    /// <summary>Where a learner may be placed in a school: open, and teaching the grade.</summary>
    public static void CheckPlacement(EnrollmentSchool school, int grade, string schoolField, string gradeField = "grade")
    {
        if (school.IsClosed)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, schoolField, $"{school.Name} ({school.Code}) is closed: no learner can be enrolled there.");
        }
        if (!school.Grades.Contains(grade))
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, gradeField, string.Create(CultureInfo.InvariantCulture,
                $"Grade {grade} does not fit {school.Name} ({school.Code}): a {school.Level.Replace('_', ' ')} school teaches grades {school.Grades}."));
        }
    }
}
