namespace Emis.Bench;

/// <summary>Facts about the machine a benchmark ran on, printed beside its figures.</summary>
internal static class Machine
{
    /// <summary>
    /// CPU time of the PostgreSQL cluster in a data directory: its postmaster (the first line of postmaster.pid), every process it
    /// started and is still running, and those it started and reaped (Linux's /proc); null where the system does not say.
    /// </summary>
    public static TimeSpan? PostgresCpu(string dataDirectory)
    {
        try
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First().Trim(),
                System.Globalization.CultureInfo.InvariantCulture);
            var ticks = Ticks(postmaster, children: true);
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), out var pid) && pid != postmaster && ParentOf(pid) == postmaster)
                {
                    ticks += Ticks(pid, children: false);
                }
            }
            // Linux counts in clock ticks of 1/100 s (USER_HZ).
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static int ParentOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("PPid:", StringComparison.Ordinal))
            {
                return int.Parse(line.AsSpan(5).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return -1;
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat), and cutime + cstime (16, 17) for reaped children.</summary>
    private static long Ticks(int pid, bool children)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may hold spaces: fields are counted after its closing parenthesis (field 3 comes first).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int n) => long.Parse(fields[n - 3], System.Globalization.CultureInfo.InvariantCulture);
        return Field(14) + Field(15) + (children ? Field(16) + Field(17) : 0);
    }

    /// <summary>The 1, 5 and 15 minute load averages, or "n/a" where the system does not say.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
