using Wolverine.Attributes;

namespace Emis.Budget.Contracts;

/// <summary>
/// Published (through the outbox, on a durable local queue) whenever money of a fiscal year was planned, amended, committed, spent
/// or reversed. Carries the year and the kind of change only, never a payee.
/// </summary>
/// <param name="Change">plan_changed, execution_changed, chart_changed, year_changed, request_changed.</param>
[MessageIdentity("budget.budget_changed", Version = 1)]
public sealed record BudgetChangedV1(string Jurisdiction, int? FiscalYear, string Change);
