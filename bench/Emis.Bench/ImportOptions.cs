using System.Globalization;

namespace Emis.Bench;

/// <summary>Options of <c>./emis bench import</c>.</summary>
internal sealed record ImportOptions(int Learners, double Messy, int Seed, int Schools)
{
    public const string Usage = "usage: ./emis bench import [--learners N] [--messy F] [--seed X] [--schools S]";

    public static bool TryParse(string[] args, out ImportOptions options, out string? problem)
    {
        options = new ImportOptions(186_200, 0.3, 20251, 1_000);
        problem = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                problem = $"{args[i]} needs a value";
                return false;
            }
            var text = args[i + 1];
            if (args[i] == "--messy")
            {
                if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) || fraction is < 0 or > 1)
                {
                    problem = "--messy needs a fraction from 0 to 1 (e.g. 0.3)";
                    return false;
                }
                options = options with { Messy = fraction };
                i++;
                continue;
            }
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                problem = $"{args[i]} needs a whole number";
                return false;
            }
            switch (args[i])
            {
                case "--learners": options = options with { Learners = value }; break;
                case "--seed": options = options with { Seed = value }; break;
                case "--schools": options = options with { Schools = value }; break;
                default:
                    problem = $"unknown option {args[i]}";
                    return false;
            }
            i++;
        }
        if (options.Learners < 1)
        {
            problem = "--learners must be at least 1";
            return false;
        }
        if (options.Schools is < 10 or > 2_000)
        {
            problem = "--schools must be from 10 to 2000";
            return false;
        }
        return true;
    }
}
