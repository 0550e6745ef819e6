using System.Globalization;
using System.Numerics;
using Emis.Credentials.Contracts;
using Emis.Credentials.Identity;

namespace Emis.Credentials.Tests;

/// <summary>The product contract's EduID and account-name rules, checked against their definitions.</summary>
public sealed class IdentityTests
{
    [Fact]
    public void a_new_eduid_is_twelve_digits_whose_whole_number_mod_97_is_1()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var id = EduId.New();
            Assert.Equal(12, id.Length);
            Assert.All(id, c => Assert.True(char.IsAsciiDigit(c)));
            // ISO 7064 MOD 97-10 computed independently, over the whole number as a big integer.
            Assert.Equal(BigInteger.One, BigInteger.Parse(id, CultureInfo.InvariantCulture) % 97);
            Assert.True(EduId.IsValid(id));
        }
    }

    [Fact]
    public void eduids_are_random_not_sequential()
    {
        var bodies = Enumerable.Range(0, 1_000).Select(_ => long.Parse(EduId.New()[..10], CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(bodies.Count, bodies.Distinct().Count());
        var steps = bodies.Zip(bodies.Skip(1), (a, b) => Math.Abs(b - a)).ToList();
        Assert.True(steps.Count(step => step <= 1) == 0, "consecutive EduIDs must not follow one another");
        // Every leading digit turns up: the body is drawn over all ten digits, not a narrow range.
        Assert.Equal(10, bodies.Select(b => b.ToString("D10", CultureInfo.InvariantCulture)[0]).Distinct().Count());
    }

    [Theory]
    [InlineData("123456789012", false)]
    [InlineData("1234 5678 9012", false)]
    [InlineData("12345678901", false)]
    [InlineData("abcdefghijkl", false)]
    [InlineData(null, false)]
    public void a_malformed_or_wrong_check_eduid_is_not_valid(string? text, bool valid) => Assert.Equal(valid, EduId.IsValid(text));

    [Fact]
    public void one_changed_digit_or_two_swapped_digits_fail_the_check()
    {
        var id = EduId.WithCheckDigits("3141592653");
        Assert.True(EduId.IsValid(id));
        Assert.True(EduId.IsValid(EduId.Grouped(id)));
        for (var i = 0; i < 12; i++)
        {
            var changed = id[..i] + (char)('0' + ((id[i] - '0' + 1) % 10)) + id[(i + 1)..];
            Assert.False(EduId.IsValid(changed), $"digit {i} changed");
        }
        for (var i = 0; i < 11; i++)
        {
            if (id[i] == id[i + 1]) continue;
            var swapped = id[..i] + id[i + 1] + id[i] + id[(i + 2)..];
            Assert.False(EduId.IsValid(swapped), $"digits {i} and {i + 1} swapped");
        }
    }

    [Fact]
    public void an_eduid_is_shown_in_groups_of_four() => Assert.Equal("3141 5926 5303", EduId.Grouped("314159265303"));

    [Theory]
    [InlineData("Ëlira", "Çeku", "elira.ceku@d.example")]
    [InlineData("Đorđe", "Džeko", "djordje.dzeko@d.example")]
    [InlineData("Šejla", "Žunić", "sejla.zunic@d.example")]
    [InlineData("Ayşe", "Yılmaz", "ayse.yilmaz@d.example")]
    [InlineData("Gökhan", "Öztürk", "gokhan.ozturk@d.example")]
    [InlineData("Ana  Marija", "O'Neil", "ana-marija.oneil@d.example")]
    [InlineData("Jean--Luc", "Pré - Vost", "jean-luc.pre-vost@d.example")]
    public void account_names_are_transliterated_lower_case_ascii(string first, string last, string expected) =>
        Assert.Equal(expected, Usernames.Candidates(first, null, last, "d.example").First());

    [Fact]
    public void on_a_collision_the_parents_initial_comes_first_then_a_number()
    {
        var candidates = Usernames.Candidates("Arben", "Ilir", "Gashi", "d.example").Take(4).ToList();

        Assert.Equal(["arben.gashi@d.example", "arben.i.gashi@d.example", "arben.gashi2@d.example", "arben.gashi3@d.example"], candidates);
    }

    [Fact]
    public void issued_identifiers_never_hand_out_a_name_or_eduid_twice()
    {
        var taken = new PersonIdentity(Guid.NewGuid(), EduId.New(), "arben.gashi@d.example");
        var issued = new IssuedIdentifiers("d.example", [taken]);

        var names = Enumerable.Range(0, 3).Select(_ => issued.NextUsername("Arben", "Ilir", "Gashi")).ToList();
        var eduIds = Enumerable.Range(0, 500).Select(_ => issued.NextEduId()).ToList();

        Assert.Equal(["arben.i.gashi@d.example", "arben.gashi2@d.example", "arben.gashi3@d.example"], names);
        Assert.Equal(eduIds.Count, eduIds.Distinct().Count());
        Assert.DoesNotContain(taken.EduId, eduIds);
        Assert.Same(taken, issued.Of(taken.PersonId));
        Assert.Equal(1, issued.Count);
    }
}
