namespace Emis.Learning.Xapi;

/// <summary>How a statement's actor names a learner (adr/0029).</summary>
public enum LearnerKey
{
    /// <summary><c>account</c> with the jurisdiction's EduID home page, the EduID as its name.</summary>
    EduId,

    /// <summary><c>account</c> named by the learner's account name (user principal name), or <c>mbox mailto:</c> it.</summary>
    AccountName,
}

/// <summary>A learner as a statement names them. The value is a child's identifier: never written to a log or an event.</summary>
public sealed record LearnerIdentifier(LearnerKey Key, string Value)
{
    /// <summary>Never the identifier in a log line.</summary>
    public override string ToString() => $"LearnerIdentifier {{ Key = {Key} }}";
}

/// <summary>
/// One xAPI 1.0.3 statement once checked, as Emis keeps it: the statement's id (generated when it had none, as the
/// specification says the LRS does), the learner it names, its verb, and either the activity with its context and result,
/// or — for a voiding statement (verb <c>voided</c>) — the id of the statement it voids. <see cref="Hash"/> fingerprints the
/// statement for the idempotency check: the same id with a different hash is a conflict.
/// </summary>
/// <param name="Index">Its position in the request (0 for a single statement).</param>
/// <param name="Learner">Null for a voiding statement: its actor is whoever voids (an administrator, the platform), not a learner.</param>
/// <param name="ContextIris">The ids of its parent and grouping context activities.</param>
/// <param name="CategoryIris">The ids of its category context activities.</param>
/// <param name="CategoryCode">A content category code given outright in the Emis extension, if any.</param>
/// <param name="CategoryField">Where the statement names its content category (the extension, or the category activities), for messages.</param>
/// <param name="Timestamp">When it happened, if the statement says (otherwise the time it is stored).</param>
public sealed record XapiStatement(
    int Index, Guid Id, LearnerIdentifier? Learner, string Verb, string? ActivityId, IReadOnlyList<string> ContextIris,
    IReadOnlyList<string> CategoryIris, string? CategoryCode, string CategoryField, decimal? Scaled, decimal? Raw, decimal? Min, decimal? Max,
    bool? Success, bool? Completion, string? Duration, DateTimeOffset? Timestamp, Guid? Voids, string Hash)
{
    public bool IsVoiding => Voids is not null;

    /// <summary>Never a learner's identifier in a log line.</summary>
    public override string ToString() => $"XapiStatement {{ Index = {Index}, Id = {Id} }}";
}

/// <summary>A request's statements, or every problem found in them (a batch with one bad statement is refused whole).</summary>
public sealed record ParsedStatements(IReadOnlyList<XapiStatement> Statements, IReadOnlyList<Platform.Commands.UserError> Errors)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>The verbs Emis's course figures read (ADL's vocabulary, which cmi5, Moodle and most platforms use).</summary>
public static class XapiVerbs
{
    public const string Voided = "http://adlnet.gov/expapi/verbs/voided";
    public const string Launched = "http://adlnet.gov/expapi/verbs/launched";
    public const string Attempted = "http://adlnet.gov/expapi/verbs/attempted";
    public const string Answered = "http://adlnet.gov/expapi/verbs/answered";
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";
    public const string Failed = "http://adlnet.gov/expapi/verbs/failed";
}
