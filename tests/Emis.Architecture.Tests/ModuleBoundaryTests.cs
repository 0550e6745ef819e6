namespace Emis.Architecture.Tests;

/// <summary>The real solution keeps its module boundaries.</summary>
public sealed class ModuleBoundaryTests
{
    [Fact]
    public void the_check_covers_the_platform_and_every_module_with_its_contracts()
    {
        var names = Solution.GovernedAssemblies().Select(assembly => assembly.Name).ToList();

        Assert.Contains(ModuleBoundaries.Platform, names);
        Assert.Contains("Emis.Registry", names);
        Assert.Contains("Emis.Registry.Contracts", names);
        Assert.Contains("Emis.Enrollment", names);
        Assert.Contains("Emis.Enrollment.Contracts", names);
        Assert.Contains("Emis.Credentials", names);
        Assert.Contains("Emis.Credentials.Contracts", names);
        Assert.Contains("Emis.Features.AuditTrail", names);
        Assert.Contains("Emis.Features.Partners", names);
        Assert.Contains("Emis.Features.Rebuild", names);
        Assert.DoesNotContain("Emis.Leaky", names);
        Assert.DoesNotContain("Emis.PlatformWithDomain", names);
    }

    [Fact]
    public void every_project_under_src_modules_is_named_after_its_module_folder()
    {
        var modules = Path.Combine(Solution.RepositoryRoot, "src", "Modules");
        var misnamed = Solution.ModuleProjectFiles()
            .Select(path => (Path: Path.GetRelativePath(modules, path), Name: AssemblyInfo.AssemblyNameOf(path)))
            .Select(project => (project.Path, project.Name, Module: project.Path.Split(Path.DirectorySeparatorChar)[0]))
            .Where(project => !string.Equals(project.Name, $"Emis.{project.Module}", StringComparison.Ordinal)
                              && !string.Equals(project.Name, $"Emis.{project.Module}.Contracts", StringComparison.Ordinal))
            .Select(project => $"src/Modules/{project.Path.Replace('\\', '/')} builds {project.Name}; a project under " +
                               $"src/Modules/{project.Module} builds Emis.{project.Module} or Emis.{project.Module}.Contracts.")
            .ToList();

        Assert.True(misnamed.Count == 0, string.Join(Environment.NewLine, misnamed));
    }

    [Fact]
    public void compiled_module_platform_and_contracts_assemblies_respect_the_module_boundaries()
    {
        var violations = ModuleBoundaries.Violations(Solution.GovernedAssemblies());

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void project_references_under_src_respect_the_module_boundaries()
    {
        var projects = Solution.GovernedProjectFiles()
            .Select(path => AssemblyInfo.FromProjectFile(path, Solution.RepositoryRoot))
            .ToList();

        Assert.NotEmpty(projects);
        var violations = ModuleBoundaries.Violations(projects);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
