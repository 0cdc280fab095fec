namespace Triage.Api;

/// <summary>
/// What the dashboard reads at start (<c>GET /api/dashboard/config.json</c>) to offer signing in with an
/// OpenID Connect provider such as Entra ID: the authority (<c>Dashboard:Authority</c>, else
/// <c>Auth:Authority</c>), the app registration's client id (<c>Dashboard:ClientId</c>) and the scope to
/// ask for (<c>Dashboard:Scope</c>). All null when not configured; the page then offers pasting a token.
/// </summary>
public sealed record DashboardConfig(string? Authority, string? ClientId, string? Scope);
