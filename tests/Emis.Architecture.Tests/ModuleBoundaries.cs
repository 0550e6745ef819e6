using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Emis.Architecture.Tests;

/// <summary>
/// The modular monolith's dependency rules, checked over facts about assemblies (from reflection or project files):
/// <list type="number">
/// <item>A module assembly <c>Emis.&lt;M&gt;</c> references only Emis.Platform and <c>Emis.&lt;X&gt;.Contracts</c> assemblies
/// (its own or other modules'), never another module's internals nor a feature.</item>
/// <item>A contracts assembly <c>Emis.&lt;M&gt;.Contracts</c> references no Emis assembly but Emis.Platform (whose mechanisms,
/// such as a bulk write, a service interface may take).</item>
/// <item>A feature assembly <c>Emis.Features.&lt;F&gt;</c> (a product surface over every module's events: the audit trail,
/// the partner surface, the rebuild) references only Emis.Platform: it reaches modules through the platform's
/// interfaces, which the modules implement.</item>
/// <item>Emis.Platform references no other Emis assembly, and holds only the allow-listed mechanism namespaces
/// (<see cref="PlatformNamespaces"/>): no domain type, no product feature.</item>
/// <item>A contracts assembly holds public sealed records whose names end in a version suffix such as <c>V1</c>
/// (integration events), public interfaces (services the module offers synchronously), and the public sealed records and
/// enums those interfaces' members use.</item>
/// </list>
/// Emis.Host composes everything and is not constrained. Any other Emis name among the assemblies checked (the projects
/// under src/Platform, src/Features and src/Modules) is itself a violation: the rules could not place it. Tests and tools
/// are not passed to the check.
/// </summary>
public static partial class ModuleBoundaries
{
    public const string Platform = "Emis.Platform";
    public const string Host = "Emis.Host";
    public const string FeaturePrefix = "Emis.Features.";

    /// <summary>
    /// The namespaces Emis.Platform may hold: caller, scope and authentication; commands and validation; event metadata,
    /// ids and bulk writes; the event-log reader, safe head, personal-data marking and the interfaces readers of the log
    /// ask modules through; GraphQL conventions and transport; importing rows about people from spreadsheets (reading,
    /// header synonyms, cleaning, school matching, duplicates, batches, the review queue's rows); telemetry; the
    /// read-model contract; name folding; sealing personal fields with each person's key and the erasure contract.
    /// Anything else is a module's or a feature's, and belongs there.
    /// </summary>
    public static readonly IReadOnlyList<string> PlatformNamespaces =
    [
        "Emis.Platform.Auth",
        "Emis.Platform.Commands",
        "Emis.Platform.Events",
        "Emis.Platform.EventLog",
        "Emis.Platform.GraphQL",
        "Emis.Platform.Imports",
        "Emis.Platform.Observability",
        "Emis.Platform.Privacy",
        "Emis.Platform.ReadModels",
        "Emis.Platform.Text",
    ];

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
                    PlatformTypes(assembly, violations);
                    break;
                case RoleKind.Feature:
                    FeatureReferences(assembly, violations);
                    break;
                case RoleKind.Other when IsEmis(assembly.Name):
                    // An Emis assembly under src/ whose name fits no role would escape every rule above.
                    violations.Add($"{assembly.Name} ({assembly.Origin}) is named like no role the rules know (Emis.Platform, " +
                                   "Emis.<Module>, Emis.<Module>.Contracts, Emis.Features.<Feature>); rename it so that its " +
                                   "references can be checked.");
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

