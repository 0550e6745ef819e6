using System.Text;
using System.Text.Json;
using Emis.Credentials.Accounts;
using Emis.Credentials.Accounts.ExportingSds;
using Emis.Credentials.Accounts.IssueAccounts;
using Emis.Credentials.Accounts.ProvisionAccounts;
using Emis.Credentials.Accounts.RetiringAccounts;
using Emis.Credentials.Contracts;
using Emis.Credentials.Identity;
using Emis.Credentials.Schools;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using Wolverine.Marten;

namespace Emis.Credentials.Tests;

/// <summary>Helpers to issue accounts the way the learner import does, and to wait for provisioning.</summary>
internal static class CredentialsHelpers
{
    public const string Year = "2025/2026";

    public sealed record School(Guid Id, string Code, string Name, string Municipality);

    /// <summary>Registers a school in the Registry, waits (a tracked session) until its event has reached the other modules,
    /// and returns Credentials' copy of it.</summary>
    public static async Task<School> CredentialsSchoolAsync(this EmisHostFixture host, Jurisdiction j, string code, string municipality,
        string? name = null)
    {
        var school = await host.TrackedAsync(() => host.RegisterAsync(j.Admin, code, name ?? "School " + code, municipality));
        var id = Guid.Parse(school.Id());
        await using var session = host.Service<IDocumentStore>().QuerySession(j.Id);
        var known = await session.LoadAsync<CredentialsSchool>(id) ?? throw new Xunit.Sdk.XunitException($"Credentials never heard of school {code}");
        return new School(id, known.Code, known.Name, known.Municipality);
    }

    /// <summary>New accounts with identifiers picked as the import picks them (LoadIssuedAsync, then in memory).</summary>
    public static async Task<List<NewAccount>> NewAccountsAsync(this EmisHostFixture host, string jurisdiction, School school,
        IEnumerable<(string First, string Last)> names, int? grade = 3, PersonKind kind = PersonKind.Learner, IReadOnlyList<Guid>? ids = null)
    {
        var issued = await host.Service<IAccountLedger>().LoadIssuedAsync(jurisdiction, CancellationToken.None);
        return [.. names.Select((n, i) => new NewAccount(ids?[i] ?? Guid.NewGuid(), kind, issued.NextEduId(),
            issued.NextUsername(n.First, "Ilir", n.Last), n.First, n.Last, school.Id, school.Code, Year, grade))];
    }

    public static IEnumerable<(string, string)> Names(int count, string prefix = "Arben") =>
        Enumerable.Range(1, count).Select(i => ($"{prefix}{(char)('a' + i % 26)}", $"Krasniqi{(char)('a' + i / 26)}{(char)('a' + i % 26)}"));

    /// <summary>Opens a bulk write as an import does (with the outbox), issues the accounts, and commits it unless told not to.</summary>
    public static async Task IssueAsync(this EmisHostFixture host, string jurisdiction, IReadOnlyList<NewAccount> accounts, bool commit = true)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
        await using var write = await BulkWrite.BeginAsync(host.Service<IDocumentStore>(), host.Service<NpgsqlDataSource>(),
            new CommandContext(jurisdiction, "test-import", Sources.Import, "import-" + Guid.NewGuid().ToString("N")), outbox,
                CancellationToken.None);
        await host.Service<IAccountLedger>().IssueAsync(write, accounts, CancellationToken.None);
        if (commit) await write.CommitAsync(CancellationToken.None);
    }

    /// <summary>The accounts of these people.</summary>
    public static async Task<IReadOnlyList<Account>> AccountsAsync(this EmisHostFixture host, string jurisdiction, IEnumerable<Guid> personIds)
    {
        await using var session = host.Service<IDocumentStore>().QuerySession(jurisdiction);
        return [.. await session.LoadManyAsync<Account>(personIds.Select(Account.StreamIdOf).ToArray())];
    }

    /// <summary>
    /// Issues the accounts (as <see cref="IssueAsync"/>) in a tracked session that ends once provisioning has run out:
    /// every <see cref="ProvisionAccounts"/> the write sent has been handled, and every retry it scheduled too.
    /// </summary>
    public static Task IssueAndProvisionAsync(this EmisHostFixture host, string jurisdiction, IReadOnlyList<NewAccount> accounts) =>
        host.TrackedAsync(() => host.IssueAsync(jurisdiction, accounts), Handled.AllOf<ProvisionAccounts>());

    /// <summary>The accounts of these people, every one of which satisfies the condition (fails the test otherwise).</summary>
    public static async Task<IReadOnlyList<Account>> AccountsWhereAsync(this EmisHostFixture host, string jurisdiction, IReadOnlyCollection<Guid> ids,
        Func<Account, bool> done)
    {
        var accounts = await host.AccountsAsync(jurisdiction, ids);
        if (accounts.Count != ids.Count || !accounts.All(done))
        {
            throw new Xunit.Sdk.XunitException(
                "Accounts never got there: " + string.Join(", ", accounts.Select(a => $"{a.State}/{a.FailureReason}")));
        }
        return accounts;
    }

    public static async Task<long> IdentifierCountAsync(this EmisHostFixture host, string jurisdiction)
    {
        await using var connection = await host.Service<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select count(*) from emis.cred_identifiers where tenant_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jurisdiction });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<long> StreamCountAsync(this EmisHostFixture host, string jurisdiction, IEnumerable<Guid> ids)
    {
        await using var session = host.Service<IDocumentStore>().QuerySession(jurisdiction);
        long count = 0;
        foreach (var id in ids) count += await session.Events.FetchStreamStateAsync(Account.StreamIdOf(id)) is null ? 0 : 1;
        return count;
    }
}

