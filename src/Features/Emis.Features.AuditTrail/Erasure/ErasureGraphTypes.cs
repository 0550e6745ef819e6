using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Features.AuditTrail.Erasure;

public sealed class ErasureBasisGraphType : EnumerationGraphType<ErasureBasis>
{
    public ErasureBasisGraphType() => Name = "ErasureBasis";
}

public sealed class ErasePersonInputGraphType : InputObjectGraphType<ErasePersonInput>
{
    public ErasePersonInputGraphType()
    {
        Name = "ErasePersonInput";
        Field(x => x.PersonId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The learner's or member of staff's id.");
        Field(x => x.Basis, type: typeof(NonNullGraphType<ErasureBasisGraphType>))
            .Description("RETENTION_ENDED (refused while any module must still keep the person) or COURT_ORDER.");
        Field(x => x.Reference, nullable: true).Description("The legal reference: the retention rule applied, or the order's number.");
    }
}

public sealed class PersonErasedGraphType : ObjectGraphType<PersonErased>
{
    public PersonErasedGraphType()
    {
        Name = "PersonErased";
        Field(x => x.PersonId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.Basis, type: typeof(NonNullGraphType<ErasureBasisGraphType>));
        Field(x => x.Reference);
        Field(x => x.Holders).Description("The modules that held data about the person.");
        Field(x => x.Keyed).Description("Whether the person's events were encrypted; false for events written before encryption (kept in clear).");
    }
}

public sealed class ErasePersonPayloadGraphType : ObjectGraphType<ErasePersonPayload>
{
    public ErasePersonPayloadGraphType()
    {
        Name = "ErasePersonPayload";
        Field(x => x.Erasure, type: typeof(PersonErasedGraphType));
        Field(x => x.Errors, type: typeof(NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorGraphType>>>));
    }
}
