using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Triage.FunctionsHost.Rpc;
using Triage.FunctionsHost.Worker;

namespace Triage.FunctionsHost;

/// <summary>
/// HTTP triggers with the ASP.NET Core integration, as the Functions host serves them: the request is
/// matched to a function (route prefix, route template, method; <see cref="FunctionIndex"/>), then at
/// the same moment the invocation goes to the worker over gRPC and the raw request goes to the worker's
/// own Kestrel (<c>HttpUri</c>) with <c>x-ms-invocation-id</c>, which is how the worker pairs the two.
/// The answer is the forwarded call's; the invocation's result only says whether the function failed.
/// A path no function takes answers 404 with no body, as the host does.
/// </summary>
public sealed class HttpForwarder(StartedWorker worker, FunctionInvoker invoker, string routePrefix, HttpMessageInvoker http, ILogger<HttpForwarder> logger)
{
    private const string InvocationHeader = "x-ms-invocation-id";

    // Hop-by-hop headers belong to one connection, not to the request (RFC 9110 section 7.6.1).
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    public async Task ForwardAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var function = context.Request.Path.StartsWithSegments("/" + routePrefix, StringComparison.OrdinalIgnoreCase, out var below)
            ? worker.Functions.MatchHttp(context.Request.Method, below)
            : null;
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        var trigger = new TypedData { Http = new RpcHttp { Method = context.Request.Method, Url = context.Request.GetEncodedUrl() } };
        var invocation = invoker.InvokeAsync(function, trigger, context.RequestAborted, invocationId);
        try
        {
            using var forwarded = ToWorker(context, invocationId);
            using var answer = await http.SendAsync(forwarded, context.RequestAborted);
            await CopyAsync(answer, context);
        }
        catch (HttpRequestException e)
        {
            logger.LogError(e, "The worker did not answer {Method} {Path} ({Function})", context.Request.Method, context.Request.Path, function.Name);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }

        try
        {
            var result = await invocation;
            if (result.Result?.Status != StatusResult.Types.Status.Success)
            {
                logger.LogError("Function {Function} failed: {Error}", function.Name, result.Result?.Exception?.Message);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The caller went away or the worker with it; the HTTP side has said what there was to say.
        }
    }

    private HttpRequestMessage ToWorker(HttpContext context, string invocationId)
    {
        var request = context.Request;
        var target = new Uri(worker.HttpUri, request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0)
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name) || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        message.Headers.TryAddWithoutValidation(InvocationHeader, invocationId);
        return message;
    }

    private static async Task CopyAsync(HttpResponseMessage answer, HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await answer.Content.CopyToAsync(response.Body, context.RequestAborted);
    }
}
