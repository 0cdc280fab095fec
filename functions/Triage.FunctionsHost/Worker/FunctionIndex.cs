using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Triage.Api;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// The loaded functions by what triggers them. HTTP routes are tried as the Functions host tries them:
/// in function-name order (<see cref="HostRouteRules.HostOrder"/>), first match wins, no precedence.
/// </summary>
public sealed class FunctionIndex
{
    private readonly List<(LoadedFunction Function, TemplateMatcher Matcher)> httpRoutes;

    public FunctionIndex(IReadOnlyList<LoadedFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        All = functions;
        httpRoutes = [.. functions.Where(f => Is(f, "httpTrigger"))
            .OrderBy(f => f.Name, HostRouteRules.HostOrder)
            .Select(f => (f, new TemplateMatcher(TemplateParser.Parse((f.TriggerSetting("route") ?? f.Name).Trim('/')), []))) ];
    }

    public IReadOnlyList<LoadedFunction> All { get; }

    public IEnumerable<LoadedFunction> OfTrigger(string type) => All.Where(f => Is(f, type));

    /// <summary>The orchestrator or activity function of a Durable task name.</summary>
    public LoadedFunction? Task(string name, string triggerType) =>
        All.FirstOrDefault(f => Is(f, triggerType) && f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The HTTP function for a path below the route prefix and a method, or null (the host's 404).</summary>
    public LoadedFunction? MatchHttp(string method, PathString pathBelowPrefix)
    {
        foreach (var (function, matcher) in httpRoutes)
        {
            var methods = function.TriggerMethods;
            if ((methods.Count == 0 || methods.Contains(method, StringComparer.OrdinalIgnoreCase)) && matcher.TryMatch(pathBelowPrefix, []))
            {
                return function;
            }
        }

        return null;
    }

    private static bool Is(LoadedFunction function, string type) => function.TriggerType.Equals(type, StringComparison.OrdinalIgnoreCase);
}
