using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Triage.Application.Identity;

namespace Triage.Api;

/// <summary>What a handler gets: the checked caller, the route's values, the parsed and shape-checked
/// body, the host's Durable Task client (for the use cases that take it) and the use cases.</summary>
public sealed class ApiCall
{
    private readonly RouteValueDictionary values;

    internal ApiCall(HttpContext http, ApiRoute route, Caller? caller, RouteValueDictionary values, DurableTaskClient client, object? input)
    {
        Http = http;
        Route = route;
        this.values = values;
        Client = client;
        Input = input;
        CallerOrNull = caller;
    }

    public HttpContext Http { get; }

    public ApiRoute Route { get; }

    public DurableTaskClient Client { get; }

    /// <summary>The body, already parsed into <see cref="ApiRoute.RequestType"/> and shape-checked.</summary>
    public object? Input { get; }

    public Caller? CallerOrNull { get; }

    /// <summary>The authenticated caller; every route but the anonymous ones has one.</summary>
    public Caller Caller => CallerOrNull ?? throw new InvalidOperationException($"{Route.Name} is anonymous.");

    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>A use case of Triage.Application (a singleton of the host's services).</summary>
    public T UseCase<T>() where T : class => Http.RequestServices.GetRequiredService<T>();

    public T Body<T>() where T : class => (T)(Input ?? throw new InvalidOperationException($"{Route.Name} has no body."));

    public string Value(string name) => values[name] as string ?? throw new InvalidOperationException($"{Route.Template} has no '{name}'.");

    /// <summary>Runs <paramref name="work"/> once the answer has been sent. A failure is logged: what the
    /// work is for must come about without it too (the caller's retry, the reconciler).</summary>
    public void AfterAnswer(Func<Task> work)
    {
        var logger = Http.RequestServices.GetRequiredService<ILogger<ApiCall>>();
        var route = Route.Name;
        Http.Response.OnCompleted(async () =>
        {
            try
            {
                await work();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Route}: the work after the answer failed", route);
            }
        });
    }
}
