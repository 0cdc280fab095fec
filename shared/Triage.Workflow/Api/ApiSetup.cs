using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Triage.Workflow.Api;

/// <summary>The self-host maps every API route with this; the Functions app has one thin HTTP
/// trigger per route calling the same handlers.</summary>
public static class ApiSetup
{
    public static IEndpointRouteBuilder MapTriageApi(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
