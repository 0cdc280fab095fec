using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Triage.Api;

/// <summary>
/// The rules the Azure Functions host applies to HTTP functions when it loads an app, as read in its
/// source (Azure/azure-functions-host: <c>ScriptHost.ValidateFunction</c>, <c>ValidateHttpFunction</c>,
/// <c>HttpRoutesConflict</c>, <c>Utility.FunctionNameValidationRegex</c>; <c>FunctionMetadataManager</c>
/// orders functions by name, and the HTTP routes are tried in that order, first match wins). The host
/// refuses a breaking function with the messages below and the app then answers 404 on its route.
/// The self-host runs the same check on its route table at start (<see cref="ApiSetup.MapTriageApi"/>),
/// and a test runs it on the Functions app's generated <c>functions.metadata</c>, so a route that
/// Azure would refuse fails here first. See docs/decisions/0010-routes-the-functions-host-accepts.md.
/// </summary>
public static partial class HostRouteRules
{
    /// <summary>ScriptHost.ValidateHttpFunction, for a route starting with <c>admin</c> or <c>runtime</c>.</summary>
    public const string BuiltInRouteConflict = "The specified route conflicts with one or more built in routes.";

    /// <summary>How the host orders functions (FunctionMetadataManager) and so tries their routes.</summary>
    public static StringComparer HostOrder => StringComparer.OrdinalIgnoreCase;

    /// <summary>The host's route check: after trimming '/' and lower-casing, a plain string prefix
    /// <c>admin</c> or <c>runtime</c> (so <c>administration</c> too) is refused; the route prefix of
    /// host.json plays no part.</summary>
    public static bool IsReservedRoute(string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var trimmed = route.Trim('/').ToLowerInvariant();
        return trimmed.StartsWith("admin", StringComparison.Ordinal) || trimmed.StartsWith("runtime", StringComparison.Ordinal);
    }

    /// <summary>Utility.IsValidFunctionName: 1-128 characters, a letter first, then letters, digits,
    /// '_' or '-', any case, and not <c>host</c>.</summary>
    public static bool IsValidFunctionName(string name) => name is not null && FunctionNamePattern().IsMatch(name);

    /// <summary>ScriptHost.HttpRoutesConflict: the same route ignoring case and surrounding '/', and
    /// methods that intersect (no methods means every method).</summary>
    public static bool RoutesConflict(HttpFunctionRoute a, HttpFunctionRoute b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!string.Equals(a.EffectiveRoute.Trim('/'), b.EffectiveRoute.Trim('/'), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return MethodsIntersect(a, b);
    }

    /// <summary>
    /// Every way <paramref name="functions"/> break the host's rules, one line each naming the function
    /// and giving the host's own words: a name the host refuses, a name used twice, a reserved route,
    /// a route+method another function has. Besides what the host refuses, a route that could never be
    /// reached is reported: the host tries routes in function-name order with no precedence, so an
    /// earlier route that matches the paths of a later one (for a method both take) hides it, as a catch-all
    /// that does not sort last would hide everything after it. Functions are taken in the host's order,
    /// so a conflict is reported on the later one, as the host does.
    /// </summary>
    public static IReadOnlyList<string> Violations(IEnumerable<HttpFunctionRoute> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var ordered = functions.OrderBy(f => f.Name, HostOrder).ToList();
        var errors = new List<string>();
        var seen = new Dictionary<string, HttpFunctionRoute>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in ordered)
        {
            if (!IsValidFunctionName(function.Name))
            {
                errors.Add($"'{function.Name}' is not a valid function name.");
            }

            if (IsReservedRoute(function.EffectiveRoute))
            {
                errors.Add($"{function}: {BuiltInRouteConflict}");
            }

            foreach (var earlier in seen.Values)
            {
                if (RoutesConflict(function, earlier))
                {
                    errors.Add($"{function}: The route specified conflicts with the route defined by function '{earlier.Name}'.");
                }
                else if (Hides(earlier, function))
                {
                    errors.Add($"{function}: never reached; the host tries '{earlier}' first (routes are tried in function-name order) and it matches every path of this route.");
                }
            }

            if (!seen.TryAdd(function.Name, function))
            {
                errors.Add($"The function or proxy name '{function.Name}' must be unique within the function app.");
            }
        }

        return errors;
    }

    /// <summary>
    /// <see cref="Violations(IEnumerable{HttpFunctionRoute})"/> for a whole app: its HTTP functions, and
    /// the names of every other function (queue, timer, orchestration, activity), which the host holds
    /// to the same name pattern and uniqueness. The Functions host harness applies it to what the worker indexed.
    /// </summary>
    public static IReadOnlyList<string> AppViolations(IEnumerable<HttpFunctionRoute> http, IEnumerable<string> otherFunctionNames)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(otherFunctionNames);
        var routes = http.ToList();
        var others = otherFunctionNames.ToList();
        var errors = new List<string>(Violations(routes));
        errors.AddRange(others.Where(n => !IsValidFunctionName(n)).Select(n => $"'{n}' is not a valid function name."));
        errors.AddRange(others.Concat(routes.Select(r => r.Name)).GroupBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1 && others.Contains(g.Key, StringComparer.OrdinalIgnoreCase))
            .Select(g => $"The function or proxy name '{g.Key}' must be unique within the function app."));
        return errors;
    }

    /// <summary>Throws what the host would refuse, in its words, so a host that breaks them fails to
    /// start instead of serving routes Azure would not.</summary>
    public static void EnsureValid(IEnumerable<HttpFunctionRoute> functions)
    {
        var errors = Violations(functions);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                "The route table breaks the Azure Functions host's rules; the host would refuse these functions and answer 404 on their routes:"
                + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
        }
    }

    private static bool MethodsIntersect(HttpFunctionRoute a, HttpFunctionRoute b) =>
        a.AllMethods || b.AllMethods || a.Methods.Intersect(b.Methods, StringComparer.OrdinalIgnoreCase).Any();

    // Whether the paths of `later` are matched by `earlier` for a method both accept: each parameter of
    // `later` is filled with a value no literal of ours spells, and the path is matched against `earlier`.
    private static bool Hides(HttpFunctionRoute earlier, HttpFunctionRoute later)
    {
        if (!MethodsIntersect(earlier, later))
        {
            return false;
        }

        RouteTemplate laterTemplate, earlierTemplate;
        try
        {
            laterTemplate = TemplateParser.Parse(later.EffectiveRoute.Trim('/'));
            earlierTemplate = TemplateParser.Parse(earlier.EffectiveRoute.Trim('/'));
        }
        catch (ArgumentException)
        {
            return false;
        }

        var sample = "/" + string.Join("/", laterTemplate.Segments.Select(s => s.IsSimple && s.Parts[0].IsLiteral ? s.Parts[0].Text : "x0sample"));
        return new TemplateMatcher(earlierTemplate, []).TryMatch(sample, []);
    }

    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FunctionNamePattern();
}
