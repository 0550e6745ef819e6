using Emis.Credentials.Schools;
using Marten;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Attributes;

namespace Emis.Credentials.Accounts.ProvisionAccounts;

/// <summary>
/// Provision these accounts in the jurisdiction's Microsoft 365 tenant. Published through the outbox by the bulk issue
/// (so only once the import's transaction has committed) in chunks of <c>Graph:BatchSize</c>, on its own durable local
/// queue; re-published, delayed, for the accounts whose attempt failed for a reason that may pass. Sent with the
/// jurisdiction as the envelope's tenant. Safe to deliver twice: provisioned accounts are skipped and Graph is asked
/// before anything is created.
/// </summary>
[MessageIdentity("credentials.provision_accounts")]
public sealed record ProvisionAccounts(string Jurisdiction, IReadOnlyList<Guid> AccountIds);

public static partial class ProvisionAccountsHandler
{
    public static async Task Handle(ProvisionAccounts command, IDocumentSession session, GraphProvisioner graph, IMessageContext context,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (session.TenantId != command.Jurisdiction)
        {
            throw new InvalidOperationException("ProvisionAccounts must be sent with its jurisdiction as the tenant (DeliveryOptions.TenantId).");
        }
        var logger = loggers.CreateLogger(typeof(ProvisionAccounts).FullName!);
        var settings = graph.Settings;
        var loaded = await session.LoadManyAsync<Account>(ct, command.AccountIds.Distinct());
        // An account retired while this batch was in flight (its user possibly made by the attempt before this one): disable it.
        if (loaded.Where(a => a.State == AccountState.Retired && a.DisabledAt is null).Select(a => a.Id).ToList() is { Count: > 0 } retired
            && graph.Settings.IsConfigured)
        {
            await context.PublishAsync(new RetiringAccounts.DisableAccounts(command.Jurisdiction, retired),
                new DeliveryOptions { TenantId = command.Jurisdiction });
        }
        var accounts = loaded.Where(NeedsProvisioning).ToList();
        if (accounts.Count == 0) return;
        if (!settings.IsConfigured)
        {
            LogOff(logger, accounts.Count, command.Jurisdiction);
            return;
        }

        var schools = (await session.LoadManyAsync<CredentialsSchool>(ct, accounts.Select(a => a.SchoolId).Distinct()))
            .ToDictionary(s => s.Id, s => s.Name);
        var retry = new List<(Guid Id, int Attempt)>();
        TimeSpan? throttledFor = null;
        var provisioned = 0;
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            var result = await graph.ProvisionAsync(account, schools.GetValueOrDefault(account.SchoolId) ?? account.SchoolCode, ct);
            var outcome = Decide(account, result, settings.MaxAttempts);
            // With the version the outcome gets: the inline projection records it, and two deliveries of the same batch
            // racing on one account cannot both append (the loser's transaction fails and Wolverine retries it).
            session.Events.Append(account.Id, account.Version + 1, outcome);
            if (outcome is AccountProvisioningFailed { WillRetry: true } failed) retry.Add((account.Id, failed.Attempt));
            else if (outcome is AccountProvisioned) provisioned++;
            if (result.Throttled)
            {
                // Still throttled after the in-place retries: stop asking; the rest of the batch waits as well.
                throttledFor = result.RetryAfter ?? settings.RetryDelay;
                retry.AddRange(accounts.Skip(i + 1).Select(a => (a.Id, a.FailedAttempts + 1)));
                break;
            }
        }

        if (retry.Count > 0)
        {
            var delay = settings.RetryDelayAfter(retry.Min(r => r.Attempt));
            if (throttledFor is { } wait && wait > delay) delay = wait;
            // Scheduled through the same transaction as the outcomes: both are recorded, or neither.
            await context.ScheduleAsync(command with { AccountIds = [.. retry.Select(r => r.Id)] }, delay,
                new DeliveryOptions { TenantId = command.Jurisdiction });
        }
        LogBatch(logger, command.Jurisdiction, accounts.Count, provisioned, retry.Count);
    }

    /// <summary>Accounts still to provision: issued, or failed with a retry pending.</summary>
    public static bool NeedsProvisioning(Account account) =>
        account.State == AccountState.Issued || (account.State == AccountState.Failed && account.WillRetry);

    /// <summary>The event an attempt's result comes to: provisioned, or failed (retried while attempts remain and it may pass).</summary>
    public static object Decide(Account account, ProvisioningResult result, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded) return new AccountProvisioned(account.PersonId, result.GraphUserId!, result.GraphSchoolId);
        var attempt = account.FailedAttempts + 1;
        return new AccountProvisioningFailed(
            account.PersonId, result.Failure ?? "unknown failure", attempt, result.Transient && attempt < maxAttempts);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Provisioning is off (Emis:Credentials:Graph is not configured): {Count} accounts in {Jurisdiction} stay ISSUED")]
    private static partial void LogOff(ILogger logger, int count, string jurisdiction);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Provisioned {Provisioned} of {Count} accounts in {Jurisdiction}; {Retrying} will be retried")]
    private static partial void LogBatch(ILogger logger, string jurisdiction, int count, int provisioned, int retrying);
}
