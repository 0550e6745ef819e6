using Emis.Platform.GraphQL;
using Emis.Registry.Schools.GettingSchools;
using GraphQL.Types;

namespace Emis.Registry.Schools.WatchingSchools;

/// <summary>A change pushed to subscribers: what happened and the school as it is now.</summary>
public sealed record SchoolChange(string Jurisdiction, string Change, SchoolView School) : ILiveChange;

public sealed class SchoolChangeGraphType : ObjectGraphType<SchoolChange>
{
    public SchoolChangeGraphType()
    {
        Name = "SchoolChange";
        Field(x => x.Change).Description("registered, renamed, moved, status_changed or languages_set");
        Field(x => x.School, type: typeof(NonNullGraphType<SchoolGraphType>));
    }
}
