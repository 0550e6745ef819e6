using Emis.Platform.Auth;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Platform.GraphQL;

public static class LiveFeedFields
{
    /// <summary>
    /// A subscription field streaming a <see cref="LiveFeed{T}"/> (registered as a singleton): each subscriber sees the
    /// changes of its own jurisdiction that its filter lets through. <paramref name="filter"/> is called once per
    /// subscription with the field's context and the caller, and returns the test for each change (scope and arguments).
    /// </summary>
    public static FieldBuilder<object?, T> LiveFeedField<TGraphType, T>(this ObjectGraphType subscription, string name,
        Func<IResolveFieldContext, Caller, Func<T, bool>> filter)
        where TGraphType : IGraphType
        where T : ILiveChange =>
        subscription.Field<NonNullGraphType<TGraphType>, T>(name).ResolveStream(context =>
        {
            var caller = context.Caller();
            var admits = filter(context, caller);
            return context.RequestServices!.GetRequiredService<LiveFeed<T>>()
                .Where(change => change.Jurisdiction == caller.Jurisdiction && admits(change));
        });
}
