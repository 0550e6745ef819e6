using Emis.Platform.Auth;
using Emis.Platform.EventLog;
using Marten;

namespace Emis.Curriculum.Courses;

/// <summary>The course catalogue's history is public within the jurisdiction.</summary>
internal sealed class CoursesStreamVisibility(IDocumentStore store) : IStreamVisibility
{
    public async Task<bool?> CanSeeAsync(Caller caller, Guid streamId, CancellationToken ct)
    {
        await using var session = store.QuerySession(caller.Jurisdiction);
        return await session.LoadAsync<CourseView>(streamId, ct) is not null ? true : null;
    }
}
