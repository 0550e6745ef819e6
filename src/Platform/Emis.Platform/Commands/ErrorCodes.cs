namespace Emis.Platform.Commands;

public static class ErrorCodes
{
    public const string Invalid = "INVALID";
    public const string Required = "REQUIRED";
    public const string NotFound = "NOT_FOUND";
    public const string Duplicate = "DUPLICATE";
    public const string Forbidden = "FORBIDDEN";
    public const string ConcurrencyConflict = "CONCURRENCY_CONFLICT";
    public const string RuleViolated = "RULE_VIOLATED";
    public const string Unchanged = "UNCHANGED";
}