            violations.Add(target.Kind switch
            {
                RoleKind.Module => $"{assembly.Name} ({assembly.Origin}) references {reference}, the internals of module {target.Module}; " +
                                   $"module {role.Module} may use it only through {reference}.Contracts.",
                RoleKind.Feature => $"{assembly.Name} ({assembly.Origin}) references {reference}, a feature; module {role.Module} may " +
                                    $"reach a feature only through an interface of {Platform} that the feature implements.",
                _ => $"{assembly.Name} ({assembly.Origin}) references {reference}; module {role.Module} may reference only " +
                     $"{Platform} and Emis.<Module>.Contracts assemblies.",
            });
        }
    }

    private static void ContractsReferences(AssemblyInfo assembly, List<string> violations)
    {
        foreach (var reference in assembly.References.Where(IsEmis).Where(r => !string.Equals(r, Platform, StringComparison.Ordinal)))
        {
            violations.Add($"{assembly.Name} ({assembly.Origin}) references {reference}; a contracts assembly references no Emis " +
                           $"assembly but {Platform}.");
        }
    }

    private static void FeatureReferences(AssemblyInfo assembly, List<string> violations)
    {
        foreach (var reference in assembly.References.Where(IsEmis).Where(r => !string.Equals(r, Platform, StringComparison.Ordinal)))
        {
            violations.Add($"{assembly.Name} ({assembly.Origin}) references {reference}; a feature references only {Platform} and " +
                           "reaches the modules through the platform's interfaces.");
        }
    }

    private static void PlatformTypes(AssemblyInfo assembly, List<string> violations)
    {
        // Top-level types only: a nested type lives where its declaring type does (the compiler's own helpers nest theirs).
        var outside = assembly.Types
            .Where(type => type.DeclaringType is null && !IsCompilerGenerated(type) && !IsFromGenerator(type))
            .Where(type => !PlatformNamespaces.Contains(type.Namespace ?? "", StringComparer.Ordinal))
            .GroupBy(type => type.Namespace ?? "(global)", StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        foreach (var group in outside)
        {
            violations.Add($"{assembly.Name} ({assembly.Origin}) holds namespace {group.Key} " +
                           $"({string.Join(", ", group.Select(type => type.Name).Order(StringComparer.Ordinal).Take(5))}), which is not " +
                           "one of the platform's mechanism namespaces; domain types and product features belong to a module or a feature.");
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
        var authored = assembly.Types.Where(type => !IsCompilerGenerated(type) && !IsFromGenerator(type)).ToList();
        var services = authored.Where(type => type.IsInterface && type.IsPublic).ToList();
        var serviceShapes = ShapesUsedBy(services);
        foreach (var type in authored.Where(type => !services.Contains(type)))
        {
            var problems = new List<string>();
            if (!type.IsPublic)
            {
                problems.Add("is not a public top-level type");
            }

            var serviceShape = serviceShapes.Contains(type);
            if (serviceShape ? !(type.IsEnum || (IsRecord(type) && type.IsSealed)) : !IsRecord(type) || !type.IsSealed)
            {
                problems.Add(serviceShape ? "is neither a sealed record nor an enum" : "is not a sealed record");
            }

            var name = type.Name.Split('`')[0];
            if (!serviceShape && !VersionSuffix().IsMatch(name))
            {
                problems.Add("has no version suffix such as V1");
            }

            if (problems.Count > 0)
            {
                violations.Add($"{assembly.Name} ({assembly.Origin}) contains {type.FullName}, which " +
                               $"{string.Join(" and ", problems)}; contracts hold public sealed records named like SomethingV1 " +
                               "(integration events), public interfaces, and the sealed records and enums those interfaces use.");
            }
        }
    }

    /// <summary>The types the services' members take and return (through generics, arrays and records' properties).</summary>
    private static HashSet<Type> ShapesUsedBy(IEnumerable<Type> services)
    {
        var shapes = new HashSet<Type>();
        var pending = new Stack<Type>();
        var own = new HashSet<Assembly>();
        foreach (var service in services)
        {
            own.Add(service.Assembly);
            foreach (var member in service.GetMethods())
            {
                pending.Push(member.ReturnType);
                foreach (var parameter in member.GetParameters())
                {
                    pending.Push(parameter.ParameterType);
                }
            }

            foreach (var property in service.GetProperties())
            {
                pending.Push(property.PropertyType);
            }
        }

        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (type.HasElementType)
            {
                pending.Push(type.GetElementType()!);
                continue;
            }

            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    pending.Push(argument);
                }
            }

            // Only the contracts' own types are followed into their properties: framework types are not contracts' business.
            if (type.IsGenericParameter || !shapes.Add(type) || !own.Contains(type.Assembly))
            {
                continue;
            }

            foreach (var property in type.GetProperties())
            {
                pending.Push(property.PropertyType);
            }
        }

        return shapes;
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
        Feature,
    }

    /// <summary>
    /// What an assembly is, judged by its name: Emis.Platform, Emis.Host, Emis.Features.F (a feature), Emis.M (a module) or
    /// Emis.M.Contracts.
    /// </summary>
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

            if (name.StartsWith(FeaturePrefix, StringComparison.Ordinal) && name.Split('.').Length == 3)
            {
                return new AssemblyRole(RoleKind.Feature, null);
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
