using Emis.Credentials.Contracts;
using Emis.Platform.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Emis.Credentials.Accounts;

/// <summary>
/// A person's account (stream id <see cref="StreamIdOf"/> the person's id): their EduID, account name, school and where
/// provisioning stands. Kept inline by <see cref="AccountProjection"/> for appends through a session; the bulk path
/// (<see cref="IssueAccounts.AccountLedger"/>) stores the document the projection's <see cref="AccountProjection.Create"/>
/// builds from the same event, because events written by <c>BulkWrite</c> bypass inline projections.
/// </summary>
public sealed class Account
{
    private static readonly Guid StreamNamespace = new("0f6a3c52-96d1-4c8e-b0a4-5c2f7e9d1a38");

    /// <summary>
    /// The account's stream (and document) id, derived from the person's: never the person's id itself, which is already
    /// the id of the person's own stream in the module that registered them (stream ids share one space per jurisdiction).
    /// </summary>
    public static Guid StreamIdOf(Guid personId) => NameBasedGuid.Create(StreamNamespace, personId.ToString("N"));

    /// <summary>The account's id: <see cref="StreamIdOf"/> the person's.</summary>
    public Guid Id { get; set; }

    /// <summary>The person (learner or staff member) the account belongs to.</summary>
    public Guid PersonId { get; set; }

    public PersonKind Kind { get; set; }
    public string EduId { get; set; } = "";
    public string Username { get; set; } = "";
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public Guid SchoolId { get; set; }
    public string SchoolCode { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public int? Grade { get; set; }
    public AccountState State { get; set; }
    public string? GraphUserId { get; set; }
    public string? GraphSchoolId { get; set; }

    /// <summary>Why the last attempt failed (null unless <see cref="State"/> is Failed).</summary>
    public string? FailureReason { get; set; }

    /// <summary>Failed provisioning attempts so far.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Whether a failed account has another attempt scheduled.</summary>
    public bool WillRetry { get; set; }

    /// <summary>When the account was retired (its person's registration undone), if it was.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>When its user in Microsoft 365 was disabled after retirement, if it was.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public string DisplayName => $"{FirstName} {LastName}";

    /// <summary>Never personal data in a log line.</summary>
    public override string ToString() => $"Account {{ Id = {Id}, State = {State} }}";

}

public sealed class AccountProjection : SingleStreamProjection<Account, Guid>
{
    // Time and version come from the event, never the clock: a rebuild, and the bulk path, reproduce the same document.
    public static Account Create(IEvent<AccountIssued> e)
    {
        var d = e.Data;
        return new Account
        {
            Id = Account.StreamIdOf(d.PersonId),
            PersonId = d.PersonId,
            Kind = d.Kind,
            EduId = d.EduId,
            Username = d.Username,
            FirstName = d.FirstName,
            LastName = d.LastName,
            SchoolId = d.SchoolId,
            SchoolCode = d.SchoolCode,
            SchoolYear = d.SchoolYear,
            Grade = d.Grade,
            State = AccountState.Issued,
            IssuedAt = e.Timestamp,
            UpdatedAt = e.Timestamp,
            Version = e.Version,
        };
    }

    public static void Apply(IEvent<AccountProvisioned> e, Account account)
    {
        // A retired account stays retired; the user found or made is recorded so that it can be disabled.
        if (account.State != AccountState.Retired) account.State = AccountState.Provisioned;
        account.GraphUserId = e.Data.GraphUserId;
        account.GraphSchoolId = e.Data.GraphSchoolId;
        account.FailureReason = null;
        account.WillRetry = false;
        Touch(e, account);
    }

    public static void Apply(IEvent<AccountProvisioningFailed> e, Account account)
    {
        // A late failure report never undoes a success (two deliveries of the same batch can race).
        if (account.State is not (AccountState.Provisioned or AccountState.Retired))
        {
            account.State = AccountState.Failed;
            account.FailureReason = e.Data.Reason;
            account.WillRetry = e.Data.WillRetry;
        }
        account.FailedAttempts = Math.Max(account.FailedAttempts, e.Data.Attempt);
        Touch(e, account);
    }

    public static void Apply(IEvent<AccountRetired> e, Account account)
    {
        account.State = AccountState.Retired;
        account.RetiredAt = e.Timestamp;
        account.WillRetry = false;
        Touch(e, account);
    }

    public static void Apply(IEvent<AccountDisabled> e, Account account)
    {
        account.GraphUserId = e.Data.GraphUserId;
        account.DisabledAt = e.Timestamp;
        account.FailureReason = null;
        Touch(e, account);
    }

    public static void Apply(IEvent<AccountDisablingFailed> e, Account account)
    {
        account.FailureReason = e.Data.Reason;
        account.WillRetry = e.Data.WillRetry;
        Touch(e, account);
    }

    private static void Touch(IEvent e, Account account)
    {
        account.UpdatedAt = e.Timestamp;
        account.Version = e.Version;
    }
}
