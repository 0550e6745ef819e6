using System.Globalization;
using System.Text;
using Emis.Credentials.Contracts;
using Emis.Enrollment.Contracts;
using Emis.Credentials.Schools;
using Emis.Platform.Events;
using Emis.Staffing.Contracts;
using Marten;

namespace Emis.Credentials.Accounts.ExportingSds;

/// <summary>How many rows each file of an export holds.</summary>
public sealed record SdsExportResult(int Orgs, int Users, int Roles, int Classes, int Enrollments, int AcademicSessions);

/// <summary>
/// Writes a jurisdiction's accounts as Microsoft School Data Sync CSV files in the v2.1 format: <c>orgs.csv</c>,
/// <c>users.csv</c>, <c>roles.csv</c>, <c>classes.csv</c>, <c>enrollments.csv</c> and <c>academicSessions.csv</c>
/// (UTF-8, RFC 4180 quoting, no line breaks inside values, as SDS requires). From Credentials' accounts, the Registry's
/// published schools, and — through their services — Enrollment's class lists and Staffing's directory:
/// <list type="bullet">
/// <item>orgs: the jurisdiction (ministryOfEducation), its municipalities (municipality) and schools (school; sourcedId =
/// school code);</item>
/// <item>users: one per account (sourcedId = EduID, username = account name), learners and staff;</item>
/// <item>roles: learners <c>student</c> with their grade at their school; staff one row per current contract, by their role
/// (teacher <c>teacher</c>, director <c>principal</c>, pedagogue <c>counselor</c>, administrative <c>administrator</c>,
/// support <c>aide</c>; <c>staff</c> for someone with no current contract), primary at the school they were issued at;</item>
/// <item>classes: one per class section (school × school year × grade × section) that has a learner or a teacher with an
/// account; enrollments put each learner in their section as <c>student</c> and each teacher in the sections they teach
/// as <c>teacher</c> (once per section, whatever the number of subjects);</item>
/// <item>academicSessions: one schoolYear per school year, 1 September to 31 August, schoolYear = the ending year (as SDS
/// numbers academic years).</item>
/// </list>
/// </summary>
public sealed class SdsExport(IDocumentStore store, IClassLists classLists, IStaffDirectory staffDirectory)
{
    public static readonly IReadOnlyList<string> OrgsHeader = ["sourcedId", "name", "type", "parentSourcedId"];
    public static readonly IReadOnlyList<string> UsersHeader = ["sourcedId", "username", "givenName", "familyName"];
    public static readonly IReadOnlyList<string> RolesHeader = ["userSourcedId", "orgSourcedId", "role", "sessionSourcedId", "grade", "isPrimary"];
    public static readonly IReadOnlyList<string> ClassesHeader = ["sourcedId", "orgSourcedId", "title", "sessionSourcedIds"];
    public static readonly IReadOnlyList<string> EnrollmentsHeader = ["classSourcedId", "userSourcedId", "role"];
    public static readonly IReadOnlyList<string> AcademicSessionsHeader = ["sourcedId", "title", "type", "schoolYear", "startDate", "endDate"];

    public async Task<SdsExportResult> WriteAsync(string jurisdiction, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        await using var session = store.QuerySession(jurisdiction);
        var schools = (await session.Query<CredentialsSchool>().ToListAsync(ct)).ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
        var placements = (await classLists.CurrentPlacementsAsync(jurisdiction, ct)).ToDictionary(p => p.LearnerId);
        var staff = await staffDirectory.CurrentAsync(jurisdiction, ct);
        var postings = staff.Postings.ToLookup(p => p.StaffId);
        var teaching = staff.Classes.ToLookup(c => c.StaffId);

        var classes = new SortedDictionary<string, (string School, string Title, string Session)>(StringComparer.Ordinal);
        var sessions = new SortedSet<string>(StringComparer.Ordinal);
        var schoolsUsed = new SortedSet<string>(StringComparer.Ordinal);
        int users = 0, roles = 0, enrollments = 0;
        string Class(string schoolCode, string schoolYear, int grade, string section)
        {
            var id = ClassId(schoolCode, schoolYear, grade, section);
            if (!classes.ContainsKey(id))
            {
                var schoolName = schools.TryGetValue(schoolCode, out var s) ? s.Name : schoolCode;
                var title = $"{schoolName} – {grade.ToString(CultureInfo.InvariantCulture)}{section} ({schoolYear})";
                classes[id] = (schoolCode, title, SessionOf(schoolYear));
                sessions.Add(schoolYear);
                schoolsUsed.Add(schoolCode);
            }
            return id;
        }

        await using (var usersFile = new SdsCsv(Path.Combine(directory, "users.csv"), UsersHeader))
        await using (var rolesFile = new SdsCsv(Path.Combine(directory, "roles.csv"), RolesHeader))
        await using (var enrollmentsFile = new SdsCsv(Path.Combine(directory, "enrollments.csv"), EnrollmentsHeader))
        {
            // A retired account (its person's import reverted) is nobody School Data Sync should sync.
            var accounts = session.Query<Account>().Where(x => x.State != AccountState.Retired)
                .OrderBy(x => x.SchoolCode).ThenBy(x => x.Username).ToAsyncEnumerable(ct);
            await foreach (var account in accounts)
            {
                var year = SessionOf(account.SchoolYear);
                sessions.Add(account.SchoolYear);
                schoolsUsed.Add(account.SchoolCode);
                await usersFile.RowAsync([account.EduId, account.Username, account.FirstName, account.LastName]);
                users++;
                if (account.Kind == PersonKind.Learner)
                {
                    var placement = placements.GetValueOrDefault(account.PersonId);
                    var grade = placement?.Grade ?? account.Grade;
                    await rolesFile.RowAsync([account.EduId, placement?.SchoolCode ?? account.SchoolCode, "student",
                        placement is null ? year : SessionOf(placement.SchoolYear), grade is { } g ? Grade(g) : "", "true"]);
                    roles++;
                    if (placement is not null)
                    {
                        await enrollmentsFile.RowAsync(
                            [Class(placement.SchoolCode, placement.SchoolYear, placement.Grade, placement.Section), account.EduId, "student"]);
                        enrollments++;
                    }
                    continue;
                }

                var posts = postings[account.PersonId].ToList();
                if (posts.Count == 0)
                {
                    await rolesFile.RowAsync([account.EduId, account.SchoolCode, "staff", year, "", "true"]);
                    roles++;
                }
                var primary = posts.FirstOrDefault(p => p.SchoolId == account.SchoolId) ?? posts.FirstOrDefault();
                foreach (var post in posts)
                {
                    schoolsUsed.Add(post.SchoolCode);
                    await rolesFile.RowAsync([account.EduId, post.SchoolCode, SdsRole(post.Role), year, "", post == primary ? "true" : "false"]);
                    roles++;
                }
                var taught = teaching[account.PersonId].Select(c => Class(c.SchoolCode, c.SchoolYear, c.Grade, c.Section))
                    .Distinct(StringComparer.Ordinal);
                foreach (var classId in taught.Order(StringComparer.Ordinal))
                {
                    await enrollmentsFile.RowAsync([classId, account.EduId, "teacher"]);
                    enrollments++;
                }
            }
        }

        var orgs = 0;
        await using (var orgsFile = new SdsCsv(Path.Combine(directory, "orgs.csv"), OrgsHeader))
        {
            await orgsFile.RowAsync([jurisdiction, jurisdiction, "ministryOfEducation", ""]);
            orgs++;
            var municipalities = schoolsUsed.Select(code => schools.GetValueOrDefault(code)?.Municipality)
                .OfType<string>().Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var municipality in municipalities)
            {
                await orgsFile.RowAsync([MunicipalityId(jurisdiction, municipality), municipality, "municipality", jurisdiction]);
                orgs++;
            }
            foreach (var code in schoolsUsed)
            {
                var school = schools.GetValueOrDefault(code);
                var parent = school is { Municipality.Length: > 0 } ? MunicipalityId(jurisdiction, school.Municipality) : jurisdiction;
                await orgsFile.RowAsync([code, school?.Name ?? code, "school", parent]);
                orgs++;
            }
        }

