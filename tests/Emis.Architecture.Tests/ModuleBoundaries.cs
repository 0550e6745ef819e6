using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Emis.Architecture.Tests;

/// <summary>
/// The modular monolith's dependency rules, checked over facts about assemblies (from reflection or project files):
/// <list type="number">
/// <item>A module assembly <c>Emis.&lt;M&gt;</c> references only Emis.Platform and <c>Emis.&lt;X&gt;.Contracts</c> assemblies
/// (its own or other modules'), never another module's internals.</item>
/// <item>A contracts assembly <c>Emis.&lt;M&gt;.Contracts</c> is a leaf: it references no Emis assembly.</item>
/// <item>Emis.Platform references no module (nor any other Emis assembly).</item>
/// <item>A contracts assembly holds only public sealed records whose names end in a version suffix such as <c>V1</c>.</item>
/// </list>
/// Emis.Host composes everything and is not constrained; other Emis names (tests, tools) are not checked themselves.
/// </summary>
public static partial class ModuleBoundaries
{
    public const string Platform = "Emis.Platform";
    public const string Host = "Emis.Host";

    /// <summary>
    /// Namespaces that packages' source generators emit into every assembly that references them, with no
    /// [GeneratedCode] or [CompilerGenerated] marker: JasperFx.SourceGenerator (through WolverineFx) adds an internal
    /// <c>JasperFx.Generated.DiscoveredEventModels</c> manifest. They are not authored contract types.
    /// </summary>
    public static readonly IReadOnlyList<string> GeneratorNamespaces = ["JasperFx.Generated"];

    /// <summary>Every violation of the rules by the given assemblies, as sentences naming the offender.</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<AssemblyInfo> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var violations = new List<string>();
        foreach (var assembly in assemblies)
        {
            var role = AssemblyRole.Of(assembly.Name);
            switch (role.Kind)
            {
                case RoleKind.Module:
                    ModuleReferences(assembly, role, violations);
                    break;
                case RoleKind.Contracts:
                    ContractsReferences(assembly, violations);
                    ContractsTypes(assembly, violations);
                    break;
                case RoleKind.Platform:
                    PlatformReferences(assembly, violations);
                    break;
                default:
                    break;
            }
        }

        return violations;
    }

    private static void ModuleReferences(AssemblyInfo assembly, AssemblyRole role, List<string> violations)
    {
        foreach (var reference in assembly.References.Where(IsEmis))
        {
            var target = AssemblyRole.Of(reference);
            if (target.Kind is RoleKind.Platform or RoleKind.Contracts)
            {
                continue;
            }

            violations.Add(target.Kind == RoleKind.Module
                ? $"{assembly.Name} ({assembly.Origin}) references {reference}, the internals of module {target.Module}; " +
                  $"module {role.Module} may use it only through {reference}.Contracts."
                : $"{assembly.Name} ({assembly.Origin}) references {reference}; module {role.Module} may reference only " +
                  $"{Platform} and Emis.<Module>.Contracts assemblies.");
        }
    }

    private static void ContractsReferences(AssemblyInfo assembly, List<string> violations)
    {
        foreach (var reference in assembly.References.Where(IsEmis))
        {
            violations.Add($"{assembly.Name} ({assembly.Origin}) references {reference}; contracts assemblies are leaves " +
                           "and reference no Emis assembly.");
        }
    }

    private static void PlatformReferences(AssemblyInfo assembly, List<string> violations)
    {
        foreach (var reference in assembly.References.Where(IsEmis))
        {
            var target = AssemblyRole.Of(reference);
            violations.Add(target.Kind is RoleKind.Module or RoleKind.Contracts
                ? $"{assembly.Name} ({assembly.Origin}) references {reference}, an assembly of module {target.Module}; " +
                  "the platform must not depend on any module."
                : $"{assembly.Name} ({assembly.Origin}) references {reference}; the platform references no other Emis assembly.");
        }
    }

    private static void ContractsTypes(AssemblyInfo assembly, List<string> violations)
    {
        foreach (var type in assembly.Types.Where(type => !IsCompilerGenerated(type) && !IsFromGenerator(type)))
        {
            var problems = new List<string>();
            if (!type.IsPublic)
            {
                problems.Add("is not a public top-level type");
            }

            if (!IsRecord(type) || !type.IsSealed)
            {
                problems.Add("is not a sealed record");
            }

            var name = type.Name.Split('`')[0];
            if (!VersionSuffix().IsMatch(name))
            {
                problems.Add("has no version suffix such as V1");
            }

            if (problems.Count > 0)
            {
                violations.Add($"{assembly.Name} ({assembly.Origin}) contains {type.FullName}, which " +
                               $"{string.Join(" and ", problems)}; contracts hold only public sealed records named like SomethingV1.");
            }
        }
    }

    /// <summary>A record class: the compiler gives it a <c>&lt;Clone&gt;$</c> method and an EqualityContract property.</summary>
    private static bool IsRecord(Type type) =>
        type.IsClass
        && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
        && type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly) is not null;

    /// <summary>Types the compiler emits on its own (embedded attributes, closures, private implementation details).</summary>
    private static bool IsCompilerGenerated(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || type.Name.StartsWith('<');

    private static bool IsFromGenerator(Type type) =>
        GeneratorNamespaces.Any(generated => string.Equals(type.Namespace, generated, StringComparison.Ordinal));

    private static bool IsEmis(string name) =>
        string.Equals(name, "Emis", StringComparison.Ordinal) || name.StartsWith("Emis.", StringComparison.Ordinal);

    [GeneratedRegex(@"V\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();

    private enum RoleKind
    {
        Other,
        Platform,
        Host,
        Module,
        Contracts,
    }

    /// <summary>What an assembly is, judged by its name: Emis.Platform, Emis.Host, Emis.M (a module) or Emis.M.Contracts.</summary>
    private readonly record struct AssemblyRole(RoleKind Kind, string? Module)
    {
        public static AssemblyRole Of(string name)
        {
            if (string.Equals(name, Platform, StringComparison.Ordinal))
            {
                return new AssemblyRole(RoleKind.Platform, null);
            }

            if (string.Equals(name, Host, StringComparison.Ordinal))
            {
                return new AssemblyRole(RoleKind.Host, null);
            }

            var parts = name.Split('.');
            if (!string.Equals(parts[0], "Emis", StringComparison.Ordinal))
            {
                return new AssemblyRole(RoleKind.Other, null);
            }

            return parts.Length switch
            {
                2 => new AssemblyRole(RoleKind.Module, parts[1]),
                3 when string.Equals(parts[2], "Contracts", StringComparison.Ordinal) => new AssemblyRole(RoleKind.Contracts, parts[1]),
                _ => new AssemblyRole(RoleKind.Other, null),
            };
        }
    }
}
