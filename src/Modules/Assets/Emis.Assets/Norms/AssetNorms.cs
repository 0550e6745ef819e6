using System.Globalization;
using Emis.Assets.Contracts;
using Emis.Assets.Devices;
using Emis.Platform.Auth;
using Emis.Platform.Commands;
using Emis.Platform.Events;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Emis.Assets.Norms;

/// <summary>What a device norm counts from: classrooms in use, learners of some grades, or the school itself.</summary>
public enum NormBasis
{
    PerClassroom,
    PerLearners,
    PerSchool,
}

/// <summary>
/// A norm: <see cref="Quantity"/> devices of a type per classroom or per school, or one per <see cref="LearnersPerDevice"/>
/// learners of grades <see cref="GradeFrom"/>–<see cref="GradeTo"/> (rounded up).
/// </summary>
public sealed record DeviceNorm(string Code, string Description, DeviceType DeviceType, NormBasis Basis, int Quantity, int? LearnersPerDevice,
    int? GradeFrom, int? GradeTo);

/// <summary>A price of the jurisdiction's price list: a device type's unit price in a currency.</summary>
public sealed record DevicePrice(DeviceType DeviceType, string Currency, decimal UnitPrice);

public sealed record DeviceNormSet(Guid NormsId, DeviceNorm Norm);

public sealed record DeviceNormRemoved(Guid NormsId, string Code);

/// <summary>The least bandwidth down a school needs per learner, in Mbit/s (schools below are counted by the connectivity figures).</summary>
public sealed record BandwidthNormSet(Guid NormsId, decimal MbpsPerLearner);

public sealed record DevicePriceSet(Guid NormsId, DevicePrice Price);

/// <summary>A jurisdiction's device norms, bandwidth norm and price list. One stream per jurisdiction.</summary>
public sealed class AssetNormsView
{
    private static readonly Guid Namespace = new("e41f8a27-6b3c-4f95-a0d2-7c5e1b9f3a64");