[Collection(CredentialsCollection.Name)]
public sealed class CredentialsProvisioningTests(CredentialsHostFixture host)
{
    private FakeGraph Graph => host.Graph;

    [Fact]
    public async Task issued_accounts_are_provisioned_in_microsoft_365_only_after_the_write_commits()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "PR-01", "Prizren", "Shkolla \"Lidhja e Prizrenit\"");
        var accounts = await host.NewAccountsAsync(
            j.Id, school, [("Ëlira", "Çeku"), ("Đorđe", "Šćekić"), ("Ayşe", "Yıldız"), ("Arben", "Krasniqi"), ("Ana Marija", "O'Neil")]);

        // Tracked: returns once the provisioning the commit set off has been handled.
        await host.TrackedAsync(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<IMartenOutbox>();
            await using var write = await BulkWrite.BeginAsync(host.Service<IDocumentStore>(), host.Service<NpgsqlDataSource>(),
                new CommandContext(j.Id, "test-import", Sources.Import, "import-1"), outbox, CancellationToken.None);
            await host.Service<IAccountLedger>().IssueAsync(write, accounts, CancellationToken.None);
            // Nothing leaves before the commit: the messages wait in the outbox of this very transaction.
            Assert.All(accounts, a => Assert.False(Graph.Users.ContainsKey(a.Username)));
            await write.CommitAsync(CancellationToken.None);
        }, Handled.AllOf<ProvisionAccounts>());

        var provisioned = await host.AccountsWhereAsync(j.Id, [.. accounts.Select(a => a.PersonId)], a => a.State == AccountState.Provisioned);
        Assert.Empty(Graph.Problems);
        var graphSchool = Assert.Single(Graph.Schools.Values, s => s.ExternalId == "PR-01");
        Assert.Equal(school.Name, graphSchool.DisplayName);
        foreach (var account in accounts)
        {
            var user = Graph.Users[account.Username];
            Assert.Equal(1, Graph.Creations[account.Username]);
            Assert.Equal($"{account.FirstName} {account.LastName}", user.DisplayName);
            Assert.Contains(user.Id, graphSchool.Members.Keys);
            Assert.Equal("XK", user.UsageLocation);
            Assert.Equal([FakeGraph.StudentSku], user.Licences.Keys);
            var read = provisioned.Single(a => a.PersonId == account.PersonId);
            Assert.Equal(user.Id, read.GraphUserId);
            Assert.Equal(graphSchool.Id, read.GraphSchoolId);
            Assert.Equal(2, read.Version);
        }
        Assert.Contains("elira.ceku@", accounts[0].Username, StringComparison.Ordinal);

        // The account's history is its own event stream.
        await using var session = host.Service<IDocumentStore>().QuerySession(j.Id);
        var events = await session.Events.FetchStreamAsync(Account.StreamIdOf(accounts[0].PersonId));
        Assert.Equal(["credentials.account_issued", "credentials.account_provisioned"], events.Select(e => e.EventTypeName));
        Assert.Equal("import", events[0].Headers!["source"].ToString());
    }

    /// <summary>Issue 21, part 5 (adr/0026): a reverted learner import's accounts are retired and their users disabled.</summary>
    [Fact]
    public async Task reverting_an_import_retires_its_accounts_and_disables_their_microsoft_365_users_without_reissuing_anything()
    {
        var j = new Jurisdiction();
        await host.CredentialsSchoolAsync(j, "RV-01", "Prizren");
        var csv = "Mbiemri;Emri;Emri i prindit;Datëlindja;Gjinia;Shkolla;Klasa\n" +
                  "Morina;Vesa;Luan;09.09.2016;F;RV-01;3\nShala;Gent;Arta;10.10.2015;M;RV-01;4\nKrasniqi;Ardit;Ilir;01.02.2014;M;RV-01;5\n";
        var report = await host.TrackedAsync(() => host.ImportCsvAsync(j.Admin, csv), Handled.AllOf<ProvisionAccounts>());
        var people = report["results"]!.AsArray().Select(r => Guid.Parse(r!["learner"]!["learnerId"]!.GetValue<string>())).ToList();
        var provisioned = await host.AccountsWhereAsync(j.Id, people, a => a.State == AccountState.Provisioned);
        var issued = await host.IdentifierCountAsync(j.Id);
        // Graph refuses to touch one of the users: that account says why, the others are disabled.
        var refused = provisioned.Single(a => a.PersonId == people[2]);
        Graph.Fail(refused.Username, 403);

        await host.TrackedAsync(async () =>
        {
            var asked = await host.RevertImportAsync(j.Admin, report["importId"]!.GetValue<string>(), "imported into the wrong school year");
            Assert.Empty(asked["errors"]!.AsArray());
            await host.RevertedImportAsync(j.Admin, report["importId"]!.GetValue<string>());
        }, Handled.AllOf<DisableAccounts>());

        var retired = await host.AccountsWhereAsync(j.Id, people, a => a.State == AccountState.Retired);
        foreach (var account in retired.Where(a => a.PersonId != refused.PersonId))
        {
            Assert.NotNull(account.DisabledAt);
            Assert.False(Graph.Users[account.Username].AccountEnabled);
            Assert.Equal(1, Graph.Creations[account.Username]);
        }
        var failed = retired.Single(a => a.PersonId == refused.PersonId);
        Assert.Null(failed.DisabledAt);
        Assert.StartsWith("Microsoft Graph answered 403", failed.FailureReason, StringComparison.Ordinal);
        Assert.True(Graph.Users[refused.Username].AccountEnabled);

        // A provisioning message delivered late creates and changes nothing for a retired account; no identifier is freed.
        await host.TrackedAsync(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(
                new ProvisionAccounts(j.Id, [.. people.Select(Account.StreamIdOf)]), new DeliveryOptions { TenantId = j.Id });
        }, Handled.AllOf<ProvisionAccounts>());
        Assert.All(await host.AccountsAsync(j.Id, people), a => Assert.Equal(AccountState.Retired, a.State));
        Assert.All(provisioned, a => Assert.Equal(1, Graph.Creations[a.Username]));
        Assert.Equal(issued, await host.IdentifierCountAsync(j.Id));
        Graph.Heal(refused.Username);

        await using var session = host.Service<IDocumentStore>().QuerySession(j.Id);
        var events = await session.Events.FetchStreamAsync(Account.StreamIdOf(people[0]));
        Assert.Equal(["credentials.account_issued", "credentials.account_provisioned", "credentials.account_retired", "credentials.account_disabled"],
            events.Select(e => e.EventTypeName));
    }

    [Fact]
    public async Task staff_get_the_teacher_licence_and_learners_the_student_licence_even_over_a_user_made_by_hand()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "PR-02", "Prizren");
        var staff = await host.NewAccountsAsync(j.Id, school, [("Merita", "Gashi"), ("Dëshira", "Çelik")], grade: null, kind: PersonKind.Staff);
        var learners = await host.NewAccountsAsync(j.Id, school, [("Arta", "Berisha")]);
        Graph.Seed(staff[1].Username, "Dëshira Çelik");

        await host.IssueAndProvisionAsync(j.Id, [.. staff, .. learners]);

        await host.AccountsWhereAsync(j.Id, [.. staff.Concat(learners).Select(a => a.PersonId)], a => a.State == AccountState.Provisioned);
        Assert.Empty(Graph.Problems);
        Assert.All(staff, a => Assert.Equal([FakeGraph.TeacherSku], Graph.Users[a.Username].Licences.Keys));
        Assert.Equal([FakeGraph.StudentSku], Graph.Users[learners[0].Username].Licences.Keys);
        Assert.Equal("XK", Graph.Users[staff[1].Username].UsageLocation);
    }

    [Fact]
    public async Task a_rolled_back_write_provisions_nothing_and_leaves_nothing()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "RB-01", "Cazin");
        var rolledBack = await host.NewAccountsAsync(j.Id, school, CredentialsHelpers.Names(3, "Rolled"));
        await host.IssueAsync(j.Id, rolledBack, commit: false);

        // A committed write afterwards goes through the same queue: once it is provisioned, the first had its chance.
        var committed = await host.NewAccountsAsync(j.Id, school, [("Kept", "Account")]);
        await host.IssueAndProvisionAsync(j.Id, committed);
        await host.AccountsWhereAsync(j.Id, [committed[0].PersonId], a => a.State == AccountState.Provisioned);

        Assert.All(rolledBack, a => Assert.False(Graph.Users.ContainsKey(a.Username)));
        Assert.Empty(await host.AccountsAsync(j.Id, rolledBack.Select(a => a.PersonId)));
        Assert.Equal(0, await host.StreamCountAsync(j.Id, rolledBack.Select(a => a.PersonId)));
        Assert.Equal(2, await host.IdentifierCountAsync(j.Id));
        var issued = await host.Service<IAccountLedger>().LoadIssuedAsync(j.Id, CancellationToken.None);
        Assert.Equal(1, issued.Count);
        Assert.Null(issued.Of(rolledBack[0].PersonId));
    }

    [Fact]
    public async Task a_throttled_graph_still_ends_with_every_account_provisioned_exactly_once()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "TH-01", "Bihać");
        var accounts = await host.NewAccountsAsync(j.Id, school, CredentialsHelpers.Names(6, "Throttled"));
        var throttledBefore = Graph.ThrottledCount;
        Graph.ThrottleNext(5);

        await host.IssueAndProvisionAsync(j.Id, accounts);

        var provisioned = await host.AccountsWhereAsync(j.Id, [.. accounts.Select(a => a.PersonId)], a => a.State == AccountState.Provisioned);
        Assert.True(Graph.ThrottledCount - throttledBefore >= 5, $"only {Graph.ThrottledCount - throttledBefore} requests were throttled");
        Assert.All(accounts, a => Assert.Equal(1, Graph.Creations[a.Username]));
        Assert.All(provisioned, a => Assert.Equal(Graph.Users[a.Username].Id, a.GraphUserId));
        Assert.Empty(Graph.Problems);
    }

    [Fact]
    public async Task a_refused_user_is_recorded_failed_a_server_error_is_retried_and_the_others_are_provisioned()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "FL-01", "Velika Kladuša");
        var accounts = await host.NewAccountsAsync(
            j.Id, school, [("Refused", "Learner"), ("Retried", "Learner"), ("Fine", "Learner"), ("Also", "Fine")]);
        var (refused, retried) = (accounts[0], accounts[1]);
        Graph.Fail(refused.Username, 400);
        Graph.Fail(retried.Username, 500);

        // Tracked until the batch has been handled once; the retry it schedules for the server error is not waited for here.
        await host.TrackedAsync(() => host.IssueAsync(j.Id, accounts));

        var ids = accounts.Select(a => a.PersonId).ToList();
        var settled = await host.AccountsWhereAsync(j.Id, ids, a => a.State != AccountState.Issued);
        var first = settled.Single(a => a.PersonId == refused.PersonId);
        Assert.Equal(AccountState.Failed, first.State);
        Assert.False(first.WillRetry);
        Assert.Contains("400", first.FailureReason, StringComparison.Ordinal);
        var second = settled.Single(a => a.PersonId == retried.PersonId);
        Assert.Equal(AccountState.Failed, second.State);
        Assert.True(second.WillRetry);
        Assert.Equal(1, second.FailedAttempts);
        Assert.All(settled.Where(a => a.PersonId != refused.PersonId && a.PersonId != retried.PersonId), a => Assert.Equal(
            AccountState.Provisioned, a.State));

        // The server recovers: the scheduled retry provisions the account; the refused one is left alone.
        await host.TrackedAsync(() =>
        {
            Graph.Heal(retried.Username);
            return Task.CompletedTask;
        }, Handled.Times<ProvisionAccounts>(1, p => p.AccountIds.Contains(Account.StreamIdOf(retried.PersonId))));
        var recovered = await host.AccountsWhereAsync(j.Id, [retried.PersonId], a => a.State == AccountState.Provisioned);
        Assert.Equal(1, recovered[0].FailedAttempts);
        Assert.False(Graph.Users.ContainsKey(refused.Username));
        Assert.Equal(1, Graph.Creations[retried.Username]);

        await using var session = host.Service<IDocumentStore>().QuerySession(j.Id);
        var events = await session.Events.FetchStreamAsync(Account.StreamIdOf(retried.PersonId));
        var failure = Assert.IsType<AccountProvisioningFailed>(events[1].Data);
        Assert.True(failure.WillRetry);
        Assert.Equal(1, failure.Attempt);

        // Failures are logged with account ids only: never a name or an account name.
        Assert.Contains(host.Logs.Lines, l => l.Contains(Account.StreamIdOf(refused.PersonId).ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("Refused", StringComparison.OrdinalIgnoreCase)
            || l.Contains(refused.Username, StringComparison.OrdinalIgnoreCase) || l.Contains(refused.EduId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task running_provisioning_twice_or_over_a_user_made_by_hand_creates_no_duplicate()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "DU-01", "Cazin");
        var accounts = await host.NewAccountsAsync(j.Id, school, [("Twice", "Run"), ("By", "Hand")]);
        var byHand = Graph.Seed(accounts[1].Username, "By Hand");

        await host.IssueAndProvisionAsync(j.Id, accounts);
        var ids = accounts.Select(a => a.PersonId).ToList();
        await host.AccountsWhereAsync(j.Id, ids, a => a.State == AccountState.Provisioned);

        // Delivered again (a redelivery, or an operator re-queueing a batch): nothing is created, nothing is appended.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeForTenantAsync(j.Id,
                new ProvisionAccounts(j.Id, [.. ids.Select(Account.StreamIdOf)]));
        }
        var after = await host.AccountsAsync(j.Id, ids);
        Assert.All(after, a => Assert.Equal(2, a.Version));
        Assert.Equal(1, Graph.Creations[accounts[0].Username]);
        Assert.False(Graph.Creations.ContainsKey(accounts[1].Username));
        Assert.Equal(byHand.Id, after.Single(a => a.PersonId == accounts[1].PersonId).GraphUserId);
        Assert.Contains(byHand.Id, Graph.Schools.Values.Single(s => s.ExternalId == "DU-01").Members.Keys);
        Assert.Empty(Graph.Problems);
    }

    [Fact]
    public async Task an_identifier_already_issued_fails_the_whole_write_and_leaves_nothing()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "UQ-01", "Prizren");
        var first = await host.NewAccountsAsync(j.Id, school, [("Arben", "Krasniqi")]);
        await host.IssueAndProvisionAsync(j.Id, first);

        // Same EduID for someone else (an import that picked identifiers before the first one committed).
        var clash = await host.NewAccountsAsync(j.Id, school, [("Other", "Person"), ("Innocent", "Bystander")]);
        clash[0] = clash[0] with { EduId = first[0].EduId };
        var error = await Assert.ThrowsAsync<PostgresException>(() => host.IssueAsync(j.Id, clash));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);

        // Same account name, from two imports at once: the second waits for the first and fails when it commits.
        var a = await host.NewAccountsAsync(j.Id, school, [("Same", "Name")]);
        var b = await host.NewAccountsAsync(j.Id, school, [("Same", "Name")]);
        Assert.Equal(a[0].Username, b[0].Username);
        await host.TrackedAsync(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var store = host.Service<IDocumentStore>();
            var data = host.Service<NpgsqlDataSource>();
            var ledger = host.Service<IAccountLedger>();
            await using var one = await BulkWrite.BeginAsync(store, data, new CommandContext(j.Id, "import-a", Sources.Import, "a"),
                scope.ServiceProvider.GetRequiredService<IMartenOutbox>(), CancellationToken.None);
            await using var two = await BulkWrite.BeginAsync(store, data, new CommandContext(j.Id, "import-b", Sources.Import, "b"),
                null, CancellationToken.None);
            await ledger.IssueAsync(one, a, CancellationToken.None);
            var second = ledger.IssueAsync(two, b, CancellationToken.None);
            await one.CommitAsync(CancellationToken.None);
            var concurrent = await Assert.ThrowsAsync<PostgresException>(() => second);
            Assert.Equal(PostgresErrorCodes.UniqueViolation, concurrent.SqlState);
        }, Handled.AllOf<ProvisionAccounts>());

        var left = clash.Concat(b).Select(x => x.PersonId).ToList();
        Assert.Empty(await host.AccountsAsync(j.Id, left));
        Assert.Equal(0, await host.StreamCountAsync(j.Id, left));
        Assert.Equal(4, await host.IdentifierCountAsync(j.Id));
        await host.AccountsWhereAsync(j.Id, [first[0].PersonId, a[0].PersonId], x => x.State == AccountState.Provisioned);
        Assert.False(Graph.Users.ContainsKey(clash[1].Username));
        Assert.Equal(1, Graph.Creations[a[0].Username]);
    }

    [Fact]
    public async Task the_document_the_bulk_issue_writes_equals_what_the_inline_projection_builds()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "PJ-01", "Cazin");
        var accounts = await host.NewAccountsAsync(j.Id, school, [("Bulk", "Written")]);
        await host.IssueAsync(j.Id, accounts);
        var id = Account.StreamIdOf(accounts[0].PersonId);

        var store = host.Service<IDocumentStore>();
        await using var session = store.LightweightSession(j.Id);
        var stored = await session.LoadAsync<Account>(id);
        // The projection run over the stored events (the same code the inline projection runs on an append).
        var built = await session.Events.AggregateStreamAsync<Account>(id, version: 1);
        Assert.NotNull(stored);
        Assert.NotNull(built);
        Assert.Equal(JsonSerializer.Serialize(built), JsonSerializer.Serialize(stored));

        // And appended through a session, so that the inline projection itself writes the document.
        var other = Guid.NewGuid();
        var issued = AccountLedger.Issued(accounts[0]) with { PersonId = other };
        session.Events.StartStream<Account>(Account.StreamIdOf(other), issued);
        await session.SaveChangesAsync();
        var inline = await session.LoadAsync<Account>(Account.StreamIdOf(other));
        Assert.NotNull(inline);
        Assert.Equal(other, inline.PersonId);
        inline.Id = id;
        inline.PersonId = stored.PersonId;
        inline.IssuedAt = stored.IssuedAt;
        inline.UpdatedAt = stored.UpdatedAt;
        Assert.Equal(JsonSerializer.Serialize(stored), JsonSerializer.Serialize(inline));
    }

    [Fact]
    public async Task the_identifiers_already_issued_come_back_with_the_jurisdictions_domain()
    {
        var j = new Jurisdiction(CredentialsHostFixture.ConfiguredJurisdiction + "-" + Guid.NewGuid().ToString("N")[..6]);
        var configured = new Jurisdiction(CredentialsHostFixture.ConfiguredJurisdiction);
        Assert.Equal(CredentialsHostFixture.ConfiguredDomain,
            (await host.Service<IAccountLedger>().LoadIssuedAsync(configured.Id, CancellationToken.None)).Domain);

        var school = await host.CredentialsSchoolAsync(j, "ID-01", "Prizren");
        var accounts = await host.NewAccountsAsync(j.Id, school, CredentialsHelpers.Names(3, "Issued"));
        Assert.All(accounts, a => Assert.EndsWith($"@{j.Id}.emis.example", a.Username, StringComparison.Ordinal));
        await host.IssueAsync(j.Id, accounts);

        var issued = await host.Service<IAccountLedger>().LoadIssuedAsync(j.Id, CancellationToken.None);
        Assert.Equal(3, issued.Count);
        Assert.All(accounts, a => Assert.Equal(new PersonIdentity(a.PersonId, a.EduId, a.Username), issued.Of(a.PersonId)));
        // The next pick skips what is taken.
        Assert.NotEqual(accounts[0].Username, issued.NextUsername(accounts[0].FirstName, null, accounts[0].LastName));
    }

    [Fact]
    public async Task a_bad_account_is_refused_before_anything_is_written()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "BA-01", "Prizren");
        var accounts = await host.NewAccountsAsync(j.Id, school, [("Good", "One"), ("Bad", "Domain")]);
        accounts[1] = accounts[1] with { Username = "bad.domain@elsewhere.example" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.IssueAsync(j.Id, accounts));
        Assert.Contains("Account 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bad.domain", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await host.IdentifierCountAsync(j.Id));
    }
}

