using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Emis.Platform.Commands;

namespace Emis.Learning.Xapi;

/// <summary>
/// Reads the body of <c>POST /xapi/statements</c> — one xAPI 1.0.3 Statement object or an array of them — and checks every
/// statement against the specification's data rules (Part Two) as far as Emis stores statements: an Agent actor with
/// exactly one inverse functional identifier, a verb IRI, an Activity object (or, for the reserved <c>voided</c> verb, a
/// StatementRef), result scores within their bounds, ISO 8601 timestamps and durations, UUIDs in standard form, no null
/// values outside extensions and no property the specification does not define. Every problem is named by its field
/// (<c>statements[2].result.score.scaled</c>). Pure: no database, no clock.
/// </summary>
public static partial class StatementParser
{
    /// <summary>The most statements one request may carry.</summary>
    public const int MaxStatements = 5000;

    /// <summary>An extension (on the activity's definition or on the context) that names the content category's code outright.</summary>
    public const string CategoryExtension = "urn:emis:xapi:content-category";

    public const string NotSupported = "NOT_SUPPORTED";

    private static readonly string[] StatementKeys =
        ["id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"];

    private static readonly string[] AgentKeys = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"];
    private static readonly string[] GroupKeys = ["objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"];
    private static readonly string[] Identifiers = ["mbox", "mbox_sha1sum", "openid", "account"];

    private static readonly string[] DefinitionKeys =
    [
        "name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern", "choices", "scale", "source",
        "target", "steps",
    ];

    private static readonly string[] InteractionTypes =
        ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"];

    private static readonly string[] ObjectTypes = ["Activity", "Agent", "Group", "SubStatement", "StatementRef"];

    /// <summary>
    /// The statements of a request body, or every problem found. <paramref name="eduIdHomePage"/> is the jurisdiction's EduID
    /// home page: an account there names a learner by EduID. <paramref name="newId"/> gives the id of a statement without one.
    /// </summary>
    public static ParsedStatements Parse(JsonElement body, string eduIdHomePage, Func<Guid> newId)
    {
        ArgumentNullException.ThrowIfNull(newId);
        var errors = new List<UserError>();
        IReadOnlyList<JsonElement> elements = body.ValueKind switch
        {
            JsonValueKind.Object => [body],
            JsonValueKind.Array => [.. body.EnumerateArray()],
            _ => [],
        };
        if (body.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return Refused(new UserError(ErrorCodes.Invalid, null, "The body is one xAPI Statement (a JSON object) or an array of them."));
        }
        if (elements.Count == 0) return Refused(new UserError(ErrorCodes.Required, "statements", "The array holds no statement."));
        if (elements.Count > MaxStatements)
        {
            return Refused(new UserError(ErrorCodes.Invalid, "statements",
                $"A request carries at most {MaxStatements} statements ({elements.Count} given): send them in several requests."));
        }
        var statements = new List<XapiStatement>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            if (new Reader(i, errors, eduIdHomePage).Read(elements[i], newId) is { } statement) statements.Add(statement);
        }
        foreach (var twice in statements.GroupBy(s => s.Id).Where(g => g.Count() > 1))
        {
            var first = twice.First().Index;
            foreach (var again in twice.Skip(1))
            {
                errors.Add(new UserError(ErrorCodes.Duplicate, $"statements[{again.Index}].id",
                    $"Statement {twice.Key} is given twice in one request (statements[{first}] too)."));
            }
        }
        return errors.Count > 0 ? new ParsedStatements([], errors) : new ParsedStatements(statements, []);

