using System.Reflection;

namespace Emis.Architecture.Tests;

/// <summary>The real solution: its repository root, the projects the rules govern and their compiled assemblies.</summary>
public static class Solution
{
    /// <summary>The directory holding Emis.sln, found by walking up from the test output directory.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// Every project under src/Platform, src/Features and src/Modules (the host composes them and is not constrained).
    /// Fixtures live under tests/Fixtures, so they are never part of this set.
    /// </summary>
    public static IReadOnlyList<string> GovernedProjectFiles() =>
        [.. new[] { "Platform", "Features", "Modules" }
            .Select(folder => Path.Combine(RepositoryRoot, "src", folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal)];

    /// <summary>The project files under src/Modules.</summary>
    public static IReadOnlyList<string> ModuleProjectFiles()
    {
        var modules = Path.Combine(RepositoryRoot, "src", "Modules") + Path.DirectorySeparatorChar;
        return [.. GovernedProjectFiles().Where(path => path.StartsWith(modules, StringComparison.Ordinal))];
    }

    /// <summary>The compiled assemblies of the governed projects, loaded by name from the test output directory.</summary>
    public static IReadOnlyList<AssemblyInfo> GovernedAssemblies() =>
        [.. GovernedProjectFiles().Select(AssemblyInfo.AssemblyNameOf).Distinct(StringComparer.Ordinal).Select(LoadCompiled)];

    /// <summary>Loads an assembly that the build copied to the test output directory.</summary>
    public static AssemblyInfo LoadCompiled(string assemblyName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{assemblyName}.dll is not in {AppContext.BaseDirectory}: reference its project from Emis.Host (every module " +
                "is composed there) so that the architecture tests can inspect it.");
        }

        return AssemblyInfo.FromAssembly(Assembly.Load(new AssemblyName(assemblyName)));
    }

    private static bool IsBuildOutput(string path)
    {
        var separators = new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };
        var parts = path.Split(separators);
        return parts.Contains("bin", StringComparer.Ordinal) || parts.Contains("obj", StringComparer.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Emis.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Emis.sln in {AppContext.BaseDirectory} or any directory above it.");
    }
}
