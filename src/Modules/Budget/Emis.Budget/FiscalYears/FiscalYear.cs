using System.Globalization;
using Emis.Budget.Contracts;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Budget.FiscalYears;

/// <summary>A fiscal year was opened: the jurisdiction's money for it is kept in one currency, from its first to its last day.</summary>
public sealed record FiscalYearOpened(Guid FiscalYearId, int Year, string Currency, DateOnly StartsOn, DateOnly EndsOn);

/// <summary>A fiscal year was closed: from then on it accepts only corrections, by the ministry, with a reason.</summary>
public sealed record FiscalYearClosed(Guid FiscalYearId, int Year, string Reason, DateOnly On);

/// <summary>A fiscal year as it stands. One stream per jurisdiction and year.</summary>
public sealed class FiscalYearView
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public bool Closed { get; set; }
    public string? ClosedReason { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public long Version { get; set; }

    private static readonly Guid Namespace = new("0c6f2d84-7a1e-4b39-9d5c-3e8a61f0b2d7");

    public static Guid IdFor(string jurisdiction, int year) =>
        NameBasedGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture, $"{jurisdiction.ToLowerInvariant()}/fiscal-year/{year}"));

    public bool Covers(DateOnly day) => day >= StartsOn && day <= EndsOn;
}

public sealed class FiscalYearProjection : SingleStreamProjection<FiscalYearView, Guid>
{
    public static FiscalYearView Create(IEvent<FiscalYearOpened> e) => new()
    {
        Id = e.Data.FiscalYearId,
        Year = e.Data.Year,
        Currency = e.Data.Currency,
        StartsOn = e.Data.StartsOn,
        EndsOn = e.Data.EndsOn,
        Version = e.Version,
    };

    public static FiscalYearView Apply(IEvent<FiscalYearClosed> e, FiscalYearView view)
    {
        view.Closed = true;
        view.ClosedReason = e.Data.Reason;
        view.ClosedOn = e.Data.On;
        view.Version = e.Version;
        return view;
    }
}

/// <summary>Open a fiscal year (ministry only): its currency, and its days (the calendar year unless given).</summary>
public sealed record OpenFiscalYear(int Year, string Currency, DateOnly? StartsOn, DateOnly? EndsOn)
{
    public sealed class Validator : AbstractValidator<OpenFiscalYear>
    {
        public Validator()
        {
            RuleFor(x => x.Year).Year();
            RuleFor(x => x.Currency).NotEmpty().WithMessage("The currency is required (BAM, EUR).")
                .Must(c => Platform.Text.CurrencyCode.Of(c) is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A currency is an ISO 4217 code of three letters (BAM, EUR).");
            RuleFor(x => x.EndsOn).Must((x, end) => end is null || x.StartsOn is null || end > x.StartsOn).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A fiscal year ends after it starts.");
        }
    }
}

/// <summary>Close a fiscal year (ministry only) with the reason (the year's accounts are final).</summary>
public sealed record CloseFiscalYear(int Year, string Reason)
{
    public sealed class Validator : AbstractValidator<CloseFiscalYear>
    {
        public Validator()
        {
            RuleFor(x => x.Year).Year();
            RuleFor(x => x.Reason).Reason("the final account for 2026 was adopted by the assembly");
        }
    }
}

public static class FiscalYearHandler
{
    public static async Task<BudgetChangedV1> Handle(OpenFiscalYear command, IDocumentSession session, CancellationToken ct)
    {
        var id = FiscalYearView.IdFor(session.TenantId, command.Year);
        var existing = await session.LoadAsync<FiscalYearView>(id, ct);
        var others = await session.Query<FiscalYearView>().ToListAsync(ct);
        // StartStream: two openings of one year racing each other collide on the stream id.
        session.Events.StartStream<FiscalYearView>(id, Decide(command, id, existing, others));
        return new BudgetChangedV1(session.TenantId, command.Year, "year_changed");
    }

    public static async Task<BudgetChangedV1> Handle(CloseFiscalYear command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<FiscalYearView>(FiscalYearView.IdFor(session.TenantId, command.Year), ct);
        var year = stream.Aggregate ?? throw NotOpened(command.Year);
        if (year.Closed)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "year",
                $"Fiscal year {year.Year} was closed on {year.ClosedOn:yyyy-MM-dd} already.");
        }
        stream.AppendOne(new FiscalYearClosed(year.Id, year.Year, command.Reason.Trim(), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
        return new BudgetChangedV1(session.TenantId, command.Year, "year_changed");
    }

    /// <summary>The opening, or why not: a year not opened before, not overlapping another year's days.</summary>
    public static FiscalYearOpened Decide(OpenFiscalYear command, Guid id, FiscalYearView? existing, IReadOnlyList<FiscalYearView> others)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (existing is not null)
        {
            throw new CommandRejectedException(ErrorCodes.Duplicate, "year", $"Fiscal year {command.Year} is open already (in {existing.Currency}).");
        }
        var starts = command.StartsOn ?? new DateOnly(command.Year, 1, 1);
        var ends = command.EndsOn ?? starts.AddYears(1).AddDays(-1);
        if (ends <= starts)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "endsOn", $"A fiscal year ends after it starts ({starts:yyyy-MM-dd}).");
        }
        if (ends.DayNumber - starts.DayNumber > 540)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "endsOn", "A fiscal year is at most 18 months long.");
        }
        if (starts.Year != command.Year && ends.Year != command.Year)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "startsOn", $"Fiscal year {command.Year} has days in {command.Year}.");
        }
        if (others.FirstOrDefault(o => starts <= o.EndsOn && ends >= o.StartsOn) is { } overlap)
        {
            throw new CommandRejectedException(ErrorCodes.RuleViolated, "startsOn",
                $"Fiscal year {overlap.Year} runs {overlap.StartsOn:yyyy-MM-dd} to {overlap.EndsOn:yyyy-MM-dd}: the years would overlap.");
        }
        return new FiscalYearOpened(id, command.Year, Platform.Text.CurrencyCode.Of(command.Currency)!, starts, ends);
    }

    public static CommandRejectedException NotOpened(int year) =>
        new(ErrorCodes.NotFound, "fiscalYear", $"Fiscal year {year} is not open (openFiscalYear first).");

    /// <summary>
    /// The year an entry is recorded in, or why not: it is open, or closed and the entry is a correction by the ministry admin with a
    /// reason; the entry's date is one of its days.
    /// </summary>
    public static FiscalYearView Writable(FiscalYearView? year, int number, string? correction, Caller? caller, DateOnly? on)
    {
        if (year is null) throw NotOpened(number);
        if (year.Closed)
        {
            if (string.IsNullOrWhiteSpace(correction))
            {
                throw new CommandRejectedException(ErrorCodes.RuleViolated, "correction",
                    $"Fiscal year {year.Year} is closed ({year.ClosedReason}); only a correction with its reason is recorded in it.");
            }
            if (caller is not null && caller.Role != Roles.MinistryAdmin)
            {
                throw new CommandRejectedException(ErrorCodes.Forbidden, "correction",
                    $"Fiscal year {year.Year} is closed; the role '{caller.Role}' may not correct it, the ministry admin may.");
            }
        }
        if (on is { } day && !year.Covers(day))
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "on",
                $"{day:yyyy-MM-dd} is not in fiscal year {year.Year} ({year.StartsOn:yyyy-MM-dd} to {year.EndsOn:yyyy-MM-dd}).");
        }
        return year;
    }
}
