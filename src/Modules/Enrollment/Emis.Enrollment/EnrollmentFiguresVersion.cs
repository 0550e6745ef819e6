using System.Collections.Concurrent;

namespace Emis.Enrollment;

/// <summary>
/// Counts the enrolment changes this node has seen per jurisdiction (every learner command, bulk load and
/// <c>EnrollmentChangedV1</c> bumps it), so that a shared answer is never served after a change made through this node.
/// </summary>
public sealed class EnrollmentFiguresVersion
{
    private readonly ConcurrentDictionary<string, long> _versions = new();

    public long Current(string jurisdiction) => _versions.GetValueOrDefault(jurisdiction);

    public void Changed(string jurisdiction) => _versions.AddOrUpdate(jurisdiction, 1, (_, version) => version + 1);
}
