using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using Triage.Application.UseCases;

namespace Triage.Api;

/// <summary>The two anonymous routes: health and the OpenAPI document.</summary>
internal static class SystemEndpoints
{
    private static readonly string Version =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static readonly Lazy<Task<string>> Document = new(() => OpenApiDocumentFactory.Create().SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0));

    public static async Task<IResult> HealthAsync(ApiCall call)
    {
        var report = await call.UseCase<CheckHealth>().RunAsync(call.Client, call.Aborted);
        return new JsonResponse<HealthView>(
            report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            new HealthView(report.Degraded ? "degraded" : "ok", report.Storage, report.Engine, report.StepTimers, Version),
            ApiJsonContext.Default.HealthView);
    }

    public static async Task<IResult> OpenApiAsync(ApiCall call)
    {
        var json = await Document.Value;
        return new RawResponse(json, "application/json; charset=utf-8");
    }

    private sealed class RawResponse(string body, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = contentType;
            await httpContext.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), httpContext.RequestAborted);
        }
    }
}
