using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Triage.Application.Identity;

namespace Triage.Api;

/// <summary>The self-host maps every API route with this; the Functions app has one thin HTTP
/// trigger per route calling the same handlers.</summary>
public static class ApiSetup
{
    /// <summary>The token validator (one per process, reading <c>Auth:*</c>) for both hosts.</summary>
    public static IServiceCollection AddTriageApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => AuthSettings.FromConfiguration(configuration));
        services.TryAddSingleton<TriageTokenValidator>();
        return services;
    }

    /// <summary>Maps every route of <see cref="ApiRoutes.All"/> under <c>/api</c>; each calls
    /// <see cref="TriageApi.HandleAsync"/> with the host's Durable Task client, as the Functions triggers do.
    /// Throws first, in the Azure Functions host's words, when the table breaks that host's rules
    /// (<see cref="HostRouteRules"/>), so the self-host refuses to start where Azure would refuse the routes.</summary>
    public static IEndpointRouteBuilder MapTriageApi(this IEndpointRouteBuilder endpoints) => endpoints.MapTriageApi(ApiRoutes.All);

    internal static IEndpointRouteBuilder MapTriageApi(this IEndpointRouteBuilder endpoints, IReadOnlyList<ApiRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        HostRouteRules.EnsureValid(ApiRoutes.HttpFunctionsOf(routes));
        foreach (var route in routes)
        {
            var name = route.Name;
            endpoints.MapMethods(route.Path, [route.Method], (HttpContext context) => TriageApi.HandleAsync(context, name, ClientOf(context.RequestServices)))
                .WithName(name)
                .WithDisplayName($"{route.Method} {route.Path}");
        }

        // Anything else under /api answers with a problem too (404, or 405 with Allow), not an empty body;
        // the Functions app's catch-all function (RouteNames.Unmatched) calls the same handler.
        endpoints.MapFallback($"/{RouteTemplates.Prefix}/{{**path}}", TriageApi.HandleUnmatchedAsync).WithDisplayName("API fallback");
        return endpoints;
    }

    private static DurableTaskClient ClientOf(IServiceProvider services) =>
        services.GetService<DurableTaskClient>() ?? services.GetRequiredService<IDurableTaskClientProvider>().GetClient();
}
