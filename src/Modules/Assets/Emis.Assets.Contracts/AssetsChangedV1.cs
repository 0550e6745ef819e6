using Wolverine.Attributes;

namespace Emis.Assets.Contracts;

/// <summary>
/// Published (through the outbox, on a durable local queue) whenever a school's infrastructure, connectivity or devices
/// change. Carries ids and places only, never to whom a device is loaned.
/// </summary>
/// <param name="Change">infrastructure_changed, connectivity_changed, device_changed, norms_changed.</param>
[MessageIdentity("assets.assets_changed", Version = 1)]
public sealed record AssetsChangedV1(string Jurisdiction, IReadOnlyList<Guid> SchoolIds, string Change);
