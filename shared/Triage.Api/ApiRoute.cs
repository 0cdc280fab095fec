using Microsoft.AspNetCore.Http;

namespace Triage.Api;

/// <summary>
/// One route of the API: the single source of truth for the self-host's endpoints, the Functions app's
/// triggers (checked against its functions.metadata by a test), the OpenAPI document and authorization.
/// An empty <see cref="Roles"/> means anonymous.
/// </summary>
public sealed record ApiRoute(
    string Name,
    string Method,
    string Template,
    IReadOnlyList<string> Roles,
    Type? RequestType,
    Type? ResponseType,
    int SuccessStatus,
    string Summary,
    Func<ApiCall, Task<IResult>> Handler)
{
    public bool IsAnonymous => Roles.Count == 0;

    public string Path => $"/{RouteTemplates.Prefix}/{Template}";

    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];

    /// <summary>Statuses besides the success one and those every route of its kind has (401/403, 400/413/415, 404).</summary>
    public IReadOnlyList<int> ExtraStatuses { get; init; } = [];

    public IEnumerable<string> PathParameters =>
        Template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));
}
