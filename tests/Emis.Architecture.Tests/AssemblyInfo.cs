using System.Reflection;
using System.Xml.Linq;

namespace Emis.Architecture.Tests;

/// <summary>
/// What the boundary rules need to know about one assembly: its name, where the facts came from (a compiled assembly or
/// a project file), the names of the assemblies it references and, for a compiled assembly, its types.
/// </summary>
public sealed record AssemblyInfo(string Name, string Origin, IReadOnlyList<string> References, IReadOnlyList<Type> Types)
{
    /// <summary>Facts read by reflection from a compiled assembly.</summary>
    public static AssemblyInfo FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var name = assembly.GetName().Name ?? throw new ArgumentException("The assembly has no name.", nameof(assembly));
        var references = assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name)
            .OfType<string>()
            .ToList();
        return new AssemblyInfo(name, $"assembly {name}.dll", references, TypesOf(assembly));
    }

    /// <summary>Facts read from a project file: its assembly name and the assembly names of its ProjectReferences.</summary>
    public static AssemblyInfo FromProjectFile(string projectFile, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(projectFile);
        var project = XDocument.Load(projectFile);
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        var references = project.Descendants()
            .Where(element => string.Equals(element.Name.LocalName, "ProjectReference", StringComparison.Ordinal))
            .Select(element => (string?)element.Attribute("Include"))
            .OfType<string>()
            .Select(include => Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))))
            .Select(AssemblyNameOf)
            .ToList();
        var origin = $"project {Path.GetRelativePath(repositoryRoot, projectFile).Replace('\\', '/')}";
        return new AssemblyInfo(AssemblyNameOf(projectFile), origin, references, []);
    }

    /// <summary>The AssemblyName a project declares, or (the SDK default) its file name without the extension.</summary>
    public static string AssemblyNameOf(string projectFile)
    {
        var fileName = Path.GetFileNameWithoutExtension(projectFile);
        if (!File.Exists(projectFile))
        {
            return fileName;
        }

        var declared = XDocument.Load(projectFile).Descendants()
            .Where(element => string.Equals(element.Name.LocalName, "AssemblyName", StringComparison.Ordinal))
            .Select(element => element.Value.Trim())
            .LastOrDefault(value => value.Length > 0);
        return declared is null ? fileName : declared.Replace("$(MSBuildProjectName)", fileName, StringComparison.Ordinal);
    }

    private static List<Type> TypesOf(Assembly assembly)
    {
        try
        {
            return [.. assembly.GetTypes()];
        }
        catch (ReflectionTypeLoadException exception)
        {
            return [.. exception.Types.OfType<Type>()];
        }
    }
}
