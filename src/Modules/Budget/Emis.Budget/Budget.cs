using System.Globalization;
using Emis.Platform.Commands;
using FluentValidation;

namespace Emis.Budget;

/// <summary>
/// Money in Emis (adr/0032): an exact <see cref="decimal"/> in the fiscal year's currency, with no more decimals than the currency's
/// minor unit (ISO 4217). Amounts are never rounded on the way in: an amount with too many decimals is refused. Only derived figures
/// (rates, per-learner amounts) are rounded, half away from zero, to 2 decimals.
/// </summary>
public static class Money
{
    /// <summary>The largest amount one entry may carry (a national budget's line fits many times over; a typo with extra zeros does not).</summary>
    public const decimal Largest = 1_000_000_000_000m;

    // ISO 4217 minor units of the currencies that are not in hundredths.
    private static readonly Dictionary<string, int> MinorUnits =
        new[] { "JPY", "KRW", "XOF", "XAF", "UGX", "RWF", "VND", "ISK", "CLP", "PYG", "XPF", "KMF", "DJF", "GNF", "VUV", "BIF" }.Select(c => (c, 0))
            .Concat(new[] { "BHD", "JOD", "KWD", "OMR", "TND", "IQD", "LYD" }.Select(c => (c, 3)))
            .ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal);

    /// <summary>How many decimals an amount in <paramref name="currency"/> may have (2 unless ISO 4217 says otherwise).</summary>
    public static int Decimals(string currency) => MinorUnits.GetValueOrDefault(currency, 2);

    /// <summary>Whether <paramref name="amount"/> is exact in the currency's minor unit.</summary>
    public static bool IsExact(decimal amount, string currency) => decimal.Round(amount, Decimals(currency)) == amount;

    public static string Format(decimal amount, string currency) =>
        amount.ToString("N" + Decimals(currency), CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>
    /// Refuses an amount that is not positive, too large, or finer than the currency's minor unit, or a currency other than the fiscal
    /// year's (nothing is converted).
    /// </summary>
    public static void Check(decimal amount, string? currency, string yearCurrency, string field, bool mayBeNegative = false)
    {
        var given = Platform.Text.CurrencyCode.Of(currency)
            ?? throw new CommandRejectedException(ErrorCodes.Invalid, "currency", $"'{currency}' is not an ISO 4217 currency code (BAM, EUR).");
        if (given != yearCurrency)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, "currency",
                $"The fiscal year is kept in {yearCurrency}; an amount in {given} is not converted: give it in {yearCurrency}.");
        }
        if (amount == 0 || (!mayBeNegative && amount < 0))
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, field, mayBeNegative ? "An amount is not 0." : "An amount is more than 0.");
        }
        if (Math.Abs(amount) > Largest)
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, field, $"An amount is at most {Format(Largest, yearCurrency)}.");
        }
        if (!IsExact(amount, yearCurrency))
        {
            throw new CommandRejectedException(ErrorCodes.Invalid, field,
                $"{amount.ToString(CultureInfo.InvariantCulture)} has more than {Decimals(yearCurrency)} decimals; {yearCurrency} is counted in " +
                $"{(Decimals(yearCurrency) == 0 ? "whole units" : "1/" + (int)Math.Pow(10, Decimals(yearCurrency)))} (nothing is rounded).");
        }
    }
}

/// <summary>The rules Budget's commands share.</summary>
public static class BudgetRules
{
    public static IRuleBuilderOptions<T, string> Text<T>(this IRuleBuilder<T, string> rule, string what, string example, int max) => rule
        .NotEmpty().WithMessage($"The {what} is required ({example}).")
        .MaximumLength(max).WithErrorCode(ErrorCodes.Invalid).WithMessage($"A {what} is at most {max} characters.");

    public static IRuleBuilderOptions<T, string> Reason<T>(this IRuleBuilder<T, string> rule, string example) => rule
        .NotEmpty().WithMessage($"Say why ({example}).")
        .MaximumLength(500).WithErrorCode(ErrorCodes.Invalid).WithMessage("A reason is at most 500 characters.");

    public static IRuleBuilderOptions<T, int> Year<T>(this IRuleBuilder<T, int> rule) => rule
        .InclusiveBetween(1990, 2200).WithErrorCode(ErrorCodes.Invalid).WithMessage("A fiscal year is a year such as 2026.");

    /// <summary>A code of the chart (a budget line's or a funding source's): letters, digits, dots, dashes; compared upper case.</summary>
    public static IRuleBuilderOptions<T, string> Code<T>(this IRuleBuilder<T, string> rule, string what) => rule
        .NotEmpty().WithMessage($"The {what} code is required.")
        .Must(c => c is null || Code(c) is not null).WithErrorCode(ErrorCodes.Invalid)
        .WithMessage($"A {what} code is 1 to 20 letters, digits, dots or dashes (611, 4111-ICT).");

    /// <summary>A chart code as stored (trimmed, upper case), or null when it is not one.</summary>
    public static string? Code(string? code) =>
        code?.Trim().ToUpperInvariant() is { Length: >= 1 and <= 20 } c && c.All(x => char.IsAsciiLetterOrDigit(x) || x is '.' or '-') ? c : null;
}
