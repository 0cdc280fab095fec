using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Triage.Api;

/// <summary>
/// One HTTP function as the Azure Functions host sees it: its name, its route below the route prefix
/// (<c>null</c>: the host uses the name) and its methods (empty: every method).
/// </summary>
public sealed record HttpFunctionRoute(string Name, string? Route, IReadOnlyList<string> Methods)
{
    /// <summary>The route the host registers: the function name when no route is given.</summary>
    public string EffectiveRoute => string.IsNullOrWhiteSpace(Route) ? Name : Route;

    public bool AllMethods => Methods.Count == 0;

    public override string ToString() => $"{Name} ({(AllMethods ? "*" : string.Join(",", Methods))} {EffectiveRoute})";
}
