namespace Emis.Architecture.Tests;

/// <summary>
/// The repository keeps lines to a readable width and explains every suppressed warning; the samples prove that each
/// check reports what it should, so a green run on the repository means something.
/// </summary>
public sealed class BuildHygieneTests
{
    [Fact]
    public void every_hand_written_cs_file_under_src_tests_and_bench_keeps_its_lines_within_150_characters()
    {
        var files = BuildHygiene.CSharpFiles(Solution.RepositoryRoot);

        var longLines = files
            .SelectMany(file => BuildHygiene.LongLines(Relative(file), File.ReadAllText(file)))
            .ToList();

        Assert.Contains(files, file => file.EndsWith("BuildHygieneTests.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(files, file => file.Contains(BuildHygiene.GeneratedFolder, StringComparison.Ordinal));
        Assert.True(longLines.Count == 0,
            $"{longLines.Count} lines are wider than {BuildHygiene.MaxLineLength} characters:{Environment.NewLine}"
            + string.Join(Environment.NewLine, longLines));
    }

    [Fact]
    public void a_line_wider_than_150_characters_is_reported_with_its_file_and_line()
    {
        var text = "namespace Sample;\n" + new string('x', 150) + "\n" + new string('y', 151) + "\n";

        var longLine = Assert.Single(BuildHygiene.LongLines("src/Sample.cs", text));

        Assert.Equal("src/Sample.cs:3 (151 characters)", longLine);
    }

    [Fact]
    public void every_suppressed_warning_in_the_repository_has_a_comment_saying_why()
    {
        var files = BuildHygiene.SuppressingFiles(Solution.RepositoryRoot);

        var unexplained = files
            .SelectMany(file => BuildHygiene.UnexplainedSuppressions(Relative(file), File.ReadAllText(file)))
            .ToList();

        Assert.Contains(files, file => Path.GetFileName(file) == ".editorconfig");
        Assert.Contains(files, file => Path.GetFileName(file) == "Directory.Build.props");
        Assert.True(unexplained.Count == 0,
            $"Each suppressed warning needs a comment saying why:{Environment.NewLine}" + string.Join(Environment.NewLine, unexplained));
    }

    [Fact]
    public void a_pragma_or_suppress_message_without_a_reason_is_caught_and_one_with_a_reason_is_not()
    {
        // The attribute is split across two literals so that the repository-wide check does not see it in this file.
        var text = string.Join('\n',
            "class C",
            "{",
            "#pragma warning disable CS0168",
            "    // Why: the variable is kept to show the shape of the sample.",
            "#pragma warning disable CS0219",
            "#pragma warning disable CS0162 // unreachable by design of this sample",
            "    [System.Diagnostics.CodeAnalysis.SuppressMessage" + "(\"Style\", \"IDE0060\")]",
            "    void M(int unused) { }",
            "    [SuppressMessage" + "(\"Style\", \"IDE0060\", Justification = \"The signature is fixed by the interface.\")]",
            "    void N(int unused) { }",
            "}");

        var unexplained = BuildHygiene.UnexplainedSuppressions("Sample.cs", text).ToList();

        Assert.Equal(["Sample.cs:3: #pragma warning disable CS0168", "Sample.cs:7: [System.Diagnostics.CodeAnalysis.SuppressMessage"
            + "(\"Style\", \"IDE0060\")]"], unexplained);
    }

    [Fact]
    public void a_no_warn_without_a_reason_is_caught_and_one_with_a_reason_is_not()
    {
        var text = string.Join('\n',
            "<Project>",
            "  <PropertyGroup>",
            "    <NoWarn>$(NoWarn);CS1591</NoWarn>",
            "    <!-- Why: the generated clients carry no documentation",
            "         and cannot be edited. -->",
            "    <NoWarn>$(NoWarn);CS1573</NoWarn>",
            "  </PropertyGroup>",
            "  <ItemGroup>",
            "    <PackageReference Include=\"Some.Package\" NoWarn=\"NU1608\" />",
            "    <PackageReference Include=\"Other.Package\" NoWarn=\"NU1701\" /> <!-- only its net48 build is published -->",
            "  </ItemGroup>",
            "</Project>");

        var unexplained = BuildHygiene.UnexplainedSuppressions("Sample.csproj", text).ToList();

        Assert.Equal(["Sample.csproj:3: <NoWarn>$(NoWarn);CS1591</NoWarn>",
            "Sample.csproj:9: <PackageReference Include=\"Some.Package\" NoWarn=\"NU1608\" />"], unexplained);
    }

    [Fact]
    public void an_analyzer_rule_turned_off_without_a_reason_is_caught_and_one_with_a_reason_is_not()
    {
        var text = string.Join('\n',
            "[*.cs]",
            "dotnet_diagnostic.IDE0058.severity = none",
            "# Fluent builders return values that are ignored on purpose.",
            "dotnet_diagnostic.IDE0058.severity = none",
            "dotnet_diagnostic.CA1822.severity = warning",
            "dotnet_analyzer_diagnostic.category-Style.severity = silent");

        var unexplained = BuildHygiene.UnexplainedSuppressions(".editorconfig", text).ToList();

        Assert.Equal([".editorconfig:2: dotnet_diagnostic.IDE0058.severity = none",
            ".editorconfig:6: dotnet_analyzer_diagnostic.category-Style.severity = silent"], unexplained);
    }

    private static string Relative(string path) => Path.GetRelativePath(Solution.RepositoryRoot, path).Replace('\\', '/');
}
