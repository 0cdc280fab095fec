using Microsoft.AspNetCore.Http;

namespace Triage.Api;

/// <summary>A status and no body (204, and 499 when the client went away).</summary>
internal sealed class EmptyResponse(int status) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