/// <summary>The School Data Sync export and the accounts query, on the host that provisions to a fake Graph.</summary>
[Collection(CredentialsCollection.Name)]
public sealed class CredentialsExportAndQueryTests(CredentialsHostFixture host)
{
    [Fact]
    public async Task the_sds_export_lists_every_account_with_its_school_role_and_class_section_learners_and_teachers()
    {
        var j = new Jurisdiction();
        var north = await host.CredentialsSchoolAsync(j, "SDS-N", "Cazin", "Škola \"Sjever\", Cazin");
        var south = await host.CredentialsSchoolAsync(j, "SDS-S", "Bihać");
        async Task<Guid> Learner(CredentialsHelpers.School school, string first, string last, int grade, string section) =>
            Guid.Parse((await host.LearnerAsync(
                j.Admin, LearnerRequests.NewLearner(school.Id.ToString(), grade, section, first: first, last: last))).Id());
        var inNorth3A = new[] { await Learner(north, "Ana-Marija", "O'Neil", 3, "A"), await Learner(north, "Đorđe", "Šćekić", 3, "A") };
        var inNorth3B = await Learner(north, "Ëlira", "Çeku", 3, "B");
        var inSouth = await Learner(south, "Arben", "Krasniqi", 9, "A");
        var learners = await host.NewAccountsAsync(j.Id, north, [("Ana, Marija", "O\"Neil"), ("Đorđe", "Šćekić")], ids: inNorth3A);
        learners.AddRange(await host.NewAccountsAsync(j.Id, north, [("Ëlira", "Çeku")], ids: [inNorth3B]));
        learners.AddRange(await host.NewAccountsAsync(j.Id, south, [("Arben", "Krasniqi")], grade: 9, ids: [inSouth]));

        // A teacher of 3A (two subjects) and 3B at the north school and, half time, the south school's director; a pedagogue.
        var mira = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(north.Id.ToString(), fte: 0.5m), first: "Mira")))
            .Id();
        await host.AssignAsync(j.Admin, mira, north.Id.ToString(), 3, "A", "Mathematics");
        await host.AssignAsync(j.Admin, mira, north.Id.ToString(), 3, "A", "Art");
        await host.AssignAsync(j.Admin, mira, north.Id.ToString(), 3, "B", "Mathematics");
        LearnerRequests.Ok(await host.MutateAsync(j.Admin, StaffRequests.StartContract, new
        {
            input = new { staffId = mira, contract = StaffRequests.Contract(south.Id.ToString(), role: "DIRECTOR", fte: 0.5m) },
        }, "startContract"));
        var sead = (await host.StaffAsync(j.Admin, StaffRequests.NewStaff(StaffRequests.Contract(south.Id.ToString(), role: "PEDAGOGUE"),
            first: "Sead", sex: "MALE"))).Id();
        var staff = await host.NewAccountsAsync(j.Id, north, [("Mira", "Gashi")], grade: null, kind: PersonKind.Staff, ids: [Guid.Parse(mira)]);
        staff.AddRange(await host.NewAccountsAsync(j.Id, south, [("Sead", "Gashi")], grade: null, kind: PersonKind.Staff, ids: [Guid.Parse(sead)]));
        await host.IssueAsync(j.Id, [.. learners, .. staff]);

        var directory = Path.Combine(Path.GetTempPath(), "emis-sds-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await host.Service<SdsExport>().WriteAsync(j.Id, directory, CancellationToken.None);
            Assert.Equal(6, result.Users);

            var users = Csv.Read(Path.Combine(directory, "users.csv"));
            Assert.Equal(SdsExport.UsersHeader, users.Header);
            Assert.Equal(6, users.Rows.Count);
            foreach (var account in learners.Concat(staff))
            {
                var row = Assert.Single(users.Rows, r => r["sourcedId"] == account.EduId);
                Assert.Equal(account.Username, row["username"]);
                Assert.Equal(account.FirstName, row["givenName"]);
                Assert.Equal(account.LastName, row["familyName"]);
            }
            var raw = await File.ReadAllTextAsync(Path.Combine(directory, "users.csv"), Encoding.UTF8);
            Assert.Contains("\"Ana, Marija\",\"O\"\"Neil\"", raw, StringComparison.Ordinal);

            var orgs = Csv.Read(Path.Combine(directory, "orgs.csv"));
            Assert.Equal(SdsExport.OrgsHeader, orgs.Header);
            Assert.Equal("ministryOfEducation", Assert.Single(orgs.Rows, r => r["sourcedId"] == j.Id)["type"]);
            var cazin = Assert.Single(orgs.Rows, r => r["name"] == "Cazin");
            Assert.Equal(("municipality", j.Id), (cazin["type"], cazin["parentSourcedId"]));
            var northOrg = Assert.Single(orgs.Rows, r => r["sourcedId"] == "SDS-N");
            Assert.Equal(
                ("Škola \"Sjever\", Cazin", "school", cazin["sourcedId"]), (northOrg["name"], northOrg["type"], northOrg["parentSourcedId"]));

            var sessions = Csv.Read(Path.Combine(directory, "academicSessions.csv"));
            Assert.Equal(SdsExport.AcademicSessionsHeader, sessions.Header);
            var year = Assert.Single(sessions.Rows);
            Assert.Equal(("SY2025-2026", "schoolYear", "2026", "2025-09-01", "2026-08-31"),
                (year["sourcedId"], year["type"], year["schoolYear"], year["startDate"], year["endDate"]));

            var roles = Csv.Read(Path.Combine(directory, "roles.csv"));
            Assert.Equal(SdsExport.RolesHeader, roles.Header);
            Assert.Equal(7, roles.Rows.Count);
            var elira = Assert.Single(roles.Rows, r => r["userSourcedId"] == learners[2].EduId);
            Assert.Equal(
                ("SDS-N", "student", "SY2025-2026", "03"), (elira["orgSourcedId"], elira["role"], elira["sessionSourcedId"], elira["grade"]));
            var miraRoles = roles.Rows.Where(r => r["userSourcedId"] == staff[0].EduId).OrderBy(r => r["orgSourcedId"]).ToList();
            Assert.Equal([("SDS-N", "teacher", "true"), ("SDS-S", "principal", "false")],
                miraRoles.Select(r => (r["orgSourcedId"], r["role"], r["isPrimary"])));
            Assert.Equal(("SDS-S", "counselor"), Assert.Single(roles.Rows, r => r["userSourcedId"] == staff[1].EduId) is var s
                ? (s["orgSourcedId"], s["role"]) : default);

            var classes = Csv.Read(Path.Combine(directory, "classes.csv"));
            Assert.Equal(SdsExport.ClassesHeader, classes.Header);
            Assert.Equal(["SDS-N|2025/2026|03|A", "SDS-N|2025/2026|03|B", "SDS-S|2025/2026|09|A"], classes.Rows.Select(c => c["sourcedId"]));
            Assert.Contains("3A (2025/2026)", classes.Rows[0]["title"], StringComparison.Ordinal);
            var enrollments = Csv.Read(Path.Combine(directory, "enrollments.csv"));
            Assert.Equal(SdsExport.EnrollmentsHeader, enrollments.Header);
            Assert.Equal(6, enrollments.Rows.Count);
            foreach (var learner in learners)
            {
                var enrollment = Assert.Single(enrollments.Rows, r => r["userSourcedId"] == learner.EduId);
                Assert.Equal("student", enrollment["role"]);
                var @class = Assert.Single(classes.Rows, c => c["sourcedId"] == enrollment["classSourcedId"]);
                Assert.Equal((learner.SchoolCode, "SY2025-2026"), (@class["orgSourcedId"], @class["sessionSourcedIds"]));
            }
            Assert.Equal(enrollments.Rows.Single(r => r["userSourcedId"] == learners[0].EduId)["classSourcedId"],
                enrollments.Rows.Single(r => r["userSourcedId"] == learners[1].EduId)["classSourcedId"]);
            Assert.Equal([("SDS-N|2025/2026|03|A", "teacher"), ("SDS-N|2025/2026|03|B", "teacher")], enrollments.Rows
                .Where(r => r["userSourcedId"] == staff[0].EduId).Select(r => (r["classSourcedId"], r["role"])));
            Assert.DoesNotContain(enrollments.Rows, r => r["userSourcedId"] == staff[1].EduId);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private const string AccountsQuery = """
        query($filter: AccountFilter, $first: Int, $after: String) {
          accounts(filter: $filter, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor }
            edges { node { id personId kind eduId username firstName lastName schoolCode schoolYear grade state pseudonymised } }
          }
        }
        """;

    [Fact]
    public async Task accounts_are_listed_in_the_callers_scope_and_without_personal_data_for_analysts()
    {
        var j = new Jurisdiction();
        var cazin = await host.CredentialsSchoolAsync(j, "Q-CA", "Cazin");
        var bihac = await host.CredentialsSchoolAsync(j, "Q-BI", "Bihać");
        var inCazin = await host.NewAccountsAsync(j.Id, cazin, CredentialsHelpers.Names(3, "Cazinka"));
        var inBihac = await host.NewAccountsAsync(j.Id, bihac, CredentialsHelpers.Names(2, "Bihacka"));
        await host.IssueAndProvisionAsync(j.Id, [.. inCazin, .. inBihac]);
        await host.AccountsWhereAsync(j.Id, [.. inCazin.Concat(inBihac).Select(a => a.PersonId)], a => a.State == AccountState.Provisioned);

        async Task<System.Text.Json.Nodes.JsonObject> Accounts(
            Platform.Auth.Caller caller, object? filter = null, int? first = null, string? after = null) =>
            (await host.DataAsync(caller, AccountsQuery, new { filter, first, after }))["accounts"]!.AsObject();

        Assert.Equal(5, (await Accounts(j.Admin))["totalCount"]!.GetValue<int>());
        Assert.Equal(3, (await Accounts(j.Officer("Cazin")))["totalCount"]!.GetValue<int>());
        var school = await Accounts(j.SchoolAdmin("q-bi"));
        Assert.Equal(2, school["totalCount"]!.GetValue<int>());
        Assert.All(school["edges"]!.AsArray(), e => Assert.Equal("Q-BI", e!["node"]!["schoolCode"]!.GetValue<string>()));
        Assert.Equal(0, (await Accounts(j.Teacher("Q-BI")))["totalCount"]!.GetValue<int>());
        Assert.Equal(3, (await Accounts(j.Admin, new { schoolCode = "Q-CA", state = "PROVISIONED" }))["totalCount"]!.GetValue<int>());
        Assert.Equal(0, (await Accounts(j.Admin, new { state = "FAILED" }))["totalCount"]!.GetValue<int>());

        var page = await Accounts(j.Admin, first: 2);
        Assert.True(page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        var rest = await Accounts(j.Admin, first: 10, after: page["pageInfo"]!["endCursor"]!.GetValue<string>());
        Assert.Equal(3, rest["edges"]!.AsArray().Count);

        var named = (await Accounts(j.Admin, new { schoolCode = "Q-BI" }))["edges"]![0]!["node"]!;
        var account = inBihac.Single(a => a.PersonId.ToString() == named["personId"]!.GetValue<string>());
        Assert.Equal(Account.StreamIdOf(account.PersonId).ToString(), named["id"]!.GetValue<string>());
        Assert.Equal(account.Username, named["username"]!.GetValue<string>());
        Assert.Equal(EduId.Grouped(account.EduId), named["eduId"]!.GetValue<string>());
        Assert.Equal("PROVISIONED", named["state"]!.GetValue<string>());

        foreach (var caller in new[] { j.Analyst, j.Partner })
        {
            var hidden = await Accounts(caller);
            Assert.Equal(5, hidden["totalCount"]!.GetValue<int>());
            Assert.All(hidden["edges"]!.AsArray(), e =>
            {
                var node = e!["node"]!;
                Assert.Null(node["eduId"]);
                Assert.Null(node["username"]);
                Assert.Null(node["firstName"]);
                Assert.Null(node["lastName"]);
                Assert.True(node["pseudonymised"]!.GetValue<bool>());
            });
        }
        var granted = j.Analyst with { GrantedRights = [Platform.Auth.Grants.PersonalData] };
        Assert.NotNull((await Accounts(granted))["edges"]![0]!["node"]!["username"]);
    }
}

/// <summary>Without Microsoft Graph configured, accounts are issued and stay ISSUED; a log line says why.</summary>
[Collection(PlainHostCollection.Name)]
public sealed class CredentialsWithoutGraphTests(EmisHostFixture host)
{
    [Fact]
    public async Task without_graph_configured_accounts_stay_issued_and_a_log_line_says_so()
    {
        var j = new Jurisdiction();
        var school = await host.CredentialsSchoolAsync(j, "OFF-01", "Cazin");
        var accounts = await host.NewAccountsAsync(j.Id, school, [("Offline", "Learner")]);
        await host.IssueAsync(j.Id, accounts);

        var account = Assert.Single(await host.AccountsAsync(j.Id, [accounts[0].PersonId]));
        Assert.Equal(AccountState.Issued, account.State);
        Assert.Contains(host.Logs.Lines, l => l.Contains("Microsoft Graph is not configured", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(accounts[0].Username, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>A small RFC 4180 reader for the export tests (quotes, doubled quotes, commas inside quotes).</summary>
internal static class Csv
{
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows);

    public static Table Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "SDS files carry no byte-order mark");
        var lines = ParseRecords(Encoding.UTF8.GetString(bytes));
        var header = lines[0];
        return new Table(header, [.. lines.Skip(1).Select(r =>
        {
            Assert.Equal(header.Count, r.Count);
            return (IReadOnlyDictionary<string, string>)header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        })]);
    }

    private static List<List<string>> ParseRecords(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString()); field.Clear();
                records.Add(record); record = [];
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || record.Count > 0) { record.Add(field.ToString()); records.Add(record); }
        return records;
    }
}
