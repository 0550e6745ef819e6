using Emis.Architecture.Tests.Samples;

namespace Emis.Architecture.Tests;

/// <summary>The checker reports each kind of violation, so a green real-solution run means something.</summary>
public sealed class ModuleBoundaryCheckerTests
{
    [Fact]
    public void a_module_that_references_another_modules_internals_is_caught()
    {
        var leaky = Solution.LoadCompiled("Emis.Leaky");

        var violations = ModuleBoundaries.Violations([leaky]);

        var violation = Assert.Single(violations);
        Assert.StartsWith("Emis.Leaky ", violation, StringComparison.Ordinal);
        Assert.Contains("references Emis.Registry,", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void a_module_project_file_that_references_another_modules_internals_is_caught()
    {
        var projectFile = Path.Combine(Solution.RepositoryRoot, "tests", "Fixtures", "Emis.Fixture.Leaky", "Emis.Fixture.Leaky.csproj");
        var leaky = AssemblyInfo.FromProjectFile(projectFile, Solution.RepositoryRoot);

        var violations = ModuleBoundaries.Violations([leaky]);

        var violation = Assert.Single(violations);
        Assert.StartsWith("Emis.Leaky ", violation, StringComparison.Ordinal);
        Assert.Contains("references Emis.Registry,", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void a_module_may_reference_the_platform_its_own_contracts_and_other_modules_contracts()
    {
        var module = References("Emis.Grading", "Emis.Platform", "Emis.Grading.Contracts", "Emis.Registry.Contracts", "Wolverine");

        Assert.Empty(ModuleBoundaries.Violations([module]));
    }

    [Fact]
    public void a_contracts_assembly_that_references_an_emis_assembly_other_than_the_platform_is_caught()
    {
        var contracts = References("Emis.Grading.Contracts", "Wolverine", "Emis.Platform", "Emis.Registry.Contracts", "Emis.Registry");

        var violations = ModuleBoundaries.Violations([contracts]);

        Assert.Equal(2, violations.Count);
        Assert.DoesNotContain(violations, violation => violation.Contains("references Emis.Platform;", StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains("references Emis.Registry.Contracts;", StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains("references Emis.Registry;", StringComparison.Ordinal));
    }

    [Fact]
    public void a_feature_that_references_a_module_or_its_contracts_is_caught()
    {
        var feature = References("Emis.Features.Dashboards", "Marten", "Emis.Platform", "Emis.Enrollment", "Emis.Enrollment.Contracts");

        var violations = ModuleBoundaries.Violations([feature]);

        Assert.Equal(2, violations.Count);
        Assert.All(violations, violation => Assert.StartsWith("Emis.Features.Dashboards ", violation, StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains("references Emis.Enrollment;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Emis.Features.Partners.Webhooks")]
    [InlineData("Emis.Platform.Identity")]
    [InlineData("Emis.Staffing.Internal.Rules")]
    public void an_assembly_the_rules_cannot_place_is_caught(string name)
    {
        var unplaced = References(name, "Emis.Platform", "Emis.Enrollment");

        var violation = Assert.Single(ModuleBoundaries.Violations([unplaced]));

        Assert.Contains("is named like no role the rules know", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void a_module_that_references_a_feature_is_caught()
    {
        var module = References("Emis.Grading", "Emis.Platform", "Emis.Features.AuditTrail");

        var violation = Assert.Single(ModuleBoundaries.Violations([module]));

        Assert.Contains("references Emis.Features.AuditTrail, a feature", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void a_domain_type_in_the_platform_is_caught()
    {
        // The fixture is compiled under another name (two Emis.Platform assemblies cannot share an output folder); judged
        // as the platform, its domain namespace is reported and its mechanism namespace is not.
        var platform = Solution.LoadCompiled("Emis.PlatformWithDomain") with { Name = ModuleBoundaries.Platform };

        var violation = Assert.Single(ModuleBoundaries.Violations([platform]));

        Assert.Contains("holds namespace Emis.Platform.Grading (GradingScale)", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void the_real_platform_holds_only_its_mechanism_namespaces()
    {
        var platform = Solution.LoadCompiled(ModuleBoundaries.Platform);
        var namespaces = platform.Types.Select(type => type.Namespace).OfType<string>()
            .Where(ns => ns.StartsWith("Emis.", StringComparison.Ordinal)).Distinct().ToList();

        Assert.NotEmpty(namespaces);
        Assert.All(namespaces, ns => Assert.Contains(ns, ModuleBoundaries.PlatformNamespaces));
    }

    [Fact]
    public void a_contracts_assembly_may_offer_a_service_interface_with_the_records_and_enums_it_uses()
    {
        var contracts = new AssemblyInfo(
            "Emis.Grading.Contracts",
            "sample",
            [],
            [typeof(IGradeBook), typeof(GradeSheet), typeof(GradeKind), typeof(GradePublishedV1), typeof(StrayKind)]);

        var violation = Assert.Single(ModuleBoundaries.Violations([contracts]));

        Assert.Contains(nameof(StrayKind), violation, StringComparison.Ordinal);
    }

    [Fact]
    public void a_platform_that_references_a_module_or_its_contracts_is_caught()
    {
        var platform = References("Emis.Platform", "Marten", "Emis.Registry", "Emis.Registry.Contracts");

        var violations = ModuleBoundaries.Violations([platform]);

        Assert.Equal(2, violations.Count);
        Assert.All(violations, violation => Assert.StartsWith("Emis.Platform ", violation, StringComparison.Ordinal));
    }

    [Fact]
    public void a_contracts_type_that_is_not_a_versioned_public_sealed_record_is_caught()
    {
        var contracts = new AssemblyInfo(
            "Emis.Grading.Contracts",
            "sample",
            [],
            [typeof(GradePublishedV1), typeof(GradeWithdrawn), typeof(GradeAmendedV2), typeof(GradeNoticeV1), typeof(GradeCorrectedV1)]);

        var violations = ModuleBoundaries.Violations([contracts]);

        Assert.Equal(4, violations.Count);
        Assert.DoesNotContain(violations, violation => violation.Contains(nameof(GradePublishedV1), StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains(nameof(GradeWithdrawn), StringComparison.Ordinal)
                                                 && violation.Contains("version suffix", StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains(nameof(GradeAmendedV2), StringComparison.Ordinal)
                                                 && violation.Contains("sealed record", StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains(nameof(GradeNoticeV1), StringComparison.Ordinal)
                                                 && violation.Contains("sealed record", StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains(nameof(GradeCorrectedV1), StringComparison.Ordinal)
                                                 && violation.Contains("public", StringComparison.Ordinal));
    }

    private static AssemblyInfo References(string name, params string[] references) =>
        new(name, "sample", references, []);
}
