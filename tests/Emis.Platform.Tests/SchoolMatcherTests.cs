using Emis.Platform.Imports;

namespace Emis.Platform.Tests;

public sealed class SchoolMatcherTests
{
    internal sealed record School(Guid Id, string Code, string Name, string Municipality) : IImportSchool;

    internal static readonly School Fishta = new(Guid.NewGuid(), "KS-SUH-01", "SHFMU \"Gjergj Fishta\"", "Suharekë");
    internal static readonly School Prekounje = new(Guid.NewGuid(), "BA-KLJ-02", "JU OŠ \"Prekounje\"", "Ključ");
    internal static readonly School Harmani = new(Guid.NewGuid(), "BA-BUZ-03", "JU OŠ \"Harmani II\"", "Bužim");

    internal static SchoolMatcher<School> Matcher() => new([Fishta, Prekounje, Harmani]);

    [Fact]
    public void a_code_wins_and_a_code_in_the_name_column_is_a_code()
    {
        Assert.Same(Prekounje, Matcher().Match("anything", "ba-klj-02").School);
        Assert.Same(Fishta, Matcher().Match("KS-SUH-01", null).School);
    }

    [Fact]
    public void a_name_is_matched_ignoring_case_accents_quotes_and_spacing()
    {
        var match = Matcher().Match("shfmu  gjergj fishta", null);
        Assert.Same(Fishta, match.School);
        Assert.True(match.Exact);
    }

    [Fact]
    public void a_typo_is_matched_when_clearly_closest_and_never_guessed_otherwise()
    {
        var typo = Matcher().Match("JU OŠ \"aHrmani II\"", null);
        Assert.Same(Harmani, typo.School);
        Assert.True(typo.Confidence is > 0.85 and < 1.0);

        var unknown = Matcher().Match("Gymnasium Sarajevo", null);
        Assert.Null(unknown.School);
        Assert.Empty(unknown.Candidates);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ab", "ba", 1)]
    [InlineData("fishta", "fishta", 0)]
    public void distance_counts_edits_with_adjacent_swaps(string a, string b, int edits) => Assert.Equal(edits, SchoolMatcher.Distance(a, b, 5));
}
