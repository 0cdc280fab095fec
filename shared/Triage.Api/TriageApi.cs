using System.Diagnostics;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Triage.Application.Identity;

namespace Triage.Api;

/// <summary>
/// The one entry point both hosts call for every API route. Order of checks: token (401), role (403),
/// path values (404), content type (415), size (413), JSON shape (400), then the handler, which checks
/// ownership (404), the input's meaning (400) and the use case's answer (403/404/409). Nothing is written
/// before every check has passed; an unexpected exception is logged and answered with a 500 problem.
/// </summary>
public static class TriageApi
{
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly Dictionary<string, TemplateMatcher> Matchers = ApiRoutes.All.ToDictionary(
        r => r.Name,
        r => new TemplateMatcher(TemplateParser.Parse($"{RouteTemplates.Prefix}/{r.Template}"), []),
        StringComparer.Ordinal);

    /// <summary>Handles one call of <paramref name="routeName"/> and writes the response.</summary>
    public static async Task HandleAsync(HttpContext context, string routeName, DurableTaskClient client)
    {
        var route = ApiRoutes.Find(routeName) ?? throw new ArgumentException($"No API route is named '{routeName}'.", nameof(routeName));
        CorrelationHeader.Apply(context);
        var result = await ExecuteAsync(context, route, client);
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
        {
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await result.ExecuteAsync(context);
    }

    /// <summary>A path under <c>/api</c> that no route serves (self-host): 405 with <c>Allow</c> when
    /// the path exists with other methods, else 404; a problem body either way.</summary>
    public static async Task HandleUnmatchedAsync(HttpContext context)
    {
        var allowed = ApiRoutes.All.Where(r => Matchers[r.Name].TryMatch(context.Request.Path, [])).Select(r => r.Method).Distinct().ToList();
        var result = allowed.Count == 0
            ? Problems.NotFound($"No API route is {Problems.Shorten(context.Request.Path.Value ?? "", 100)}; see /{RouteTemplates.Prefix}/{RouteTemplates.OpenApi}.")
            : Problems.Problem(StatusCodes.Status405MethodNotAllowed, Problems.MethodNotAllowedType, "Method not allowed.", $"Use {string.Join(" or ", allowed)}.");
        context.Response.Headers.CacheControl = "no-store";
        if (allowed.Count > 0)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
        }

        await result.ExecuteAsync(context);
    }

    private static async Task<IResult> ExecuteAsync(HttpContext context, ApiRoute route, DurableTaskClient client)
    {
        try
        {
            Caller? caller = null;
            if (!route.IsAnonymous)
            {
                var outcome = await ApiAuthentication.AuthenticateAsync(context);
                if (outcome.Caller is null)
                {
                    return ApiAuthentication.Challenge(outcome);
                }

                caller = outcome.Caller;
                if (!caller.HasAnyRole(route.Roles))
                {
                    return Problems.Forbidden($"This needs the role {string.Join(" or ", route.Roles)}.");
                }
            }

            var values = RouteValuesOf(context, route);
            foreach (var name in route.PathParameters)
            {
                if (!InputValidation.IsIdentifier(values[name] as string))
                {
                    return Problems.NotFound($"No {name} '{Problems.Shorten(values[name] as string ?? "", 64)}' exists.");
                }
            }

            object? input = null;
            if (route.RequestType is not null)
            {
                (input, var problem) = await ApiBody.ReadAsync(context, route.RequestType);
                if (problem is not null)
                {
                    return problem;
                }
            }

            return await route.Handler(new ApiCall(context, route, caller, values, client, input));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return new EmptyResponse(StatusCodes.Status499ClientClosedRequest);
        }
        catch (RequestFailedException ex) when (ex.Status is 0 or >= 500)
        {
            // Storage did not answer: nothing was decided, the client may retry.
            context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(TriageApi).FullName!)
                .LogWarning(ex, "{Route}: storage unavailable", route.Name);
            return Problems.Unavailable("Storage did not answer; retry in a few seconds.");
        }
        catch (Exception ex)
        {
            context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(TriageApi).FullName!)
                .LogError(ex, "{Route} failed (trace {TraceId})", route.Name, Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
            return Problems.Internal();
        }
    }

    // The Functions host matched the route already, but its route values do not always reach the
    // worker's HttpContext; matching the path against the same template gives both hosts the same values.
    private static RouteValueDictionary RouteValuesOf(HttpContext context, ApiRoute route)
    {
        var values = new RouteValueDictionary();
        if (Matchers[route.Name].TryMatch(context.Request.Path, values))
        {
            return values;
        }

        values = [];
        foreach (var name in route.PathParameters)
        {
            values[name] = context.Request.RouteValues[name] as string;
        }

        return values;
    }
}
