using System.Security.Cryptography;
using System.Text;

namespace Emis.Platform.Events;

/// <summary>
/// RFC 4122 version 5 (SHA-1, name-based) identifiers: the same name under the same namespace always gives the same
/// id. Streams whose identity is a fact (a school's code, a class's day) use them, so that two writers creating the
/// same thing at once collide on the stream id instead of creating it twice.
/// </summary>
public static class NameBasedGuid
{
    public static Guid Create(Guid namespaceId, string name)
    {
        var text = Encoding.UTF8.GetBytes(name);
        var bytes = new byte[16 + text.Length];
        namespaceId.TryWriteBytes(bytes, bigEndian: true, out _);
        text.CopyTo(bytes, 16);
        var hash = SHA1.HashData(bytes);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
