using Emis.Credentials.Accounts.ExportingSds;

namespace Emis.Host;

/// <summary><c>export sds OUTDIR [--jurisdiction ID]</c>: the jurisdiction's accounts as School Data Sync v2.1 CSV files.</summary>
public sealed partial class EmisProgram
{
    private static async Task<int> ExportAsync(string[] args)
    {
        if (args.Length >= 1 && args[0] == "events") return await ExportEventsAsync(args[1..]);
        if (args.Length < 2 || args[0] != "sds" || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            return Usage("usage: export sds OUTDIR [--jurisdiction ID]");
        }
        var directory = Path.GetFullPath(args[1]);
        var options = Options([.. args.Skip(2)]);
        var jurisdiction = options.GetValueOrDefault("jurisdiction") ?? EmisComposition.DefaultJurisdiction;

        // Reading needs the store only: the host is built but not started, so this short-lived process never picks up
        // messages (provisioning batches) waiting in the durable queues.
        await using var app = BuildForCommand();
        var export = app.Services.GetRequiredService<SdsExport>();
        var result = await export.WriteAsync(jurisdiction, directory, CancellationToken.None);
        Console.WriteLine($"School Data Sync v2.1 files for {jurisdiction} in {directory}: {result.Orgs} orgs, {result.Users} users, " +
                          $"{result.Roles} roles, {result.Classes} classes, {result.Enrollments} enrollments, {result.AcademicSessions} academic " +
                          $"sessions");
        return 0;
    }
}
