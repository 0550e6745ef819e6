namespace Emis.Features.AuditTrail;

public sealed record HashChainExtension(long Added, long Head, string HeadHash);