        await using (var classesFile = new SdsCsv(Path.Combine(directory, "classes.csv"), ClassesHeader))
        {
            foreach (var (id, c) in classes) await classesFile.RowAsync([id, c.School, c.Title, c.Session]);
        }

        await using (var sessionsFile = new SdsCsv(Path.Combine(directory, "academicSessions.csv"), AcademicSessionsHeader))
        {
            foreach (var year in sessions)
            {
                var (start, end) = Years(year);
                await sessionsFile.RowAsync([SessionOf(year), year, "schoolYear", end.ToString(CultureInfo.InvariantCulture),
                    $"{start.ToString(CultureInfo.InvariantCulture)}-09-01", $"{end.ToString(CultureInfo.InvariantCulture)}-08-31"]);
            }
        }
        return new SdsExportResult(orgs, users, roles, classes.Count, enrollments, sessions.Count);
    }

    /// <summary>SDS grade levels are two digits: 01 to 13.</summary>
    public static string Grade(int grade) => grade.ToString("00", CultureInfo.InvariantCulture);

    public static string SessionOf(string schoolYear) => "SY" + schoolYear.Replace('/', '-');

    public static string ClassId(string schoolCode, string schoolYear, int grade, string section) =>
        $"{schoolCode}|{schoolYear}|{Grade(grade)}|{section}";

    /// <summary>The SDS v2.1 role of a member of staff's role in Emis.</summary>
    public static string SdsRole(string staffRole) => staffRole switch
    {
        "teacher" => "teacher",
        "director" => "principal",
        "pedagogue" => "counselor",
        "administrative" => "administrator",
        _ => "aide",
    };

    /// <summary>A stable id for a municipality (its name may hold letters and spaces SDS ids are better without).</summary>
    public static string MunicipalityId(string jurisdiction, string municipality) =>
        "M-" + NameBasedGuid.Create(MunicipalityNamespace, $"{jurisdiction}|{municipality}").ToString("N");

    private static readonly Guid MunicipalityNamespace = new("5b0f4c8e-7a51-4a77-9a7e-1d2c3b4a5f60");

    private static (int Start, int End) Years(string schoolYear)
    {
        var parts = schoolYear.Split('/');
        var start = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return (start, parts.Length > 1 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var end) ? end : start + 1);
    }
}

/// <summary>
/// One CSV file as SDS reads it: UTF-8 without a byte-order mark, CRLF line ends, a value quoted when it holds a comma,
/// a quote or leading or trailing space, quotes doubled; line breaks inside values become spaces (SDS refuses them).
/// </summary>
internal sealed class SdsCsv : IAsyncDisposable
{
    private readonly StreamWriter _writer;

    public SdsCsv(string path, IReadOnlyList<string> header)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\r\n" };
        _writer.WriteLine(Line(header));
    }

    public Task RowAsync(IReadOnlyList<string> values) => _writer.WriteLineAsync(Line(values));

    public static string Line(IReadOnlyList<string> values) => string.Join(',', values.Select(Field));

    public static string Field(string value)
    {
        var text = value.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ');
        var quote = text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
            || (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])));
        return quote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }
}
