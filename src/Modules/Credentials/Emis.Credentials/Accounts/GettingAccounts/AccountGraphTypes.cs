using Emis.Credentials.Contracts;
using Emis.Credentials.Identity;
using Emis.Platform.GraphQL;
using GraphQL.Types;

namespace Emis.Credentials.Accounts.GettingAccounts;

public sealed class AccountStateGraphType : EnumerationGraphType<AccountState>
{
    public AccountStateGraphType() => Name = "AccountState";
}

public sealed class AccountKindGraphType : EnumerationGraphType<PersonKind>
{
    public AccountKindGraphType() => Name = "AccountKind";
}

/// <summary>
/// A person's account. The EduID, account name and names are null for callers who may not see personal data (analysts
/// and partners without the grant): an EduID identifies a person as surely as a name.
/// </summary>
public sealed class AccountGraphType : ObjectGraphType<Account>
{
    public AccountGraphType()
    {
        Name = "Account";
        Field(x => x.Id, type: typeof(NonNullGraphType<IdGraphType>)).Description("The account's id (its stream's id).");
        Field(x => x.PersonId, type: typeof(NonNullGraphType<IdGraphType>)).Description("The person's id (learner or staff member).");
        Field(x => x.Kind, type: typeof(NonNullGraphType<AccountKindGraphType>));
        Personal("eduId", x => EduId.Grouped(x.EduId), "The EduID, grouped as 1234 5678 9012.");
        Personal("username", x => x.Username, "The account name (userPrincipalName in Microsoft 365).");
        Personal("firstName", x => x.FirstName);
        Personal("lastName", x => x.LastName);
        Field(x => x.SchoolId, type: typeof(NonNullGraphType<IdGraphType>));
        Field(x => x.SchoolCode);
        Field(x => x.SchoolYear);
        Field(x => x.Grade, nullable: true);
        Field(x => x.State, type: typeof(NonNullGraphType<AccountStateGraphType>));
        Field(x => x.GraphUserId, nullable: true).Description("The user's object id in Microsoft 365, once provisioned.");
        Field(x => x.FailureReason, nullable: true).Description("Why the last provisioning (or, once RETIRED, disabling) attempt failed.");
        Field(x => x.RetiredAt, nullable: true)
            .Description("When the account was RETIRED (its person's import reverted); its EduID is never reissued.");
        Field(x => x.DisabledAt, nullable: true).Description("When its user in Microsoft 365 was disabled after retirement.");
        Field(x => x.FailedAttempts);
        Field(x => x.WillRetry).Description("Whether a failed account has another attempt scheduled.");
        Field(x => x.IssuedAt);
        Field(x => x.UpdatedAt);
        Field(x => x.Version);
        Field<NonNullGraphType<BooleanGraphType>>("pseudonymised").Description("True when personal data is withheld from you.")
            .Resolve(c => !c.Caller().SeesPersonalData);
    }

    private void Personal(string name, Func<Account, string> value, string? description = null) =>
        Field<StringGraphType>(name).Description(description).Resolve(c => c.Caller().SeesPersonalData ? value(c.Source) : null);
}

public sealed class AccountFilterInput
{
    public string? SchoolCode { get; set; }
    public AccountState? State { get; set; }

    public AccountFilter ToFilter() => new(SchoolCode, State);
}

public sealed class AccountFilterGraphType : InputObjectGraphType<AccountFilterInput>
{
    public AccountFilterGraphType()
    {
        Name = "AccountFilter";
        Field(x => x.SchoolCode, nullable: true);
        Field(x => x.State, type: typeof(AccountStateGraphType));
    }
}
