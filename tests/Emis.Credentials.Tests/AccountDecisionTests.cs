using Emis.Credentials.Accounts;
using Emis.Credentials.Accounts.ExportingSds;
using Emis.Credentials.Accounts.IssueAccounts;
using Emis.Credentials.Accounts.ProvisionAccounts;
using Emis.Credentials.Contracts;

namespace Emis.Credentials.Tests;

/// <summary>Credentials' decisions without a database: provisioning outcomes, account names, SDS fields, passwords.</summary>
public sealed class AccountDecisionTests
{
    private static Account Issued(int failedAttempts = 0) => new()
    {
        Id = Guid.NewGuid(),
        PersonId = Guid.NewGuid(),
        State = failedAttempts == 0 ? AccountState.Issued : AccountState.Failed,
        FailedAttempts = failedAttempts,
        WillRetry = true,
    };

    [Fact]
    public void a_successful_attempt_is_recorded_as_provisioned()
    {
        var account = Issued();
        var outcome = Assert.IsType<AccountProvisioned>(ProvisionAccountsHandler.Decide(account, ProvisioningResult.Success("u-1", "s-1"), 5));
        Assert.Equal((account.PersonId, "u-1", "s-1"), (outcome.PersonId, outcome.GraphUserId, outcome.GraphSchoolId));
    }

    [Fact]
    public void a_transient_failure_is_retried_until_the_attempts_run_out_and_a_refusal_never()
    {
        var transient = new ProvisioningResult(null, null, "Microsoft Graph answered 503", true, TimeSpan.FromSeconds(2), 503);
        var refusal = new ProvisioningResult(null, null, "Microsoft Graph answered 400 Request_BadRequest", false, null, 400);

        var first = Assert.IsType<AccountProvisioningFailed>(ProvisionAccountsHandler.Decide(Issued(), transient, 3));
        Assert.Equal((1, true), (first.Attempt, first.WillRetry));
        var last = Assert.IsType<AccountProvisioningFailed>(ProvisionAccountsHandler.Decide(Issued(failedAttempts: 2), transient, 3));
        Assert.Equal((3, false), (last.Attempt, last.WillRetry));
        Assert.False(Assert.IsType<AccountProvisioningFailed>(ProvisionAccountsHandler.Decide(Issued(), refusal, 3)).WillRetry);
    }

    [Fact]
    public void provisioned_accounts_and_final_failures_are_not_provisioned_again()
    {
        Assert.True(ProvisionAccountsHandler.NeedsProvisioning(Issued()));
        Assert.True(ProvisionAccountsHandler.NeedsProvisioning(Issued(failedAttempts: 1)));
        Assert.False(ProvisionAccountsHandler.NeedsProvisioning(new Account { State = AccountState.Provisioned }));
        Assert.False(ProvisionAccountsHandler.NeedsProvisioning(new Account { State = AccountState.Failed, WillRetry = false }));
    }

    [Fact]
    public void events_and_documents_print_no_personal_data()
    {
        var issued = new AccountIssued(Guid.NewGuid(), PersonKind.Learner, "123456789012", "elira.ceku@x.example", Guid.NewGuid(), "P-1",
            "2025/2026", 3, "Ëlira", "Çeku");
        var text = issued + " " + new Account { FirstName = "Ëlira", Username = "elira.ceku@x.example" };
        Assert.DoesNotContain("Ëlira", text, StringComparison.Ordinal);
        Assert.DoesNotContain("elira", text, StringComparison.Ordinal);
        Assert.DoesNotContain("123456789012", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Ana, Marija", "\"Ana, Marija\"")]
    [InlineData("O\"Neil", "\"O\"\"Neil\"")]
    [InlineData("two\r\nlines", "two lines")]
    [InlineData(" padded", "\" padded\"")]
    public void csv_values_are_quoted_as_rfc_4180_says_and_never_span_lines(string value, string written) =>
        Assert.Equal(written, SdsCsv.Field(value));

    [Fact]
    public void account_names_must_be_lower_case_ascii_in_the_jurisdictions_domain()
    {
        Assert.True(AccountLedger.IsAccountName("elira.c.ceku2@una-sana.emis.example", "una-sana.emis.example"));
        Assert.True(AccountLedger.IsAccountName("ana-marija.o-neil@d.example", "d.example"));
        Assert.False(AccountLedger.IsAccountName("Elira.ceku@d.example", "d.example"));
        Assert.False(AccountLedger.IsAccountName("ëlira.ceku@d.example", "d.example"));
        Assert.False(AccountLedger.IsAccountName("elira.ceku@other.example", "d.example"));
        Assert.False(AccountLedger.IsAccountName(".ceku@d.example", "d.example"));
    }

    [Fact]
    public void initial_passwords_are_random_and_meet_the_complexity_rules()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => GraphProvisioner.InitialPassword()).ToList();
        Assert.Equal(50, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.Equal(16, p.Length);
            Assert.Contains(p, char.IsUpper);
            Assert.Contains(p, char.IsLower);
            Assert.Contains(p, char.IsDigit);
            Assert.Contains(p, c => !char.IsLetterOrDigit(c));
        });
    }
}
