using Triage.Api;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// The rules the Functions host applies to an app's functions when it loads them
/// (<see cref="HostRouteRules.AppViolations"/>: function names, reserved route segments, route
/// conflicts and routes never reached), applied to what the worker indexed. The host would refuse the
/// breaking functions and serve the rest; the harness refuses to start instead, with the host's words.
/// </summary>
public static class FunctionRules
{
    public static void EnsureValid(IReadOnlyList<LoadedFunction> functions, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var http = functions.Where(IsHttp).Select(f => new HttpFunctionRoute(f.Name, f.TriggerSetting("route"), f.TriggerMethods));
        var errors = HostRouteRules.AppViolations(http, functions.Where(f => !IsHttp(f)).Select(f => f.Name));
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The Functions app breaks the Azure Functions host's rules (routes below '/{routePrefix}'); the host would refuse these functions:"
                + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
        }
    }

    private static bool IsHttp(LoadedFunction function) => function.TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);
}
