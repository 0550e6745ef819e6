using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Emis.Staffing.Schools;
using Emis.Staffing.Staff.GettingStaff;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Staffing.Figures;

/// <summary>What teaching hours can be grouped by.</summary>
public enum TeachingDimension
{
    Municipality,
    School,
    Subject,
    Grade,
}

/// <summary>Teachers (distinct) and weekly hours assigned in a group.</summary>
public sealed record TeachingHoursRow(string? Municipality, Guid? SchoolId, string? SchoolCode, string? Subject, int? Grade, int Teachers,
    decimal HoursAssigned);

public sealed record TeachingHoursFigures(string SchoolYear, IReadOnlyList<TeachingHoursRow> Rows);

/// <summary>
/// Teachers by subject and weekly hours, live only, from the current teaching assignments of the staff profiles (adr/0020),
/// in the same scope as staff figures.
/// </summary>
public sealed class TeachingHoursQueries(IDocumentStore store)
{
    public async Task<TeachingHoursFigures> HoursAsync(Caller caller, string schoolYear, IReadOnlyList<TeachingDimension> groupBy,
        CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        var schools = (await session.Query<StaffingSchool>().ToListAsync(ct)).ToDictionary(s => s.Id);
        var profiles = await session.Query<StaffProfile>().ToListAsync(ct);
        var dims = groupBy.ToHashSet();
        var assignments = profiles
            .SelectMany(p => p.Assignments.Where(a => a.Current && a.SchoolYear == schoolYear).Select(a => (Staff: p.Id, Assignment: a,
                Municipality: schools.TryGetValue(a.SchoolId, out var s) ? s.Municipality : "")))
            .Where(x => caller.Role switch
            {
                Roles.MinistryAdmin or Roles.MinistryAnalyst or Roles.Partner => true,
                Roles.MunicipalityOfficer => x.Municipality == caller.Municipality,
                Roles.SchoolAdmin => x.Assignment.SchoolCode == caller.NormalisedSchoolCode,
                _ => false,
            });
        var rows = assignments
            .GroupBy(x => new TeachingHoursRow(
                dims.Contains(TeachingDimension.Municipality) ? x.Municipality : null,
                dims.Contains(TeachingDimension.School) ? x.Assignment.SchoolId : null,
                dims.Contains(TeachingDimension.School) ? x.Assignment.SchoolCode : null,
                dims.Contains(TeachingDimension.Subject) ? x.Assignment.Subject : null,
                dims.Contains(TeachingDimension.Grade) ? x.Assignment.Grade : null, 0, 0))
            .Select(g => g.Key with { Teachers = g.Select(x => x.Staff).Distinct().Count(), HoursAssigned = g.Sum(x => x.Assignment.WeeklyHours) })
            .OrderBy(r => $"{r.Municipality}|{r.SchoolCode}|{r.SchoolId}|{r.Subject}|{r.Grade:D2}", StringComparer.Ordinal)
            .ToList();
        return new TeachingHoursFigures(schoolYear, rows);
    }
}

public sealed class TeachingDimensionGraphType : EnumerationGraphType<TeachingDimension>
{
    public TeachingDimensionGraphType() => Name = "TeachingDimension";
}

public sealed class TeachingHoursRowGraphType : ObjectGraphType<TeachingHoursRow>
{
    public TeachingHoursRowGraphType()
    {
        Name = "TeachingHoursRow";
        Field(x => x.Municipality, nullable: true);
        Field(x => x.SchoolId, type: typeof(IdGraphType));
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.Subject, nullable: true);
        Field(x => x.Grade, nullable: true);
        Field(x => x.Teachers).Description("Teachers with a current assignment in the group.");
        Field(x => x.HoursAssigned).Description("Weekly hours of those assignments.");
    }
}

public sealed class TeachingHoursGraphType : ObjectGraphType<TeachingHoursFigures>
{
    public TeachingHoursGraphType()
    {
        Name = "TeachingHours";
        Field(x => x.SchoolYear);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TeachingHoursRowGraphType>>>>("rows").Resolve(c => c.Source.Rows);
    }
}

internal static class TeachingHoursFields
{
    public static void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<TeachingHoursGraphType>>("teachingHours")
            .Description("Teachers and weekly hours of their current teaching assignments, grouped, within your scope (live only).")
            .Argument<NonNullGraphType<StringGraphType>>("schoolYear")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<TeachingDimensionGraphType>>>>("groupBy")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                if (!StaffFiguresQueries.MaySee(caller))
                {
                    throw new ExecutionError("Staff figures are for the ministry, municipalities and school admins.") { Code = "FORBIDDEN" };
                }
                return await c.RequestServices!.GetRequiredService<TeachingHoursQueries>().HoursAsync(caller, c.GetArgument<string>("schoolYear"),
                    c.GetArgument<List<TeachingDimension>>("groupBy") ?? [], c.CancellationToken);
            });
}
