using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Triage.Application.UseCases;
using Triage.Contracts;

namespace Triage.Api;

/// <summary>
/// The reference data, managed by admins: read the current version (its number is the <c>ETag</c>), open
/// or close a fund, change a partner's status, replace the rate card or the approvers' directory, read the
/// audit log. A change names the version it expects with <c>If-Match</c> (412 when another is current);
/// without it, a change made at the same time as another is made again on top of it.
/// </summary>
internal static class ReferenceDataEndpoints
{
    public static async Task<IResult> GetAsync(ApiCall call)
    {
        var view = await call.UseCase<ShowReferenceData>().RunAsync(call.Aborted);
        return new JsonResponse<ReferenceDataView>(StatusCodes.Status200OK, view, ApiJsonContext.Default.ReferenceDataView)
        {
            Headers = new Dictionary<string, string> { ["ETag"] = ETag(view.Version) },
        };
    }

    public static Task<IResult> OpenFundAsync(ApiCall call) =>
        ChangeAsync(call, (version, by) => call.UseCase<OpenFund>().RunAsync(Body(call), by, version, call.Aborted), StatusCodes.Status201Created);

    public static Task<IResult> CloseFundAsync(ApiCall call) =>
        ChangeAsync(call, (version, by) => call.UseCase<CloseFund>().RunAsync(call.Value("id"), by, version, call.Aborted));

    public static Task<IResult> PartnerStatusAsync(ApiCall call)
    {
        var input = call.Body<PartnerStatusInput>();
        var errors = new FieldErrors();
        InputValidation.PartnerStatus(input, errors);
        return errors.Any
            ? Task.FromResult(errors.ToProblem())
            : ChangeAsync(call, (version, by) => call.UseCase<ChangePartnerStatus>().RunAsync(call.Value("id").ToUpperInvariant(), input, by, version, call.Aborted));
    }

    public static Task<IResult> RateCardAsync(ApiCall call) =>
        ChangeAsync(call, (version, by) => call.UseCase<ReplaceReferenceFile>().RunAsync(ReplaceReferenceFile.RateCard, Body(call), by, version, call.Aborted));

    public static Task<IResult> ApproversAsync(ApiCall call) =>
        ChangeAsync(call, (version, by) => call.UseCase<ReplaceReferenceFile>().RunAsync(ReplaceReferenceFile.Approvers, Body(call), by, version, call.Aborted));

    public static async Task<IResult> AuditAsync(ApiCall call)
    {
        var errors = new FieldErrors();
        var (continuation, pageSize) = InputValidation.Page(call.Http.Request.Query, c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        int? from = continuation is null ? null : int.Parse(continuation, CultureInfo.InvariantCulture);
        var page = await call.UseCase<ListReferenceDataAudit>().RunAsync(from, pageSize, call.Aborted);
        return new JsonResponse<AuditPage>(StatusCodes.Status200OK, page, ApiJsonContext.Default.AuditPage);
    }

    /// <summary>The body of a route whose body is a reference data file or entry, read as plain JSON: the
    /// loader judges it, exactly as it judges the seed files.</summary>
    private static JsonElement Body(ApiCall call) => call.Input is JsonElement e ? e : throw new InvalidOperationException($"{call.Route.Name} has no JSON body.");

    private static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static async Task<IResult> ChangeAsync(ApiCall call, Func<int?, Application.Identity.Caller, Task<ReferenceDataChangeResult>> change, int success = StatusCodes.Status200OK)
    {
        var errors = new FieldErrors();
        var expected = InputValidation.IfMatch(call.Http.Request, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var result = await change(expected, call.Caller);
        return result.Status switch
        {
            ReferenceDataChangeStatus.Saved => new JsonResponse<ReferenceDataSaved>(success, new ReferenceDataSaved(result.Version, result.Fund), ApiJsonContext.Default.ReferenceDataSaved)
            {
                Headers = new Dictionary<string, string> { ["ETag"] = ETag(result.Version) },
            },
            ReferenceDataChangeStatus.Invalid => Problems.Validation(result.Field ?? "$", result.Message ?? "not valid"),
            ReferenceDataChangeStatus.NotFound => Problems.NotFound(result.Message ?? "Not found."),
            ReferenceDataChangeStatus.Conflict => Problems.Conflict(result.Message ?? "Conflict."),
            _ => Problems.Problem(StatusCodes.Status412PreconditionFailed, Problems.PreconditionFailedType, "The reference data changed since the version named in If-Match.", result.Message),
        };
    }
}
