using GraphQL.Types;

namespace Emis.Platform.GraphQL;

/// <summary>
/// A ratio or a percentage with what it is made of; <see cref="Value"/> is null, with a reason, when it is undefined (never 0
/// instead). Every module's figures answer with it, so that a client reads them all alike.
/// </summary>
public sealed record Figure(decimal? Value, decimal? Numerator, decimal? Denominator, string? Reason)
{
    /// <summary>
    /// numerator ÷ denominator × <paramref name="scale"/>, rounded to 2 decimals; null with <paramref name="reason"/> when the
    /// denominator is 0.
    /// </summary>
    public static Figure Ratio(decimal numerator, decimal denominator, string reason, decimal scale = 1) => denominator == 0
        ? new Figure(null, numerator, denominator, reason)
        : new Figure(Math.Round(numerator * scale / denominator, 2, MidpointRounding.AwayFromZero), numerator, denominator, null);

    /// <summary>No value, and why (an input missing, a grouping the figure is not defined by).</summary>
    public static Figure Undefined(string reason) => new(null, null, null, reason);
}

public sealed class FigureGraphType : ObjectGraphType<Figure>
{
    public FigureGraphType()
    {
        Name = "Figure";
        Description = "A ratio or percentage and what it is made of. value is null, with a reason, when it is undefined (never 0 instead).";
        Field(x => x.Value, nullable: true);
        Field(x => x.Numerator, nullable: true);
        Field(x => x.Denominator, nullable: true);
        Field(x => x.Reason, nullable: true);
    }
}
