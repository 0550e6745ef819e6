using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace Emis.Credentials.Accounts.GettingAccounts;

internal static class AccountQueryFields
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<AccountGraphType, Account>>>("accounts")
            .Description("Accounts (EduIDs, account names and their Microsoft 365 provisioning) in your scope.")
            .Argument<AccountFilterGraphType>("filter")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var filter = c.GetArgument<AccountFilterInput?>("filter")?.ToFilter() ?? new AccountFilter();
                var queries = c.RequestServices!.GetService(typeof(AccountQueries)) as AccountQueries
                    ?? throw new InvalidOperationException("AccountQueries is not registered.");
                return await queries.AccountsAsync(c.Caller(), filter, Cursor.OffsetAfter(c.GetArgument<string?>("after")),
                    Cursor.PageSize(c.GetArgument<int?>("first")), c.CancellationToken);
            });
    }
}
