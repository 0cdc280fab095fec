using Microsoft.AspNetCore.Http;
using Triage.Application.UseCases;
using Triage.Contracts;

namespace Triage.Api;

/// <summary>Trust fund balances, contributions, the demand-vs-funding report and the pipeline report.</summary>
internal static class FundEndpoints
{
    public static async Task<IResult> ListAsync(ApiCall call)
    {
        var funds = await call.UseCase<ListFunds>().RunAsync(call.Aborted);
        return new JsonResponse<IReadOnlyList<FundView>>(StatusCodes.Status200OK, funds, ApiJsonContext.Default.IReadOnlyListFundView);
    }

    /// <summary>An <c>Idempotency-Key</c> makes a retry answer the same (the fund right after the
    /// contribution) and count once; the same key with another fund or body is 409.</summary>
    public static async Task<IResult> ContributeAsync(ApiCall call)
    {
        var input = call.Body<ContributionInput>();
        var errors = new FieldErrors();
        var key = InputValidation.IdempotencyKey(call.Http, errors);
        InputValidation.Contribution(input, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var id = call.Value("id");
        var result = await call.UseCase<RecordContribution>().RunAsync(new ContributionCommand(id, input, call.Caller.Subject, key), call.Client, call.Aborted);
        if (!result.Succeeded)
        {
            return Problems.Refused(result.Outcome);
        }

        return result.Fund is null
            ? new EmptyResponse(StatusCodes.Status204NoContent)
            : new JsonResponse<FundView>(StatusCodes.Status200OK, result.Fund, ApiJsonContext.Default.FundView);
    }

    public static async Task<IResult> PipelineAsync(ApiCall call)
    {
        var report = await call.UseCase<GetPipelineReport>().RunAsync(call.Aborted);
        return new JsonResponse<PipelineReport>(StatusCodes.Status200OK, report, ApiJsonContext.Default.PipelineReport);
    }

    public static async Task<IResult> DemandAsync(ApiCall call)
    {
        var report = await call.UseCase<GetDemandReport>().RunAsync(call.Aborted);
        return new JsonResponse<DemandReport>(StatusCodes.Status200OK, report, ApiJsonContext.Default.DemandReport);
    }
}
