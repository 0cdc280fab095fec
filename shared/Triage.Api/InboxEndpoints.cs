using Microsoft.AspNetCore.Http;
using Triage.Application.UseCases;
using Triage.Contracts;

namespace Triage.Api;

/// <summary>The approvers' inbox.</summary>
internal static class InboxEndpoints
{
    public static async Task<IResult> ListAsync(ApiCall call)
    {
        var errors = new FieldErrors();
        var (continuation, pageSize) = InputValidation.Page(call.Http.Request.Query, ListInbox.IsContinuation, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var page = await call.UseCase<ListInbox>().RunAsync(call.Caller, continuation, pageSize, call.Aborted);
        return new JsonResponse<InboxPage>(StatusCodes.Status200OK, page, ApiJsonContext.Default.InboxPage);
    }
}
