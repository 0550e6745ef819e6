namespace Emis.Credentials.Contracts;

/// <summary>The identity a person was issued: their EduID and account name.</summary>
public sealed record PersonIdentity(Guid PersonId, string EduId, string Username);