    public Guid Id { get; set; }
    public List<DeviceNorm> Norms { get; set; } = [];
    public decimal? MbpsPerLearner { get; set; }
    public List<DevicePrice> Prices { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public static Guid IdFor(string jurisdiction) =>
        NameBasedGuid.Create(Namespace, string.Create(CultureInfo.InvariantCulture, $"{jurisdiction.ToLowerInvariant()}/asset-norms"));

    public DeviceNorm? Norm(string code) => Norms.FirstOrDefault(n => string.Equals(n.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    public decimal? PriceOf(DeviceType type, string currency) =>
        Prices.FirstOrDefault(p => p.DeviceType == type && p.Currency == currency)?.UnitPrice;
}

public sealed class AssetNormsProjection : SingleStreamProjection<AssetNormsView, Guid>
{
    public static AssetNormsView Create(IEvent<DeviceNormSet> e) => Apply(e, new AssetNormsView { Id = e.StreamId });

    public static AssetNormsView Create(IEvent<BandwidthNormSet> e) => Apply(e, new AssetNormsView { Id = e.StreamId });

    public static AssetNormsView Create(IEvent<DevicePriceSet> e) => Apply(e, new AssetNormsView { Id = e.StreamId });

    public static AssetNormsView Apply(IEvent<DeviceNormSet> e, AssetNormsView view)
    {
        view.Norms = [.. view.Norms.Where(n => n.Code != e.Data.Norm.Code), e.Data.Norm];
        view.Norms.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return Stamp(e, view);
    }

    public static AssetNormsView Apply(IEvent<DeviceNormRemoved> e, AssetNormsView view)
    {
        view.Norms = [.. view.Norms.Where(n => n.Code != e.Data.Code)];
        return Stamp(e, view);
    }

    public static AssetNormsView Apply(IEvent<BandwidthNormSet> e, AssetNormsView view)
    {
        view.MbpsPerLearner = e.Data.MbpsPerLearner;
        return Stamp(e, view);
    }

    public static AssetNormsView Apply(IEvent<DevicePriceSet> e, AssetNormsView view)
    {
        var p = e.Data.Price;
        view.Prices = [.. view.Prices.Where(x => x.DeviceType != p.DeviceType || x.Currency != p.Currency), p];
        view.Prices.Sort((a, b) => a.DeviceType != b.DeviceType ? a.DeviceType.CompareTo(b.DeviceType) : string.CompareOrdinal(a.Currency,
            b.Currency));
        return Stamp(e, view);
    }

    private static AssetNormsView Stamp(IEvent e, AssetNormsView view)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = e.Version;
        return view;
    }
}

/// <summary>Set (or replace) a device norm of the jurisdiction (ministry only).</summary>
public sealed record SetDeviceNorm(string Code, string Description, DeviceType DeviceType, NormBasis Basis, int Quantity, int? LearnersPerDevice,
    int? GradeFrom, int? GradeTo)
{
    public sealed class Validator : AbstractValidator<SetDeviceNorm>
    {
        public Validator()
        {
            RuleFor(x => x.Code).NotEmpty().WithMessage("A norm needs a code (LAPTOP-CLASSROOM).")
                .Matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$").WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A norm's code is 1 to 40 letters, digits, dots, hyphens or underscores.");
            RuleFor(x => x.Description).NotEmpty().WithMessage("Say what the norm is for (a laptop in every classroom).")
                .MaximumLength(200).WithErrorCode(ErrorCodes.Invalid).WithMessage("A description is at most 200 characters.");
            RuleFor(x => x.DeviceType).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Basis).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Quantity).InclusiveBetween(1, 100).When(x => x.Basis != NormBasis.PerLearners).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A norm asks for 1 to 100 devices per classroom or per school.");
            RuleFor(x => x.LearnersPerDevice).NotNull().When(x => x.Basis == NormBasis.PerLearners)
                .WithMessage("A norm per learners says how many learners share one device.");
            RuleFor(x => x.LearnersPerDevice).InclusiveBetween(1, 1000).When(x => x.LearnersPerDevice is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("One device per 1 to 1000 learners.");
            RuleFor(x => x.LearnersPerDevice).Null().When(x => x.Basis != NormBasis.PerLearners).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("Only a norm per learners has learners per device.");
            RuleFor(x => x.GradeFrom).InclusiveBetween(0, 13).When(x => x.GradeFrom is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A grade is 0 to 13.");
            RuleFor(x => x.GradeTo).InclusiveBetween(0, 13).When(x => x.GradeTo is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A grade is 0 to 13.");
            RuleFor(x => x.GradeTo).GreaterThanOrEqualTo(x => x.GradeFrom).When(x => x.GradeFrom is not null && x.GradeTo is not null)
                .WithErrorCode(ErrorCodes.Invalid).WithMessage("The last grade comes after the first.");
            RuleFor(x => x.GradeFrom).Null().When(x => x.Basis != NormBasis.PerLearners).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("Only a norm per learners counts grades.");
        }
    }
}

public sealed record RemoveDeviceNorm(string Code)
{
    public sealed class Validator : AbstractValidator<RemoveDeviceNorm>
    {
        public Validator() => RuleFor(x => x.Code).NotEmpty().WithMessage("The norm's code is required.");
    }
}

public sealed record SetBandwidthNorm(decimal MbpsPerLearner)
{
    public sealed class Validator : AbstractValidator<SetBandwidthNorm>
    {
        public Validator() => RuleFor(x => x.MbpsPerLearner).GreaterThan(0m).LessThanOrEqualTo(1000m).WithErrorCode(ErrorCodes.Invalid)
            .WithMessage("The bandwidth per learner is more than 0 and at most 1000 Mbit/s.");
    }
}

public sealed record SetDevicePrice(DeviceType DeviceType, string Currency, decimal UnitPrice)
{
    public sealed class Validator : AbstractValidator<SetDevicePrice>
    {
        public Validator()
        {
            RuleFor(x => x.DeviceType).IsInEnum().WithErrorCode(ErrorCodes.Invalid);
            RuleFor(x => x.Currency).NotEmpty().WithMessage("The currency is required (BAM, EUR).")
                .Must(c => Platform.Text.CurrencyCode.Of(c) is not null).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A currency is an ISO 4217 code of three letters (BAM, EUR).");
            RuleFor(x => x.UnitPrice).GreaterThan(0m).LessThanOrEqualTo(10_000_000m).WithErrorCode(ErrorCodes.Invalid)
                .WithMessage("A unit price is more than 0 and at most 10,000,000.")
                .Must(p => decimal.Round(p, 2) == p).WithErrorCode(ErrorCodes.Invalid).WithMessage("A unit price has at most 2 decimals.");
        }
    }
}

public static class AssetNormsHandler
{
    public static async Task<AssetsChangedV1> Handle(SetDeviceNorm command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AssetNormsView>(AssetNormsView.IdFor(session.TenantId), ct);
        var norm = new DeviceNorm(command.Code.Trim().ToUpperInvariant(), command.Description.Trim(), command.DeviceType, command.Basis,
            command.Basis == NormBasis.PerLearners ? 1 : command.Quantity, command.LearnersPerDevice, command.GradeFrom, command.GradeTo);
        if (stream.Aggregate?.Norm(norm.Code) == norm)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "code", $"Norm {norm.Code} is already so.");
        }
        stream.AppendOne(new DeviceNormSet(AssetNormsView.IdFor(session.TenantId), norm));
        return new AssetsChangedV1(session.TenantId, [], "norms_changed");
    }

