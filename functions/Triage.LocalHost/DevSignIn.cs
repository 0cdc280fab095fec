using System.Net;
using Triage.Application.Identity;
using Triage.HostCommon;
using Triage.Storage;

namespace Triage.LocalHost;

/// <summary>
/// The development sign-in of the dashboard, self-host only: <c>GET /api/dev/tokens</c> lists the roles,
/// steps and partners one may choose, <c>POST /api/dev/tokens</c> mints a token for a choice, as the
/// <c>token</c> command does and with the same key. Mapped only when that key is the machine's development
/// key (<see cref="AuthSettings.IsDevelopmentKey"/>): never with a configured signing key or an authority,
/// never in Azure, and never in the Functions app, which has no such route. It answers only calls from
/// this machine (loopback), whatever address the host listens on: whoever can call it could read the
/// key file anyway.
/// </summary>
public static class DevSignIn
{
    public const string Path = "/api/dev/tokens";

    // The token command names its options (--partner); the body names the same things without dashes.
    private static readonly string[] NamedFields = ["partner", "steps", "sub", "name"];

    public static void MapDevSignIn(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<AuthSettings>();
        if (!settings.IsDevelopmentKey)
        {
            return;
        }

        var group = app.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", type: "urn:triage:problem:not-found",
                    detail: "The development sign-in answers only calls from this machine."));

        group.MapGet(Path, (ReferenceDataProvider referenceData) => Results.Json(new DevSignInOptions(
            TriageRoles.All,
            [.. referenceData.Data.Policy.AllSteps.Order(StringComparer.Ordinal)],
            [.. referenceData.Data.Partners.Select(p => new DevSignInPartner(p.Code, p.Name, p.Status.ToString()))])))
            .WithDisplayName($"GET {Path} (development only)");

        group.MapPost(Path, (DevTokenInput input) =>
        {
            // The token command's own checks, so both ways of getting a token accept the same choices.
            string[] args =
            [
                "--role", string.Join(",", input.Roles ?? []),
                .. Option("--partner", input.Partner),
                .. Option("--steps", input.Steps is { Count: > 0 } ? string.Join(",", input.Steps) : null),
                .. Option("--sub", input.Sub),
                .. Option("--name", input.Name),
            ];
            if (!TokenCommand.TryParse(args, out var request, out var problem))
            {
                return Results.ValidationProblem(
                    new Dictionary<string, string[]> { [FieldOf(problem)] = [problem] },
                    title: "The request is not valid.",
                    type: "urn:triage:problem:validation");
            }

            var issuedAt = DateTimeOffset.UtcNow;
            var token = DevTokens.Mint(settings, request with { IssuedAt = issuedAt });
            return Results.Json(new DevToken(token, request.Subject, issuedAt + request.Lifetime!.Value));
        }).WithDisplayName($"POST {Path} (development only)");
    }

    private static string[] Option(string name, string? value) => string.IsNullOrWhiteSpace(value) ? [] : [name, value];

    private static string FieldOf(string problem) =>
        NamedFields.FirstOrDefault(f => problem.Contains($"--{f}", StringComparison.Ordinal)) ?? "roles";
}

