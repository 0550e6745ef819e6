using System.Globalization;

namespace Emis.Bench;

internal sealed record BenchOptions(int Learners, int Seconds, int Subscribers, int Events, int Seed)
{
    public const string Usage = "usage: ./emis bench enrollment [--learners N] [--seconds S] [--subscribers K] [--events E] [--seed X]";

    public static bool TryParse(string[] args, out BenchOptions options, out string? problem)
    {
        options = new BenchOptions(200_000, 15, 500, 40, 20251);
        problem = null;
        if (args.Length == 0 || args[0] != "enrollment")
        {
            problem = "the benchmarks are 'enrollment' and 'import'";
            return false;
        }
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                problem = $"{args[i]} needs a whole number";
                return false;
            }
            switch (args[i])
            {
                case "--learners": options = options with { Learners = value }; break;
                case "--seconds": options = options with { Seconds = Math.Max(1, value) }; break;
                case "--subscribers": options = options with { Subscribers = value }; break;
                case "--events": options = options with { Events = value }; break;
                case "--seed": options = options with { Seed = value }; break;
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
        return true;
    }
}
