using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace Emis.Registry.Schools.WatchingSchools;

internal static class SchoolChangedSubscription
{
    public static void Add(ObjectGraphType subscription) =>
        subscription.LiveFeedField<SchoolChangeGraphType, SchoolChange>("schoolChanged", (context, caller) =>
            {
                var municipality = context.GetArgument<string?>("municipality");
                return change => caller.CanSeeSchool(change.School.Municipality, change.School.Code)
                    && (municipality is null || change.School.Municipality == municipality);
            })
            .Description("Every change to a school in your scope, as it is committed. Optionally only one municipality's.")
            .Argument<StringGraphType>("municipality");
}
