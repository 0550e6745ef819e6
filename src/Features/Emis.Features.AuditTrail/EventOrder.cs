namespace Emis.Features.AuditTrail;

public enum EventOrder
{
    OldestFirst,
    NewestFirst,
}