    public static async Task<AssetsChangedV1> Handle(RemoveDeviceNorm command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AssetNormsView>(AssetNormsView.IdFor(session.TenantId), ct);
        var norm = stream.Aggregate?.Norm(command.Code)
            ?? throw new CommandRejectedException(ErrorCodes.NotFound, "code", $"There is no norm {command.Code.Trim().ToUpperInvariant()}.");
        stream.AppendOne(new DeviceNormRemoved(AssetNormsView.IdFor(session.TenantId), norm.Code));
        return new AssetsChangedV1(session.TenantId, [], "norms_changed");
    }

    public static async Task<AssetsChangedV1> Handle(SetBandwidthNorm command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AssetNormsView>(AssetNormsView.IdFor(session.TenantId), ct);
        if (stream.Aggregate?.MbpsPerLearner == command.MbpsPerLearner)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "mbpsPerLearner", "The bandwidth norm is already so.");
        }
        stream.AppendOne(new BandwidthNormSet(AssetNormsView.IdFor(session.TenantId), command.MbpsPerLearner));
        return new AssetsChangedV1(session.TenantId, [], "norms_changed");
    }

    public static async Task<AssetsChangedV1> Handle(SetDevicePrice command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AssetNormsView>(AssetNormsView.IdFor(session.TenantId), ct);
        var price = new DevicePrice(command.DeviceType, Platform.Text.CurrencyCode.Of(command.Currency)!, command.UnitPrice);
        if (stream.Aggregate?.PriceOf(price.DeviceType, price.Currency) == price.UnitPrice)
        {
            throw new CommandRejectedException(ErrorCodes.Unchanged, "unitPrice", "The price is already so.");
        }
        stream.AppendOne(new DevicePriceSet(AssetNormsView.IdFor(session.TenantId), price));
        return new AssetsChangedV1(session.TenantId, [], "norms_changed");
    }
}

/// <summary>The ministry owns the norms and the price list.</summary>
internal sealed class AssetNormsPolicy : ICommandPolicy<SetDeviceNorm>, ICommandPolicy<RemoveDeviceNorm>, ICommandPolicy<SetBandwidthNorm>,
    ICommandPolicy<SetDevicePrice>
{
    public Task<UserError?> AuthorizeAsync(Caller caller, SetDeviceNorm command, CancellationToken ct) =>
        Task.FromResult(AssetsAccess.MinistryOnly(caller, "set a device norm"));

    public Task<UserError?> AuthorizeAsync(Caller caller, RemoveDeviceNorm command, CancellationToken ct) =>
        Task.FromResult(AssetsAccess.MinistryOnly(caller, "remove a device norm"));

    public Task<UserError?> AuthorizeAsync(Caller caller, SetBandwidthNorm command, CancellationToken ct) =>
        Task.FromResult(AssetsAccess.MinistryOnly(caller, "set the bandwidth norm"));

    public Task<UserError?> AuthorizeAsync(Caller caller, SetDevicePrice command, CancellationToken ct) =>
        Task.FromResult(AssetsAccess.MinistryOnly(caller, "set the price list"));
}
