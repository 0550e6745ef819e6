using Emis.Credentials.Accounts.ProvisionAccounts;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Emis.Credentials.Accounts.RetiringAccounts;

/// <summary>
/// Disable the Microsoft 365 users of these retired accounts (their people's import was reverted, adr/0026). Published
/// through the outbox by <see cref="IssueAccounts.AccountLedger.RetireAsync"/>, once at once and once later (a user made by
/// a provisioning attempt in flight at the retirement is found by the second); re-published, delayed, for the accounts
/// whose attempt failed for a reason that may pass. Safe to deliver twice: disabled accounts are skipped, and disabling a
/// disabled user changes nothing.
/// </summary>
/// <param name="Attempt">1 for the first attempt of these accounts, and so on.</param>
[MessageIdentity("credentials.disable_accounts")]
public sealed record DisableAccounts(string Jurisdiction, IReadOnlyList<Guid> AccountIds, int Attempt = 1);

public static partial class DisableAccountsHandler
{
    /// <summary>A pass that fails outside Graph (an account changed meanwhile, the database away) is tried again.</summary>
    public static void Configure(HandlerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    public static async Task Handle(DisableAccounts command, IDocumentSession session, GraphProvisioner graph, IMessageContext context,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (session.TenantId != command.Jurisdiction)
        {
            throw new InvalidOperationException("DisableAccounts must be sent with its jurisdiction as the tenant (DeliveryOptions.TenantId).");
        }
        var settings = graph.Settings;
        var accounts = (await session.LoadManyAsync<Account>(ct, command.AccountIds.Distinct()))
            .Where(a => a.State == AccountState.Retired && a.DisabledAt is null).ToList();
        if (accounts.Count == 0 || !settings.IsConfigured) return;

        var retry = new List<Guid>();
        var disabled = 0;
        foreach (var account in accounts)
        {
            var result = await graph.DisableAsync(account, ct);
            if (result.Succeeded)
            {
                session.Events.Append(account.Id, account.Version + 1, new AccountDisabled(account.PersonId, result.GraphUserId!));
                disabled++;
            }
            else if (result.Failure is { } failure)
            {
                var again = result.Transient && command.Attempt < settings.MaxAttempts;
                session.Events.Append(account.Id, account.Version + 1, new AccountDisablingFailed(account.PersonId, failure, command.Attempt, again));
                if (again) retry.Add(account.Id);
            }
            // Neither: Microsoft 365 has no such user (yet); the later pass looks again.
        }
        if (retry.Count > 0)
        {
            await context.ScheduleAsync(command with { AccountIds = retry, Attempt = command.Attempt + 1 }, settings.RetryDelayAfter(command.Attempt),
                new DeliveryOptions { TenantId = command.Jurisdiction });
        }
        LogBatch(loggers.CreateLogger(typeof(DisableAccounts).FullName!), command.Jurisdiction, accounts.Count, disabled, retry.Count);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Disabled {Disabled} of {Count} retired accounts' users in {Jurisdiction}; {Retrying} will be retried")]
    private static partial void LogBatch(ILogger logger, string jurisdiction, int count, int disabled, int retrying);
}
