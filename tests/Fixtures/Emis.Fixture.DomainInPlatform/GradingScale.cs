namespace Emis.Platform.Grading;

/// <summary>A domain type: which marks pass. It belongs to a module (learning records), never to the platform.</summary>
public sealed record GradingScale(int Lowest, int Highest, int LowestPassing);
