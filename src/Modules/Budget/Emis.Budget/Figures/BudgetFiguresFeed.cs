using Emis.Budget.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Microsoft.Extensions.Logging;

namespace Emis.Budget.Figures;

/// <summary>Live budget figures for this node's GraphQL subscribers (<see cref="LiveFigures"/>): recomputed when money moves.</summary>
public sealed class BudgetFiguresFeed(BudgetFiguresQueries queries, Platform.EventLog.FigureSequences sequences, ILogger<BudgetFiguresFeed> logger)
{
    private readonly LiveFigures _live = new(logger);

    public void Changed(string jurisdiction) => _live.Changed(jurisdiction);

    public IObservable<BudgetFiguresAnswer> Watch(Caller caller, int fiscalYear, IReadOnlyList<BudgetDimension> groupBy, BudgetFiguresFilter filter,
        string? schoolYear) =>
        _live.Watch(caller.Jurisdiction, async () => await queries.FiguresAsync(caller, fiscalYear, groupBy, filter, schoolYear, null,
                await sequences.ResolveAsync(caller.Jurisdiction, null, null, CancellationToken.None), CancellationToken.None)
                ?? new BudgetFiguresAnswer(fiscalYear, "", null, 0, schoolYear ?? "", 0, []),
            (last, next) => last.Rows.SequenceEqual(next.Rows) && last.Currency == next.Currency);
}

/// <summary>Money moved (committed: the message arrives on a durable local queue): live budget figures of the jurisdiction are recomputed.</summary>
public static class BudgetFiguresChangedHandler
{
    public static void Handle(BudgetChangedV1 message, BudgetFiguresFeed feed) => feed.Changed(message.Jurisdiction);
}

/// <summary>Enrolments changed: expenditure per learner moved.</summary>
public static class BudgetFiguresEnrollmentHandler
{
    public static void Handle(Emis.Enrollment.Contracts.EnrollmentChangedV1 message, BudgetFiguresFeed feed) => feed.Changed(message.Jurisdiction);
}
