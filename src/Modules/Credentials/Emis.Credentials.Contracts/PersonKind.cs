namespace Emis.Credentials.Contracts;

/// <summary>Whose identity an account is.</summary>
public enum PersonKind
{
    Learner,
    Staff,
}
