using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Features.AuditTrail;

public sealed class AuditTrailEntityFields : IEntityFields
{
    public void AddTo<T>(ObjectGraphType<T> type, Func<T, Guid> id)
    {
        ArgumentNullException.ThrowIfNull(type);
        type.Field<AuditEventConnectionGraphType>("auditTrail")
            .Description("Every event of this entity, oldest first, with who, when, why and what changed.")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<AuditTrail>().HistoryAsync(c.Caller(), id(c.Source),
                Cursor.PageSize(c.GetArgument<int?>("first")), SequenceCursor.Parse(c.GetArgument<string?>("after")), c.CancellationToken));
    }
}
