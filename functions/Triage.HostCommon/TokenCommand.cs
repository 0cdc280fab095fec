using Triage.Application.Identity;

namespace Triage.HostCommon;

/// <summary>
/// <c>token</c>: mints a development bearer token with this machine's key (the one the self-host
/// validates with; see <see cref="DevelopmentKey"/>) and prints it alone on standard output, so
/// <c>TOKEN=$(dotnet run --project functions/Triage.LocalHost -- token --role partner --partner LBY)</c> works.
/// <code>
/// token --role partner --partner LBY
/// token --role approver --steps asg-p,dsg [--sub ada@nato.int]
/// token --role admin
/// options: --sub ID  --name TEXT  --hours N (default 8)  --role may repeat or list roles (partner,admin)
/// </code>
/// An approver's token is also what a decision on the <c>approval-decisions</c> queue carries in its
/// <c>bearer</c> field: its <c>sub</c> is the approver on record, its <c>steps</c> the steps they may decide.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    /// <summary>Runs the command when <paramref name="args"/> start with <c>token</c>, reading
    /// <c>Auth:*</c> from appsettings.json and the environment as the host does.</summary>
    public static bool TryRun(string[] args, TextWriter output, TextWriter error, out int exitCode)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        return TryRun(args, configuration, output, error, out exitCode);
    }

    public static bool TryRun(string[] args, IConfiguration configuration, TextWriter output, TextWriter error, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        exitCode = 0;
        if (args.Length == 0 || args[0] != Name)
        {
            return false;
        }

        if (!TryParse(args.AsSpan(1), out var request, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine("usage: token --role partner --partner LBY | --role approver --steps asg-p,dsg [--sub ID] | --role admin   [--name TEXT] [--hours N]");
            exitCode = 2;
            return true;
        }

        var settings = AuthSettings.FromConfiguration(configuration);
        if (settings.SigningKey is null)
        {
            error.WriteLine(settings.Authority is not null
                ? $"Auth:Authority is set ({settings.Authority}): get tokens from that identity provider, not from here."
                : settings.ConfigurationError);
            exitCode = 1;
            return true;
        }

        output.WriteLine(DevTokens.Mint(settings, request));
        error.WriteLine($"# {string.Join(",", request.Roles)} token for '{request.Subject}'"
            + (request.Partner is null ? "" : $", partner {request.Partner}")
            + (request.Steps is { Count: > 0 } steps ? $", steps {string.Join(",", steps)}" : "")
            + $"; issuer {settings.Issuer}, audience {settings.Audience}, valid {request.Lifetime!.Value.TotalHours:0.#} h; key: {settings.KeySource}");
        return true;
    }

    public static bool TryParse(ReadOnlySpan<string> args, out TokenRequest request, out string problem)
    {
        request = null!;
        var roles = new List<string>();
        var steps = new List<string>();
        string? partner = null, subject = null, name = null;
        var hours = 8.0;
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            if (i + 1 >= args.Length)
            {
                problem = $"{option} needs a value.";
                return false;
            }

            var value = args[++i];
            switch (option)
            {
                case "--role" or "--roles":
                    roles.AddRange(Split(value));
                    break;
                case "--partner":
                    partner = value.Trim().ToUpperInvariant();
                    break;
                case "--steps" or "--step":
                    steps.AddRange(Split(value));
                    break;
                case "--sub":
                    subject = value.Trim();
                    break;
                case "--name":
                    name = value.Trim();
                    break;
                case "--hours" when double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0 && h <= 24 * 30:
                    hours = h;
                    break;
                default:
                    problem = $"Unknown option or bad value: {option} {value}";
                    return false;
            }
        }

        var unknown = roles.Except(TriageRoles.All).ToList();
        if (roles.Count == 0 || unknown.Count > 0)
        {
            problem = $"--role must be {string.Join(", ", TriageRoles.All)}{(unknown.Count > 0 ? $" (got {string.Join(",", unknown)})" : "")}.";
            return false;
        }

        if (roles.Contains(TriageRoles.Partner) && (partner is not { Length: 3 } || !partner.All(char.IsAsciiLetterUpper)))
        {
            problem = "--role partner needs --partner with an ISO 3166 alpha-3 code, such as LBY.";
            return false;
        }

        if (roles.Contains(TriageRoles.Approver) && steps.Count == 0)
        {
            problem = "--role approver needs --steps, such as desk-officer,asg-p,dsg,political-review.";
            return false;
        }

        subject ??= roles.Contains(TriageRoles.Partner) ? $"partner-{partner!.ToLowerInvariant()}"
            : roles.Contains(TriageRoles.Approver) ? $"approver-{string.Join("-", steps)}"
            : "admin";
        request = new TokenRequest(subject, roles.Distinct().ToList(), partner, steps.Distinct().ToList(), name ?? subject, TimeSpan.FromHours(hours));
        problem = "";
        return true;
    }

    private static IEnumerable<string> Split(string value) =>
        value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToLowerInvariant());
}
