namespace Emis.Platform.GraphQL;

/// <summary>A change pushed through a <see cref="LiveFeed{T}"/>: subscribers only ever see their own jurisdiction's.</summary>
public interface ILiveChange
{
    string Jurisdiction { get; }
}
