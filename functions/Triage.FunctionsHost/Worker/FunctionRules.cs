using Triage.Api;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// The rules the Functions host applies to an app's functions when it loads them
/// (<see cref="HostRouteRules"/>: function names, reserved route segments, route conflicts and routes
/// never reached), applied to what the worker indexed. The host would refuse the breaking functions and
/// serve the rest; the harness refuses to start instead, with the host's words, so the break shows here.
/// </summary>
public static class FunctionRules
{
    public static IReadOnlyList<string> Violations(IReadOnlyList<LoadedFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var http = functions.Where(f => f.TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase))
            .Select(f => new HttpFunctionRoute(f.Name, f.TriggerSetting("route"), f.TriggerMethods))
            .ToList();
        var others = functions.Where(f => !f.TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase)).ToList();
        var errors = new List<string>(HostRouteRules.Violations(http));
        errors.AddRange(others.Where(f => !HostRouteRules.IsValidFunctionName(f.Name)).Select(f => $"'{f.Name}' is not a valid function name."));
        errors.AddRange(functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && g.Any(f => others.Contains(f)))
            .Select(g => $"The function or proxy name '{g.Key}' must be unique within the function app."));
        return errors;
    }

    public static void EnsureValid(IReadOnlyList<LoadedFunction> functions, string routePrefix)
    {
        var errors = Violations(functions);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The Functions app breaks the Azure Functions host's rules (routes below '/{routePrefix}'); the host would refuse these functions:"
                + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
        }
    }
}
