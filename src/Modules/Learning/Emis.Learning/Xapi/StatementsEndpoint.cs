using System.Text.Json;
using System.Text.RegularExpressions;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine.Http;

namespace Emis.Learning.Xapi;

/// <summary>
/// <c>POST /xapi/statements</c>: the Statement Resource of an xAPI 1.0.3 LRS, for storing only (adr/0029). The body is one
/// Statement or an array of them; the request carries <c>X-Experience-API-Version: 1.0.x</c> and a partner's token with the
/// learning-platform grant. The answer is <c>200</c> with the statements' ids in order, or — nothing stored — <c>400</c> with
/// every problem (<c>statements[i].field</c>), <c>409</c> when an id holds another statement, <c>401</c>/<c>403</c>; every
/// answer carries <c>X-Experience-API-Version</c>.
/// </summary>
public static partial class StatementsEndpoint
{
    public const string VersionHeader = "X-Experience-API-Version";
    public const string Version = "1.0.3";

    [WolverinePost("/xapi/statements")]
    public static async Task<IResult> Post(HttpContext http, CommandDispatcher dispatcher, XapiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(settings);
        // Who may send statements is the command's policy, as for every command (resolved here: its type is the module's own).
        var policy = http.RequestServices.GetRequiredService<ICommandPolicy<RecordCourseStatements>>();
        http.Response.Headers[VersionHeader] = Version;
        var ct = http.RequestAborted;
        if (!Caller.TryFrom(http.User, out var caller, out var problem))
        {
            return Refused(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", problem!, []);
        }
        if (await policy.AuthorizeAsync(caller!, new RecordCourseStatements(Guid.Empty, []), ct) is { } forbidden)
        {
            return Refused(StatusCodes.Status403Forbidden, forbidden.Code, forbidden.Message, [forbidden]);
        }
        var version = http.Request.Headers[VersionHeader].ToString().Trim();
        if (version.Length == 0 || !VersionPattern().IsMatch(version))
        {
            var error = new UserError(version.Length == 0 ? ErrorCodes.Required : ErrorCodes.Invalid, VersionHeader, version.Length == 0
                ? $"Send the header {VersionHeader}: 1.0.3 (xAPI requires it on every request)."
                : $"This LRS speaks xAPI 1.0.x ({Version}): {VersionHeader} '{version}' is not one of them.");
            return Refused(StatusCodes.Status400BadRequest, error.Code, error.Message, [error]);
        }
        if (http.Request.ContentType is { } type && type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var error = new UserError(StatementParser.NotSupported, "attachments",
                "Attachments (multipart/mixed) are not supported: send the statements as application/json, without attachments.");
            return Refused(StatusCodes.Status400BadRequest, error.Code, error.Message, [error]);
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Request.Body, default, ct);
        }
        catch (JsonException e)
        {
            var error = new UserError(ErrorCodes.Invalid, null, $"The body is not JSON ({e.Message}).");
            return Refused(StatusCodes.Status400BadRequest, error.Code, error.Message, [error]);
        }
        using (body)
        {
            var parsed = StatementParser.Parse(body.RootElement, settings.EduIdHomePage(caller!.Jurisdiction), Guid.CreateVersion7);
            if (!parsed.Valid) return Invalid(parsed.Errors);
            var context = new CommandContext(caller.Jurisdiction, caller.Subject, Sources.Api, "xapi-" + Guid.NewGuid().ToString("N"));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var outcome = await dispatcher.SendAsync(new RecordCourseStatements(Guid.CreateVersion7(), parsed.Statements), context, ct);
                    return outcome.Succeeded
                        ? Microsoft.AspNetCore.Http.Results.Json(parsed.Statements.Select(s => s.Id.ToString()).ToArray())
                        : Invalid(outcome.Errors);
                }
                catch (Exception e) when (attempt < 3 && UniqueViolation(e))
                {
                    // Another request stored one of these ids at the same moment: decide again, now knowing it (same or conflict).
                }
            }
        }
    }

    /// <summary>409 when every problem is an id holding another statement (as xAPI says); 400 otherwise.</summary>
    private static IResult Invalid(IReadOnlyList<UserError> errors) =>
        errors.All(e => e.Code == RecordCourseStatementsHandler.Conflict)
            ? Refused(StatusCodes.Status409Conflict, RecordCourseStatementsHandler.Conflict,
                "A statement id is stored already with other content; nothing of this request was stored.", errors)
            : Refused(StatusCodes.Status400BadRequest, "INVALID_STATEMENTS",
                $"{errors.Count} problem{(errors.Count == 1 ? "" : "s")} in the statements; nothing of this request was stored.", errors);

    private static IResult Refused(int status, string code, string message, IReadOnlyList<UserError> errors) =>
        Microsoft.AspNetCore.Http.Results.Json(
            new { error = code, message, errors = errors.Select(e => new { code = e.Code, field = e.Field, message = e.Message }) },
            statusCode: status);

    private static bool UniqueViolation(Exception? e) => e switch
    {
        null => false,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        AggregateException a => a.InnerExceptions.Any(UniqueViolation),
        _ => UniqueViolation(e.InnerException),
    };

    [GeneratedRegex("^1\\.0(\\.\\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
