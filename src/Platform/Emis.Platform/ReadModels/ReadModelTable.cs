namespace Emis.Platform.ReadModels;

public sealed record ReadModelTable(string Name, IReadOnlyList<string> Key, IReadOnlyList<string> Compared, IReadOnlyList<string>? Generated = null,
    IReadOnlyList<string>? Personal = null)
{
    public IReadOnlyList<string> GeneratedColumns => Generated ?? [];

    public IReadOnlyList<string> PersonalColumns => Personal ?? [];
}