        static ParsedStatements Refused(UserError error) => new([], [error]);
    }

    /// <summary>Whether the text is an absolute IRI with a scheme and no white space.</summary>
    public static bool IsIri(string? text) => text is { Length: > 0 and <= 4096 } && !text.Any(char.IsWhiteSpace)
        && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0;

    /// <summary>Whether a UUID is written in standard string form (8-4-4-4-12 hex digits).</summary>
    public static bool IsUuid(string? text) => text is not null && UuidPattern().IsMatch(text);

    /// <summary>An ISO 8601 timestamp as an instant (UTC when it names no zone), or null when it is not one.</summary>
    public static DateTimeOffset? Timestamp(string? text)
    {
        if (text is null || TimestampPattern().Match(text) is not { Success: true } match) return null;
        if (match.Groups["zone"].Value == "-00:00") return null;
        // .NET reads at most 7 digits of a fraction: the rest (below 100 ns) is cut.
        var fraction = match.Groups["fraction"].Value;
        var trimmed = fraction.Length > 8 ? text.Replace(fraction, fraction[..8], StringComparison.Ordinal) : text;
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var at) ? at : null;
    }

    /// <summary>Whether the text is an ISO 8601 duration (PT1H30M, P1DT2.5S, P2W).</summary>
    public static bool IsDuration(string? text) => text is not null && DurationPattern().IsMatch(text);

    /// <summary>
    /// A statement's fingerprint for the comparison the specification requires (Part Two, 2.3.1): SHA-256 of its JSON with
    /// object keys in order, leaving out what may differ without the statement differing — id, authority, stored, version,
    /// the verb's display, activity definitions, an explicit <c>objectType: Activity</c> — and the actor, which Emis compares
    /// as the learner it maps to (the same learner named by EduID or by account name is the same statement); a timestamp is
    /// compared as the instant it names.
    /// </summary>
    public static string Hash(JsonElement statement, DateTimeOffset? timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var p in Sorted(statement))
            {
                switch (p.Name)
                {
                    case "id" or "actor" or "authority" or "stored" or "version" or "attachments":
                        break;
                    case "timestamp":
                        if (timestamp is { } at)
                        {
                            writer.WriteString("timestamp",
                                at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                        }
                        break;
                    case "verb" when p.Value.ValueKind == JsonValueKind.Object:
                        writer.WritePropertyName(p.Name);
                        WriteSorted(writer, p.Value, skip: "display");
                        break;
                    case "object":
                        writer.WritePropertyName(p.Name);
                        WriteActivity(writer, p.Value);
                        break;
                    case "context" when p.Value.ValueKind == JsonValueKind.Object:
                        writer.WritePropertyName(p.Name);
                        WriteContext(writer, p.Value);
                        break;
                    default:
                        writer.WritePropertyName(p.Name);
                        WriteSorted(writer, p.Value);
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));

        static void WriteContext(Utf8JsonWriter writer, JsonElement context)
        {
            writer.WriteStartObject();
            foreach (var p in Sorted(context))
            {
                writer.WritePropertyName(p.Name);
                if (p.Name != "contextActivities" || p.Value.ValueKind != JsonValueKind.Object)
                {
                    WriteSorted(writer, p.Value);
                    continue;
                }
                writer.WriteStartObject();
                foreach (var kind in Sorted(p.Value))
                {
                    // One activity standing alone is the same as an array of one.
                    writer.WritePropertyName(kind.Name);
                    writer.WriteStartArray();
                    if (kind.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in kind.Value.EnumerateArray()) WriteActivity(writer, item);
                    }
                    else
                    {
                        WriteActivity(writer, kind.Value);
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
    }

    /// <summary>An activity without its definition and without an explicit <c>objectType: Activity</c> (a StatementRef keeps its type).</summary>
    private static void WriteActivity(Utf8JsonWriter writer, JsonElement activity)
    {
        if (activity.ValueKind != JsonValueKind.Object)
        {
            WriteSorted(writer, activity);
            return;
        }
        writer.WriteStartObject();
        foreach (var p in Sorted(activity))
        {
            if (p.Name == "definition" || (p.Name == "objectType" && p.Value.ValueKind == JsonValueKind.String && p.Value.ValueEquals("Activity")))
            {
                continue;
            }
            writer.WritePropertyName(p.Name);
            WriteSorted(writer, p.Value);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// An object's properties by name; a name given twice (JSON leaves such an object undefined) is a <see cref="FormatException"/>.
    /// </summary>
    private static List<JsonProperty> Sorted(JsonElement element)
    {
        var properties = element.EnumerateObject().ToList();
        properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < properties.Count; i++)
        {
            if (properties[i].Name == properties[i - 1].Name) throw new FormatException($"'{properties[i].Name}' is given twice in one object.");
        }
        return properties;
    }

    /// <summary>A value with its objects' keys in order (numbers and strings as sent), leaving out one key of the object itself.</summary>
    private static void WriteSorted(Utf8JsonWriter writer, JsonElement value, string? skip = null)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in Sorted(value))
                {
                    if (p.Name == skip) continue;
                    writer.WritePropertyName(p.Name);
                    WriteSorted(writer, p.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray()) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    /// <summary>Reads one statement, adding every problem found to the request's list.</summary>
    private sealed class Reader(int index, List<UserError> errors, string eduIdHomePage)
    {
        private readonly string _at = $"statements[{index}]";
        private bool _failed;

        public XapiStatement? Read(JsonElement statement, Func<Guid> newId)
        {
            if (statement.ValueKind != JsonValueKind.Object)
            {
                Fail("", "A statement is a JSON object.");
                return null;
            }
            Keys(statement, "", StatementKeys, "a Statement");
            var id = Uuid(statement, "id", "", required: false);
            if (Property(statement, "version", "") is { } version && (version.ValueKind != JsonValueKind.String
                || !VersionPattern().IsMatch(version.GetString()!)))
            {
                Fail("version", "Emis takes xAPI 1.0.x statements: version is \"1.0.0\" to \"1.0.3\" when given.");
            }
            if (Property(statement, "attachments", "") is not null)
            {
                Fail("attachments", "Attachments are not supported: Emis stores no files from learning platforms (send the statement without them).",
                    NotSupported);
            }
            if (Property(statement, "authority", "") is { } authority)
            {
                if (authority.ValueKind == JsonValueKind.Object) NoNulls(authority, "authority");
                else Fail("authority", "authority is an Agent or Group object.");
            }
            if (Property(statement, "stored", "") is { } stored
                && Timestamp(stored.ValueKind == JsonValueKind.String ? stored.GetString() : null) is null)
            {
                Fail("stored", "stored is an ISO 8601 timestamp (and the LRS sets it: Emis keeps its own).");
            }

            var verb = Verb(statement);
            var voiding = verb == XapiVerbs.Voided;
            var learner = Actor(statement, voiding);
            var (activityId, voids, categoryCode) = Object(statement, voiding);
            var result = Result(statement);
            var (contextIris, categoryIris, contextCategory) = Context(statement, voiding);
            DateTimeOffset? timestamp = null;
            if (Property(statement, "timestamp", "") is { } t)
            {
                timestamp = t.ValueKind == JsonValueKind.String ? Timestamp(t.GetString()) : null;
                if (timestamp is null)
                {
                    Fail("timestamp", "timestamp is an ISO 8601 date and time, with its time zone (2025-10-01T09:30:00Z or +02:00; never -00:00).");
                }
            }
            if (_failed || verb is null) return null;
            string hash;
            try
            {
                hash = Hash(statement, timestamp);
            }
            catch (FormatException e)
            {
                // JSON leaves an object with a name twice undefined, and xAPI says a property SHOULD not occur twice: refused.
                Fail("", e.Message);
                return null;
            }
            var categoryField = categoryCode is not null ? "object.definition.extensions"
                : contextCategory is not null ? "context.extensions" : "context.contextActivities.category";
            return new XapiStatement(index, id ?? newId(), learner, verb, activityId, contextIris, categoryIris, categoryCode ?? contextCategory,
                $"{_at}.{categoryField}", result.Scaled, result.Raw, result.Min, result.Max, result.Success, result.Completion, result.Duration,
                timestamp, voids, hash);
        }

        private string? Verb(JsonElement statement)
        {
            if (Property(statement, "verb", "") is not { } verb)
            {
                Fail("verb", "verb is required: an object with the verb's IRI as id.", ErrorCodes.Required);
                return null;
            }
            if (!Object(verb, "verb")) return null;
            Keys(verb, "verb", ["id", "display"], "a Verb");
            LanguageMap(verb, "display", "verb");
            return Iri(verb, "id", "verb", required: true);
        }

        /// <summary>The learner the actor names (null for a voiding statement, whose actor is only checked).</summary>
        private LearnerIdentifier? Actor(JsonElement statement, bool voiding)
        {
            if (Property(statement, "actor", "") is not { } actor)
            {
                Fail("actor", "actor is required: the learner, as an Agent.", ErrorCodes.Required);
                return null;
            }
            if (!Object(actor, "actor")) return null;
            var type = Text(actor, "objectType", "actor");
            if (type == "Group")
            {
                Keys(actor, "actor", GroupKeys, "a Group");
                if (!voiding)
                {
                    Fail("actor", "A Group is not a learner: send one statement for each learner, each with an Agent as actor.", NotSupported);
                }
                return null;
            }
            if (type is not null and not "Agent") Fail("actor.objectType", "An actor's objectType is Agent (or Group).");
            Keys(actor, "actor", AgentKeys, "an Agent");
            Text(actor, "name", "actor");
            var given = Identifiers.Where(i => actor.TryGetProperty(i, out _)).ToList();
            if (given.Count != 1)
            {
                Fail("actor", $"An Agent is identified by exactly one of mbox, mbox_sha1sum, openid and account ({(given.Count == 0
                    ? "it gives none"
                    : $"it gives {string.Join(" and ", given)}")}).");
                return null;
            }
            LearnerIdentifier? learner = null;
            switch (given[0])
            {
                case "mbox":
                    var mbox = Text(actor, "mbox", "actor");
                    if (mbox is null || !mbox.StartsWith("mailto:", StringComparison.Ordinal) || !mbox.Contains('@', StringComparison.Ordinal)
                        || mbox.Any(char.IsWhiteSpace))
                    {
                        Fail("actor.mbox", "mbox is written mailto:name@domain.");
                        return null;
                    }
                    learner = new LearnerIdentifier(LearnerKey.AccountName, mbox["mailto:".Length..]);
                    break;
                case "mbox_sha1sum":
                    if (Text(actor, "mbox_sha1sum", "actor") is not { } sum || !Sha1Pattern().IsMatch(sum))
                    {
                        Fail("actor.mbox_sha1sum", "mbox_sha1sum is the 40 hex digits of a SHA-1 hash.");
                    }
                    else if (!voiding)
                    {
                        Fail("actor.mbox_sha1sum", Unmappable("mbox_sha1sum"), NotSupported);
                    }
                    return null;
                case "openid":
                    if (!IsIri(Text(actor, "openid", "actor"))) Fail("actor.openid", "openid is a URI.");
                    else if (!voiding) Fail("actor.openid", Unmappable("openid"), NotSupported);
                    return null;
                default:
                    learner = Account(actor, voiding);
                    break;
            }
            return voiding ? null : learner;
        }

        private LearnerIdentifier? Account(JsonElement actor, bool voiding)
        {
            var account = actor.GetProperty("account");
            if (!Object(account, "actor.account")) return null;
            Keys(account, "actor.account", ["homePage", "name"], "an Account");
            var home = Iri(account, "homePage", "actor.account", required: true);
            var name = Text(account, "name", "actor.account");
            if (name is null)
            {
                if (Property(account, "name", "actor.account") is null)
                {
                    Fail("actor.account.name", "An account's name is required.", ErrorCodes.Required);
                }
                return null;
            }
            if (name.Length == 0)
            {
                Fail("actor.account.name", "An account's name is not empty.");
                return null;
            }
            if (home is null || voiding) return null;
            if (SameHomePage(home, eduIdHomePage)) return new LearnerIdentifier(LearnerKey.EduId, name);
            if (name.Contains('@', StringComparison.Ordinal)) return new LearnerIdentifier(LearnerKey.AccountName, name);
            Fail("actor.account", $"This account is not one Emis can map to a learner: give homePage {eduIdHomePage} with the learner's EduID as " +
                "name, or the learner's account name (their user principal name) as name.", NotSupported);
            return null;
        }

        private string Unmappable(string identifier) =>
            $"Emis cannot map {identifier} to a learner: name them by account (homePage {eduIdHomePage} and their EduID as name, or their " +
            "account name as name) or by mbox (mailto: their account name).";

        /// <summary>The activity's id and content category code, or the id of the statement voided.</summary>
        private (string? Activity, Guid? Voids, string? Category) Object(JsonElement statement, bool voiding)
        {
            if (Property(statement, "object", "") is not { } target)
            {
                Fail("object", "object is required: the Activity the statement is about.", ErrorCodes.Required);
                return (null, null, null);
            }
            if (!Object(target, "object")) return (null, null, null);
            var type = Text(target, "objectType", "object");
            if (type is not null && !ObjectTypes.Contains(type, StringComparer.Ordinal))
            {
                Fail("object.objectType", $"objectType is one of {string.Join(", ", ObjectTypes)} (letter case as written).");
                return (null, null, null);
            }
            if (voiding)
            {
                if (type != "StatementRef")
                {
                    Fail("object.objectType",
                        "A voiding statement's object is a StatementRef (objectType StatementRef) naming the statement voided.");
                    return (null, null, null);
                }
                Keys(target, "object", ["objectType", "id"], "a StatementRef");
                return (null, Uuid(target, "id", "object", required: true), null);
            }
            if (type is not (null or "Activity"))
            {
                Fail("object.objectType", type == "StatementRef"
                    ? "A StatementRef object is only for voiding (verb http://adlnet.gov/expapi/verbs/voided)."
                    : $"Emis records statements about activities: an object of type {type} is not supported.", NotSupported);
                return (null, null, null);
            }
            var (id, category) = Activity(target, "object");
            return (id, null, category);
        }

        /// <summary>An Activity's id, and the content category code its definition's extension gives, if any.</summary>
        private (string? Id, string? Category) Activity(JsonElement activity, string path)
        {
            if (!Object(activity, path)) return (null, null);
            Keys(activity, path, ["objectType", "id", "definition"], "an Activity");
            if (Text(activity, "objectType", path) is { } type && type != "Activity") Fail($"{path}.objectType", "objectType is Activity here.");
            var id = Iri(activity, "id", path, required: true);
            string? category = null;
            if (Property(activity, "definition", path) is { } definition && Object(definition, $"{path}.definition"))
            {
                var at = $"{path}.definition";
                Keys(definition, at, DefinitionKeys, "an Activity Definition");
                LanguageMap(definition, "name", at);
                LanguageMap(definition, "description", at);
                Iri(definition, "type", at, required: false);
                Iri(definition, "moreInfo", at, required: false);
                if (Text(definition, "interactionType", at) is { } interaction && !InteractionTypes.Contains(interaction, StringComparer.Ordinal))
                {
                    Fail($"{at}.interactionType", $"interactionType is one of {string.Join(", ", InteractionTypes)}.");
                }
                if (Property(definition, "correctResponsesPattern", at) is { } pattern
                    && (pattern.ValueKind != JsonValueKind.Array || pattern.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String)))
                {
                    Fail($"{at}.correctResponsesPattern", "correctResponsesPattern is an array of strings.");
                }
                foreach (var list in new[] { "choices", "scale", "source", "target", "steps" }) Components(definition, list, at);
                category = Extensions(definition, at);
            }
            return (id, category);
        }

        private void Components(JsonElement definition, string name, string path)
        {
            if (Property(definition, name, path) is not { } list) return;
            if (list.ValueKind != JsonValueKind.Array)
            {
                Fail($"{path}.{name}", $"{name} is an array of interaction components.");
                return;
            }
            var i = 0;
            foreach (var component in list.EnumerateArray())
            {
                var at = $"{path}.{name}[{i++}]";
                if (!Object(component, at)) continue;
                Keys(component, at, ["id", "description"], "an interaction component");
                if (Text(component, "id", at) is null or "") Fail($"{at}.id", "An interaction component has an id.", ErrorCodes.Required);
                LanguageMap(component, "description", at);
            }
        }

        private (decimal? Scaled, decimal? Raw, decimal? Min, decimal? Max, bool? Success, bool? Completion, string? Duration) Result(
            JsonElement statement)
        {
            if (Property(statement, "result", "") is not { } result || !Object(result, "result")) return default;
            Keys(result, "result", ["score", "success", "completion", "response", "duration", "extensions"], "a Result");
            decimal? scaled = null, raw = null, min = null, max = null;
            if (Property(result, "score", "result") is { } score && Object(score, "result.score"))
            {
                Keys(score, "result.score", ["scaled", "raw", "min", "max"], "a Score");
                scaled = Number(score, "scaled", "result.score");
                raw = Number(score, "raw", "result.score");
                min = Number(score, "min", "result.score");
                max = Number(score, "max", "result.score");
                if (scaled is < -1 or > 1) Fail("result.score.scaled", $"scaled is between -1 and 1 inclusive ({scaled} given).");
                if (min is not null && max is not null && min >= max)
                {
                    Fail("result.score.max", string.Create(CultureInfo.InvariantCulture, $"max is greater than min ({max} is not above {min})."));
                }
                if (raw is not null && (raw < min || raw > max))
                {
                    Fail("result.score.raw", string.Create(CultureInfo.InvariantCulture,
                        $"raw is between min and max inclusive ({raw} is outside {min?.ToString(CultureInfo.InvariantCulture) ?? "…"} to " +
                        $"{max?.ToString(CultureInfo.InvariantCulture) ?? "…"})."));
                }
            }
            var success = Boolean(result, "success", "result");
            var completion = Boolean(result, "completion", "result");
            Text(result, "response", "result");
            var duration = Text(result, "duration", "result");
            if (duration is not null && !IsDuration(duration)) Fail("result.duration", "duration is an ISO 8601 duration (PT1H30M, PT45.5S, P1D).");
            Extensions(result, "result");
            return (scaled, raw, min, max, success, completion, duration);
        }

        /// <summary>
        /// The ids of the parent and grouping activities, of the category activities, and the category code of the context's extension.
        /// </summary>
        private (IReadOnlyList<string> Context, IReadOnlyList<string> Categories, string? Code) Context(JsonElement statement, bool voiding)
        {
            if (Property(statement, "context", "") is not { } context || !Object(context, "context")) return ([], [], null);
            Keys(context, "context", ["registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement",
                "extensions"], "a Context");
            Uuid(context, "registration", "context", required: false);
            foreach (var agent in new[] { "instructor", "team" })
            {
                if (Property(context, agent, "context") is { } who && Object(who, $"context.{agent}")) NoNulls(who, $"context.{agent}");
            }
            foreach (var text in new[] { "revision", "platform" })
            {
                if (Text(context, text, "context") is not null && voiding)
                {
                    Fail($"context.{text}", $"{text} is only for statements about an Activity (not on a voiding statement).");
                }
            }
            if (Text(context, "language", "context") is { } language && !LanguagePattern().IsMatch(language))
            {
                Fail("context.language", "language is an RFC 5646 language tag (sq, bs-Latn-BA).");
            }
            if (Property(context, "statement", "context") is { } reference && Object(reference, "context.statement"))
            {
                Keys(reference, "context.statement", ["objectType", "id"], "a StatementRef");
                if (Text(reference, "objectType", "context.statement") != "StatementRef")
                {
                    Fail("context.statement.objectType", "context.statement is a StatementRef (objectType StatementRef).");
                }
                Uuid(reference, "id", "context.statement", required: true);
            }
            var parents = new List<string>();
            var categories = new List<string>();
            if (Property(context, "contextActivities", "context") is { } activities && Object(activities, "context.contextActivities"))
            {
                Keys(activities, "context.contextActivities", ["parent", "grouping", "category", "other"], "Context Activities");
                foreach (var kind in new[] { "parent", "grouping", "category", "other" })
                {
                    if (Property(activities, kind, "context.contextActivities") is not { } value) continue;
                    var path = $"context.contextActivities.{kind}";
                    // The specification lets one activity stand alone, and the LRS keeps it as an array of one.
                    var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
                    for (var i = 0; i < items.Count; i++)
                    {
                        var (id, _) = Activity(items[i], value.ValueKind == JsonValueKind.Array ? $"{path}[{i}]" : path);
                        if (id is null) continue;
                        if (kind is "parent" or "grouping") parents.Add(id);
                        else if (kind == "category") categories.Add(id);
                    }
                }
            }
            return (parents, categories, Extensions(context, "context"));
        }

        /// <summary>Checks an extensions object (IRI keys, any values) and returns the content category code it gives, if any.</summary>
        private string? Extensions(JsonElement owner, string path)
        {
            if (Property(owner, "extensions", path) is not { } extensions || !Object(extensions, $"{path}.extensions"))
            {
                return null;
            }
            string? category = null;
            foreach (var p in extensions.EnumerateObject())
            {
                if (!IsIri(p.Name)) Fail($"{path}.extensions", $"An extension's key is an IRI ('{p.Name}' is not).");
                if (p.Name != CategoryExtension) continue;
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } code) category = code.Trim();
                else Fail($"{path}.extensions", $"{CategoryExtension} is the content category's code, a string.");
            }
            return category;
        }

        private void LanguageMap(JsonElement owner, string name, string path)
        {
            if (Property(owner, name, path) is not { } map) return;
            if (map.ValueKind != JsonValueKind.Object)
            {
                Fail($"{path}.{name}", $"{name} is a language map: {{\"en-US\": \"…\"}}.");
                return;
            }
            foreach (var p in map.EnumerateObject())
            {
                if (!LanguagePattern().IsMatch(p.Name)) Fail($"{path}.{name}", $"'{p.Name}' is not an RFC 5646 language tag.");
                if (p.Value.ValueKind != JsonValueKind.String) Fail($"{path}.{name}.{p.Name}", "A language map's values are strings.");
            }
        }

        private string? Iri(JsonElement owner, string name, string path, bool required)
        {
            var text = Text(owner, name, path);
            if (text is null)
            {
                if (required && Property(owner, name, path) is null) Fail(Join(path, name), $"{name} is required: an IRI.", ErrorCodes.Required);
                return null;
            }
            if (IsIri(text)) return text;
            Fail(Join(path, name), $"{name} is an absolute IRI with a scheme, without spaces (https://…): '{Shorten(text)}' is not.");
            return null;
        }

        private Guid? Uuid(JsonElement owner, string name, string path, bool required)
        {
            var text = Text(owner, name, path);
            if (text is null)
            {
                if (required && Property(owner, name, path) is null) Fail(Join(path, name), $"{name} is required: a UUID.", ErrorCodes.Required);
                return null;
            }
            if (IsUuid(text)) return Guid.Parse(text);
            Fail(Join(path, name), $"{name} is a UUID in standard form (8-4-4-4-12 hex digits): '{Shorten(text)}' is not.");
            return null;
        }

        private decimal? Number(JsonElement owner, string name, string path)
        {
            if (Property(owner, name, path) is not { } value) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)) return number;
            Fail(Join(path, name), value.ValueKind == JsonValueKind.Number
                ? $"{name} is a number out of range."
                : $"{name} is a JSON number (not a string, even one holding a number).");
            return null;
        }

        private bool? Boolean(JsonElement owner, string name, string path)
        {
            if (Property(owner, name, path) is not { } value) return null;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
            Fail(Join(path, name), $"{name} is true or false (a JSON boolean, not a string).");
            return null;
        }

        private string? Text(JsonElement owner, string name, string path)
        {
            if (Property(owner, name, path) is not { } value) return null;
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            Fail(Join(path, name), $"{name} is a string.");
            return null;
        }

        /// <summary>The property when present; a null value is a problem (the specification allows null only inside extensions).</summary>
        private JsonElement? Property(JsonElement owner, string name, string path)
        {
            if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(name, out var value)) return null;
            if (value.ValueKind != JsonValueKind.Null) return value;
            Fail(Join(path, name), $"{name} is null: leave a property out rather than send null.");
            return null;
        }

        /// <summary>No null anywhere inside (for the parts Emis does not read property by property).</summary>
        private void NoNulls(JsonElement value, string path)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    Fail(path, $"{Last(path)} is null: leave a property out rather than send null.");
                    break;
                case JsonValueKind.Object:
                    foreach (var p in value.EnumerateObject()) NoNulls(p.Value, Join(path, p.Name));
                    break;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in value.EnumerateArray()) NoNulls(item, $"{path}[{i++}]");
                    break;
            }
        }

        private bool Object(JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.Object) return true;
            Fail(path, $"{Last(path)} is a JSON object.");
            return false;
        }

        private void Keys(JsonElement value, string path, string[] allowed, string what)
        {
            foreach (var p in value.EnumerateObject())
            {
                if (allowed.Contains(p.Name, StringComparer.Ordinal)) continue;
                var near = allowed.FirstOrDefault(a => string.Equals(a, p.Name, StringComparison.OrdinalIgnoreCase));
                Fail(Join(path, p.Name), near is not null
                    ? $"'{p.Name}' is written '{near}' (property names are case-sensitive)."
                    : $"'{p.Name}' is not a property of {what} in xAPI 1.0.3 ({string.Join(", ", allowed)}).");
            }
        }

        private void Fail(string path, string message, string code = ErrorCodes.Invalid)
        {
            _failed = true;
            errors.Add(new UserError(code, path.Length == 0 ? _at : $"{_at}.{path}", message));
        }

        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

        private static string Last(string path) => path.Length == 0 ? "statement" : path[(path.LastIndexOf('.') + 1)..];

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
    }

    /// <summary>Home pages compared as URLs are: the scheme and host in any case, a trailing slash or not.</summary>
    public static bool SameHomePage(string given, string expected) =>
        string.Equals(given.TrimEnd('/'), expected.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(?<fraction>\.\d+)?)?(?<zone>Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    // Weeks stand alone (P4W, never P4W1D); seconds may stand without T (P16559.14S), as the specification's own examples write them.
    [GeneratedRegex(@"^P(?:\d+(?:\.\d+)?W|(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?" +
        @"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?|\d+(?:\.\d+)?S)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex("^1\\.0(\\.\\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[0-9a-fA-F]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha1Pattern();

    [GeneratedRegex("^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
