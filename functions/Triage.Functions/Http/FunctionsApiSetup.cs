using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Triage.Api;

namespace Triage.Functions.Http;

/// <summary>How the Functions app takes in the API: the shared token validator and the middleware that
/// checks tokens before an HTTP function runs.</summary>
public static class FunctionsApiSetup
{
    /// <summary>The token validator and its middleware: <c>builder.UseTriageApi();</c> after
    /// <c>ConfigureFunctionsWebApplication()</c>.</summary>
    public static FunctionsApplicationBuilder UseTriageApi(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTriageApi(builder.Configuration);
        builder.UseMiddleware<JwtAuthenticationMiddleware>();
        return builder;
    }
}
