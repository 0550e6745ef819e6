using Emis.Platform.GraphQL;
using GraphQL;
using GraphQL.Types;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Credentials.Diplomas;

internal static class DiplomaFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<DiplomaGraphType, DiplomaView>>>("diplomas")
            .Description("Diplomas in your scope (the ministry all, a municipality officer its schools', a school its own), by school and "
                + "date drafted.")
            .Argument<DiplomaFilterGraphType>("filter")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                var first = Cursor.PageSize(c.GetArgument<int?>("first"));
                var offset = Cursor.OffsetAfter(c.GetArgument<string?>("after"));
                var filter = c.GetArgument<DiplomaFilter?>("filter") ?? new DiplomaFilter();
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                IQueryable<DiplomaView> diplomas = session.Query<DiplomaView>();
                switch (caller.Role)
                {
                    case Platform.Auth.Roles.MinistryAdmin or Platform.Auth.Roles.MinistryAnalyst:
                        break;
                    case Platform.Auth.Roles.MunicipalityOfficer when caller.Municipality?.Trim() is { Length: > 0 } municipality:
                        diplomas = diplomas.Where(d => d.Municipality == municipality);
                        break;
                    case Platform.Auth.Roles.SchoolAdmin when caller.NormalisedSchoolCode is { } code:
                        diplomas = diplomas.Where(d => d.SchoolCode == code);
                        break;
                    default:
                        return new Page<DiplomaView>([], offset, 0);
                }
                if (filter.SchoolYear?.Trim() is { Length: > 0 } year) diplomas = diplomas.Where(d => d.SchoolYear == year);
                if (filter.SchoolId is { } school) diplomas = diplomas.Where(d => d.SchoolId == school);
                if (filter.Municipality?.Trim() is { Length: > 0 } named) diplomas = diplomas.Where(d => d.Municipality == named);
                if (filter.Status is { } status) diplomas = diplomas.Where(d => d.Status == status);
                if (filter.LearnerId is { } learner) diplomas = diplomas.Where(d => d.LearnerId == learner);
                if (filter.SectionId is { } section) diplomas = diplomas.Where(d => d.SectionId == section);
                var page = await diplomas.Stats(out var stats).OrderBy(d => d.SchoolCode).ThenBy(d => d.DraftedAt).ThenBy(d => d.Id)
                    .Skip(offset).Take(first).ToListAsync(c.CancellationToken);
                return new Page<DiplomaView>([.. page], offset, (int)stats.TotalResults);
            });

        query.Field<DiplomaGraphType>("diploma")
            .Description("A diploma by its id, in your scope.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var caller = c.Caller();
                await using var session = Store(c).QuerySession(caller.Jurisdiction);
                var diploma = await session.LoadAsync<DiplomaView>(c.GetArgument<Guid>("id"), c.CancellationToken);
                return diploma is not null && DiplomaAccess.Sees(caller, diploma) ? diploma : null;
            });

        query.Field<NonNullGraphType<DiplomaIssuerGraphType>>("diplomaIssuer")
            .Description("Your jurisdiction's diploma issuer: its did:web identifier, DID document and keys.")
            .ResolveAsync(async c =>
            {
                var jurisdiction = c.Caller().Jurisdiction;
                var settings = c.RequestServices!.GetRequiredService<DiplomaSettings>();
                var keys = await c.RequestServices!.GetRequiredService<PublicCredentials>().IssuerKeysAsync(jurisdiction, c.CancellationToken);
                return new DiplomaIssuer(settings.IssuerDid(jurisdiction), settings.IssuerName(jurisdiction),
                    settings.Public($"{jurisdiction}/did.json").AbsoluteUri, keys ?? [], settings.KeyEncryptionKey is not null);
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<DiplomasPayloadGraphType>>("draftDiplomas")
            .Description("Draft again the diplomas of a section's graduates from the records as they stand (they are drafted when the school "
                + "confirms its results; after a mark is corrected, say). Issued diplomas are re-issued instead (school admin, ministry admin).")
            .Argument<NonNullGraphType<IdGraphType>>("sectionId")
            .ResolveAsync(async c => await RunAsync(c, new DraftDiplomas(c.GetArgument<Guid>("sectionId"))));
        mutation.Field<NonNullGraphType<DiplomasPayloadGraphType>>("issueDiplomas")
            .Description("Issue every diploma draft of a school year at a school, in a municipality or in the jurisdiction (ministry admin).")
            .Argument<NonNullGraphType<IssueDiplomasInputGraphType>>("input")
            .ResolveAsync(async c => await RunAsync(c, c.GetArgument<IssueDiplomas>("input")));
        mutation.Field<NonNullGraphType<DiplomasPayloadGraphType>>("issueDiploma")
            .Description("Issue one diploma draft (ministry admin).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await RunAsync(c, new IssueDiploma(c.GetArgument<Guid>("id"))));
        mutation.Field<NonNullGraphType<DiplomasPayloadGraphType>>("revokeDiploma")
            .Description("Revoke an issued diploma with the reason: its status list entry is set, so every verifier sees it revoked "
                + "(ministry admin).")
            .Argument<NonNullGraphType<RevokeDiplomaInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                // The reason stays in the event, sealed with the learner's key; it is not copied into the event's headers.
                return await RunAsync(c, c.GetArgument<RevokeDiploma>("input"));
            });
        mutation.Field<NonNullGraphType<DiplomasPayloadGraphType>>("reissueDiploma")
            .Description("Re-issue a corrected diploma: the old one is revoked, a new one drafted from the records as they stand and issued, "
                + "naming the one it replaces (ministry admin). The payload's diploma is the new one.")
            .Argument<NonNullGraphType<ReissueDiplomaInputGraphType>>("input")
            .ResolveAsync(async c =>
            {
                return await RunAsync(c, c.GetArgument<ReissueDiploma>("input"));
            });
        mutation.Field<NonNullGraphType<DiplomasPayloadGraphType>>("rotateDiplomaKey")
            .Description("Make a new signing key for the jurisdiction's diplomas; the old keys stay in the DID document, so every diploma "
                + "issued still verifies (ministry admin).")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c => await RunAsync(c, new RotateDiplomaKey(c.GetArgument<string>("reason")), c.GetArgument<string>("reason")));
    }

    private static async Task<DiplomasPayload> RunAsync<TCommand>(IResolveFieldContext c, TCommand command, string? reason = null)
        where TCommand : notnull =>
        await MutationRunner.RunAsync<TCommand, DiplomasRecorded, DiplomasPayload>(c, command, async recorded =>
        {
            await using var session = Store(c).QuerySession(c.Caller().Jurisdiction);
            var ids = recorded!.DiplomaIds.Take(100).ToList();
            var diplomas = await session.LoadManyAsync<DiplomaView>(c.CancellationToken, ids);
            return new DiplomasPayload(recorded.Count, [.. diplomas.OrderBy(d => ids.IndexOf(d.Id))], []);
        }, reason);

    private static IDocumentStore Store(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<IDocumentStore>();
}
