using System.Reflection;
using System.Text;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Triage.Storage;

namespace Triage.Api;

/// <summary>The two anonymous routes: health and the OpenAPI document.</summary>
internal static class SystemEndpoints
{
    public const string ProbeInstanceId = "triage-health-probe";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private static readonly string Version =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static readonly Lazy<Task<string>> Document = new(() => OpenApiDocumentFactory.Create().SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0));

    public static async Task<IResult> HealthAsync(ApiCall call)
    {
        var storage = await ProbeAsync(async ct =>
        {
            var clients = call.Http.RequestServices.GetService<StorageClients>();
            if (clients is null)
            {
                return "not-configured";
            }

            await foreach (var _ in clients.TableService.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1).WithCancellation(ct))
            {
                break;
            }

            return "ok";
        }, call.Aborted);

        var engine = await ProbeAsync(async ct =>
        {
            await call.Client.GetInstanceAsync(ProbeInstanceId, getInputsAndOutputs: false, ct);
            return "ok";
        }, call.Aborted);

        var healthy = storage == "ok" && engine == "ok";
        return new JsonResponse<HealthView>(
            healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            new HealthView(healthy ? "ok" : "degraded", storage, engine, Version),
            ApiJsonContext.Default.HealthView);
    }

    public static async Task<IResult> OpenApiAsync(ApiCall call)
    {
        var json = await Document.Value;
        return new RawResponse(json, "application/json; charset=utf-8");
    }

    private static async Task<string> ProbeAsync(Func<CancellationToken, Task<string>> probe, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await probe(timeout.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return "unreachable";
        }
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
