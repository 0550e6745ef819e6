using System.Globalization;
using System.Text.Json.Nodes;
using Emis.Budget.Accounts;
using Marten;
using static Emis.Budget.Tests.BudgetRequests;

namespace Emis.Budget.Tests;

/// <summary>
/// Random sequences of plans, amendments, commitments, payments and reversals (each accepted or refused by the module itself): every
/// figure equals a brute-force sum over the stored events, as of now and as of earlier sequences; and no entry left an account with less
/// than nothing available unless it carries an override.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BudgetPropertyTests(EmisHostFixture host)
{
    private sealed record Account(object Holder, string Key, string Line, string Source);

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task every_figure_is_the_sum_of_the_events_cut_at_its_sequence(int seed)
    {
        var random = new Random(seed);
        var j = new Jurisdiction();
        var a = await host.SchoolAsync(j, $"P-{seed}-A", "Bihać");
        var b = await host.SchoolAsync(j, $"P-{seed}-B", "Cazin");
        await host.ChartAsync(j.Admin);
        Account[] accounts =
        [
            new(School(a), $"P-{seed}-A", "613", "MIN"), new(School(a), $"P-{seed}-A", "611", "MIN"), new(School(b), $"P-{seed}-B", "613", "EU"),
            new(Municipality("Bihać"), "Bihać", "613", "MUN"), new(Central, "central", "821-ICT", "MIN"),
        ];
        var planned = new HashSet<int>();
        var commitments = new List<string>();
        var entries = new List<string>();
        var snapshots = new List<(long Sequence, string Rows)>();
        var (accepted, refused) = (0, 0);
        decimal Amount(int max) => random.Next(1, max * 100) / 100m;
        string Day() => new DateOnly(2026, 1, 10).AddDays(random.Next(0, 300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string? Override() => random.Next(4) == 0 ? "Approved by the minister's decision" : null;

        for (var step = 0; step < 70; step++)
        {
            var i = random.Next(accounts.Length);
            var account = accounts[i];
            JsonObject payload;
            switch (random.Next(7))
            {
                case 0 when !planned.Contains(i):
                    payload = await host.MutateAsync(j.Admin, Approve, Plan((account.Holder, account.Line, account.Source, Amount(30_000))),
                        "approveBudget");
                    if (payload["errors"]!.AsArray().Count == 0) planned.Add(i);
                    break;
                case 1:
                    var other = accounts[(i + 1 + random.Next(accounts.Length - 1)) % accounts.Length];
                    var moved = Amount(5_000);
                    var kind = random.Next(3);
                    object[] changes = kind switch
                    {
                        0 => [Change(account, -moved), Change(other, moved)],
                        1 => [Change(account, moved)],
                        _ => [Change(account, -moved)],
                    };
                    payload = await host.MutateAsync(j.Admin, Amend, new
                    {
                        input = new
                        {
                            fiscalYear = FiscalYear,
                            kind = kind switch { 0 => "REBALANCE", 1 => "SUPPLEMENTARY", _ => "REDUCTION" },
                            act = $"Act {step}",
                            reason = "property",
                            currency = "BAM",
                            changes,
                            on = Day(),
                            overrideReason = Override(),
                        },
                    }, "amendBudget");
                    break;
                case 2 or 3:
                    payload = await host.MutateAsync(j.Admin, Commit, Commitment(account.Holder, account.Line, account.Source, $"PO-{step}",
                        Amount(8_000),
                        Day(), Override()), "recordCommitment");
                    if (payload["errors"]!.AsArray().Count == 0) commitments.Add(EntryId(payload));
                    break;
                case 4 when commitments.Count > 0:
                    payload = await host.MutateAsync(j.Admin, Pay, Payment($"PN-{step}", Amount(4_000), commitments[random.Next(commitments.Count)],
                        on: Day()), "recordPayment");
                    break;
                case 5:
                    payload = await host.MutateAsync(j.Admin, Pay, Payment($"PN-{step}", Amount(3_000), holder: account.Holder, line: account.Line,
                        source: account.Source, on: Day(), overrideReason: Override()), "recordPayment");
                    break;
                case 6 when entries.Count > 0:
                    var target = entries[random.Next(entries.Count)];
                    payload = await host.MutateAsync(j.Admin, Reverse, Reversal(target, random.Next(2) == 0 ? null : Amount(2_000), Override(),
                        Day()),
                        "reverseEntry");
                    break;
                default:
                    continue;
            }
            if (payload["errors"]!.AsArray().Count > 0)
            {
                refused++;
                continue;
            }
            accepted++;
            entries.AddRange(payload["entryIds"]!.AsArray().Select(e => e!.GetValue<string>()));
            if (step % 9 == 0)
            {
                var figures = await host.FiguresAsync(j.Admin, ["SCHOOL", "LINE", "SOURCE"]);
                snapshots.Add((figures["sequence"]!.GetValue<long>(), figures["rows"]!.ToJsonString()));
            }
        }
        Assert.True(accepted > 25 && refused > 0, $"accepted {accepted}, refused {refused}: the sequence should exercise both");

        List<JasperFx.Events.IEvent> events;
        await using (var session = host.Service<IDocumentStore>().QuerySession(j.Id))
        {
            events = [.. (await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync()).Where(e => e.Data is BudgetAccountOpened
                or BudgetPlanned or BudgetAmended or CommitmentRecorded or PaymentRecorded or EntryReversed)];
        }
        var now = await host.FiguresAsync(j.Admin, ["SCHOOL", "LINE", "SOURCE"]);
        Assert.Equal(BruteForce(events, long.MaxValue), Rows(now));
        foreach (var (sequence, rows) in snapshots)
        {
            var then = await host.FiguresAsync(j.Admin, ["SCHOOL", "LINE", "SOURCE"], seq: sequence);
            Assert.Equal(rows, then["rows"]!.ToJsonString());
            Assert.Equal(BruteForce(events, sequence), Rows(then));
        }

        // Walking each account's entries in order: whenever one lowered what was available below zero, it carries an override.
        var available = new Dictionary<Guid, decimal>();
        foreach (var e in events)
        {
            var (account, delta, overridden) = e.Data switch
            {
                BudgetPlanned p => (p.AccountId, p.Amount, false),
                BudgetAmended m => (m.AccountId, m.Amount, m.Override is not null),
                CommitmentRecorded c => (c.AccountId, -c.Amount, c.Override is not null),
                PaymentRecorded p => (p.AccountId, p.CommitmentId is null ? -p.Amount : 0m, p.Override is not null),
                EntryReversed r => (r.AccountId, r.Kind == EntryKind.Commitment || r.CommitmentId is null ? -r.Amount : 0m, r.Override is not null),
                _ => (Guid.Empty, 0m, false),
            };
            if (account == Guid.Empty) continue;
            var after = available.GetValueOrDefault(account) + delta;
            if (delta < 0 && after < 0) Assert.True(overridden, $"event {e.Sequence} left {after} available without an override");
            available[account] = after;
        }
    }

    private static object Change(Account account, decimal amount) => new
    {
        holder = account.Holder,
        line = account.Line,
        source = account.Source,
        amount
    };

    /// <summary>The figures' rows as comparable strings: where, line, source, and the sums.</summary>
    private static List<string> Rows(JsonObject figures) => [.. figures["rows"]!.AsArray().Select(r => string.Join('|',
        r!["schoolCode"]?.GetValue<string>() ?? r["municipality"]?.GetValue<string>() ?? "central", r["line"]!.GetValue<string>(),
        r["source"]!.GetValue<string>(), Fmt(Money(r, "planned")), Fmt(Money(r, "amended")), Fmt(Money(r, "committed")), Fmt(Money(r, "spent")),
        Fmt(Money(r, "outstanding")), Fmt(Money(r, "available")))).Order(StringComparer.Ordinal)];

    /// <summary>The same rows summed by hand from the events with a sequence up to <paramref name="cut"/>.</summary>
    private static List<string> BruteForce(List<JasperFx.Events.IEvent> events, long cut)
    {
        var accounts = new Dictionary<Guid, BudgetAccountOpened>();
        var sums = new Dictionary<Guid, decimal[]>();
        foreach (var e in events.Where(e => e.Sequence <= cut))
        {
            if (e.Data is BudgetAccountOpened o)
            {
                accounts[o.AccountId] = o;
                sums[o.AccountId] = new decimal[5];
                continue;
            }
            void Add(Guid account, int slot, decimal amount) => sums[account][slot] += amount;
            switch (e.Data)
            {
                case BudgetPlanned p: Add(p.AccountId, 0, p.Amount); break;
                case BudgetAmended m: Add(m.AccountId, 1, m.Amount); break;
                case CommitmentRecorded c: Add(c.AccountId, 2, c.Amount); break;
                case PaymentRecorded p:
                    Add(p.AccountId, 3, p.Amount);
                    if (p.CommitmentId is not null) Add(p.AccountId, 4, p.Amount);
                    break;
                case EntryReversed r:
                    Add(r.AccountId, r.Kind == EntryKind.Commitment ? 2 : 3, r.Amount);
                    if (r.Kind == EntryKind.Payment && r.CommitmentId is not null) Add(r.AccountId, 4, r.Amount);
                    break;
            }
        }
        return [.. sums.Select(s =>
        {
            var o = accounts[s.Key];
            var v = s.Value;
            var budget = v[0] + v[1];
            return string.Join('|', o.Holder.SchoolCode ?? o.Holder.Municipality ?? "central", o.Line, o.Source, Fmt(v[0]), Fmt(v[1]), Fmt(v[2]),
                Fmt(v[3]), Fmt(v[2] - v[4]), Fmt(budget - v[2] - (v[3] - v[4])));
        }).Order(StringComparer.Ordinal)];
    }

    private static string Fmt(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
