namespace Emis.Features.AuditTrail;

public sealed record HashChainVerification(long EventsChecked, long Head, string HeadHash, ChainBreak? FirstBreak)
{
    public bool Ok => FirstBreak is null;
}
