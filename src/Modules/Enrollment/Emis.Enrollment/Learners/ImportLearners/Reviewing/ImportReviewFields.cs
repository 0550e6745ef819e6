using Emis.Platform.Auth;
using Emis.Platform.GraphQL;
using Emis.Platform.Imports;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Emis.Enrollment.Learners.ImportLearners.Reviewing;

internal static class ImportReviewFields
{
    private static readonly string[] Reviewers = [Roles.MinistryAdmin, Roles.MunicipalityOfficer, Roles.SchoolAdmin];

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<LearnerImportGraphType>("learnerImport")
            .Description(
                "A learner import and its report (rows in your scope), or null. Children's personal data: ministry admins, municipality officers " +
                "and school admins only.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await Review(c).ImportAsync(c.RequireRole(Reviewers), c.GetArgument<Guid>("id"), c.CancellationToken));

        query.Field<ConnectionGraphType<ImportRowResultGraphType, RowResult>>("importReview")
            .Description(
                "The rows of an import held for review, in your scope and file order; resolve each with resolveImportRow. Null when the import is " +
                "not in your scope.")
            .Argument<NonNullGraphType<IdGraphType>>("importId")
            .Argument<IntGraphType>("first", "Page size (default 50, at most 500).")
            .Argument<StringGraphType>("after", "Cursor of the last edge of the previous page.")
            .ResolveAsync(async c =>
            {
                var caller = c.RequireRole(Reviewers);
                var review = Review(c);
                var import = await review.ImportAsync(caller, c.GetArgument<Guid>("importId"), c.CancellationToken);
                if (import is null) return null;
                return await review.RowsAsync(caller, import, [RowStatus.Review], Cursor.OffsetAfter(c.GetArgument<string?>("after")),
                    Cursor.PageSize(c.GetArgument<int?>("first")), c.CancellationToken);
            });
    }

    public static ImportReview Review(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<ImportReview>();
}
