namespace Emis.Platform.Auth;

/// <summary>One class section of a school: a grade and the section's name within it.</summary>
public sealed record ClassSection(int Grade, string Section)
{
    public override string ToString() => $"{Grade}:{Section}";
}
