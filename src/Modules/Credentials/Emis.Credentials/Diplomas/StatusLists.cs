using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Marten;

namespace Emis.Credentials.Diplomas;

/// <summary>
/// W3C Bitstring Status List v1.0 for revocation: each jurisdiction's diplomas are spread over lists of
/// <see cref="Size"/> entries, named <c>&lt;jurisdiction&gt;-&lt;n&gt;</c>, each diploma at a random free index (so that an
/// index says nothing about when or where a diploma was issued, and a verifier fetching a list tells Emis nothing about
/// which diploma it checks). A list takes diplomas until half of it is used (random picks stay cheap, and every list keeps a
/// large herd of unused entries); then the next list opens. A bit is 1 when the diploma at that index is revoked.
/// </summary>
public static class StatusLists
{
    /// <summary>Entries per list: the specification's minimum of 131,072 (16 KB), for group privacy.</summary>
    public const int Size = 131_072;

    /// <summary>Diplomas a list takes before the next one opens.</summary>
    public const int Capacity = Size / 2;

    public static string Name(string jurisdiction, int number) => string.Create(CultureInfo.InvariantCulture, $"{jurisdiction}-{number}");

    /// <summary>The jurisdiction and number of a list's name, or null when it is not one.</summary>
    public static (string Jurisdiction, int Number)? Parse(string list)
    {
        var dash = list.LastIndexOf('-');
        return dash > 0 && int.TryParse(list.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? (list[..dash], number)
            : null;
    }

    /// <summary>
    /// Picks a random free entry for each of <paramref name="count"/> diplomas. The caller holds <see cref="DiplomaLock"/> until
    /// its transaction commits, so that two issuances never pick the same entry.
    /// </summary>
    public static async Task<IReadOnlyList<(string List, int Index)>> AllocateAsync(IDocumentSession session, int count, CancellationToken ct)
    {
        var lists = await session.Query<DiplomaView>().Where(d => d.StatusList != null).Select(d => d.StatusList!).Distinct().ToListAsync(ct);
        var number = lists.Select(Parse).Where(p => p is not null).Select(p => p!.Value.Number).DefaultIfEmpty(1).Max();
        var name = Name(session.TenantId, number);
        var taken = new HashSet<int>((await session.Query<DiplomaView>().Where(d => d.StatusList == name).Select(d => new { d.StatusIndex })
            .ToListAsync(ct)).Select(d => d.StatusIndex ?? -1));
        var picked = new List<(string, int)>(count);
        for (var i = 0; i < count; i++)
        {
            if (taken.Count >= Capacity)
            {
                number++;
                name = Name(session.TenantId, number);
                taken.Clear();
            }
            int index;
            do index = RandomNumberGenerator.GetInt32(Size);
            while (!taken.Add(index));
            picked.Add((name, index));
        }
        return picked;
    }

    /// <summary>The list's bitstring (index 0 the first byte's most significant bit), GZIP-compressed, multibase base64url (<c>u…</c>).</summary>
    public static string Encode(IEnumerable<int> revoked)
    {
        var bits = new byte[Size / 8];
        foreach (var index in revoked)
        {
            if (index is < 0 or >= Size) throw new ArgumentOutOfRangeException(nameof(revoked), index, "An index lies outside the list.");
            bits[index >> 3] |= (byte)(0x80 >> (index & 7));
        }
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bits);
        return "u" + Base64Url.EncodeToString(output.ToArray());
    }
}
