using JasperFx.CodeGeneration;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Emis.Host.Tests;

/// <summary>
/// The host runs only the Wolverine code checked in under src/Host/Emis.Host/Internal/Generated (adr/0016). When a
/// handler, its middleware or its dependencies change, that code must be written again with <c>./emis codegen</c>;
/// this test fails until it is.
/// </summary>
public class GeneratedCodeTests
{
    [Fact]
    public async Task The_checked_in_generated_code_is_what_the_handlers_generate_now()
    {
        var checkedIn = Path.Combine(RepositoryRoot(), "src", "Host", "Emis.Host", EmisCodegen.Folder);
        var fresh = Directory.CreateTempSubdirectory("emis-codegen-");
        try
        {
            // Building a host while a test fixture's WebApplicationFactory waits for one would hand it this host.
            await EmisHostFixture.StartGate.WaitAsync();
            try
            {
                EmisCodegen.Write(fresh.FullName);
            }
            finally
            {
                EmisHostFixture.StartGate.Release();
            }

            var expected = Files(fresh.FullName);
            var actual = Directory.Exists(checkedIn) ? Files(checkedIn) : new SortedDictionary<string, string>(StringComparer.Ordinal);
            var missing = expected.Keys.Except(actual.Keys).ToList();
            var extra = actual.Keys.Except(expected.Keys).ToList();
            var changed = expected.Keys.Intersect(actual.Keys).Where(k => expected[k] != actual[k]).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0 && changed.Count == 0,
                "The generated code in src/Host/Emis.Host/Internal/Generated is stale: run ./emis codegen and commit the result. "
                + $"Missing: [{string.Join(", ", missing)}]; no longer generated: [{string.Join(", ", extra)}]; changed: " +
                    $"[{string.Join(", ", changed)}].");
        }
        finally
        {
            fresh.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_host_loads_pre_built_handler_code_and_has_no_compiler()
    {
        await EmisHostFixture.StartGate.WaitAsync();
        try
        {
            await using var app = EmisProgram.Build(["--urls", "http://127.0.0.1:0", "--EMIS_DB=Host=127.0.0.1;Database=unused"], runDaemon: false);
            Assert.Equal(TypeLoadMode.Static, app.Services.GetRequiredService<WolverineOptions>().CodeGeneration.TypeLoadMode);
            Assert.Null(app.Services.GetService<IAssemblyGenerator>());
        }
        finally
        {
            EmisHostFixture.StartGate.Release();
        }
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Microsoft.CodeAnalysis.CSharp");
    }

    private static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f).Replace('\\', '/'),
            f => File.ReadAllText(f).ReplaceLineEndings("\n")), StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Emis.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Emis.sln not found above " + AppContext.BaseDirectory);
    }
}
