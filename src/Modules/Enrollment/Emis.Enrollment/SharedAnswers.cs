using System.Collections.Concurrent;
using Emis.Platform.Auth;

namespace Emis.Enrollment;

/// <summary>
/// Answers shared by callers who ask the same question within the same scope: computed once, reused until enrolment
/// changes on this node (or for at most <see cref="LiveTtl"/>, the bound on changes made through another node), so
/// that 64 clients asking for a canton's figures or a school's first page cost one query, not 64. The key always
/// carries the caller's whole scope: an answer never crosses from one scope to another.
/// </summary>
public sealed class SharedAnswers<T>(EnrollmentFiguresVersion versions, TimeProvider clock) where T : class
{
    public static readonly TimeSpan LiveTtl = TimeSpan.FromSeconds(1);
    private const int MaxAnswers = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    private sealed record Entry(long Version, DateTimeOffset ExpiresAt, Lazy<Task<T>> Answer)
    {
        public bool UsableAt(long version, DateTimeOffset now) =>
            !(Answer.IsValueCreated && Answer.Value.IsFaulted) && Version == version && ExpiresAt > now;
    }

    /// <param name="settled">True for answers that can no longer change (figures as of an instant well in the past).</param>
    public Task<T> GetAsync(Caller caller, string question, bool settled, Func<Task<T>> compute, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var version = settled ? 0 : versions.Current(caller.Jurisdiction);
        var key = caller.ScopeKey + "|" + question;
        Entry Fresh() => new(version, settled ? DateTimeOffset.MaxValue : now + LiveTtl, new Lazy<Task<T>>(compute));

        if (_entries.Count > MaxAnswers) _entries.Clear();
        var entry = _entries.AddOrUpdate(key, _ => Fresh(), (_, old) => old.UsableAt(version, now) ? old : Fresh());
        return entry.Answer.Value.WaitAsync(ct);
    }
}
