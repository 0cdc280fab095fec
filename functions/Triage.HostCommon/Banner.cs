using System.Text.RegularExpressions;
using Triage.Storage;

namespace Triage.HostCommon;

/// <summary>What a newcomer needs to see at start: where it listens and how to call it.</summary>
public static partial class Banner
{
    /// <summary>What stands in for a secret in the banner.</summary>
    public const string Hidden = "(hidden)";

    /// <summary>The line every banner starts with; test fixtures wait for it.</summary>
    public const string ReadyLine = "Triage is running";

    public static void Print(RunningHost host, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        var engine = host.Engine;
        var api = new Uri(host.BaseAddress, "api/");
        output.WriteLine($"""

            {host.Title} (started in {host.StartTime.TotalSeconds:0.00} s)
              API        {api}
              Health     {api}health
              OpenAPI    {api}openapi.json
              Dashboard  {api}dashboard
              Engine     {engine.Backend} backend, task hub '{engine.TaskHubName}', worker id '{engine.WorkerId}', gRPC {host.EngineAddress}
              Storage    {Storage(host.Configuration)}

            Get a development token (another terminal):
              dotnet run --project {host.Project} -- token --role partner --partner LBY
            Press Ctrl+C to stop.

            """);
    }

    /// <summary>The storage connection as the banner shows it: the connection string, or the table
    /// service URI of an identity-based connection, with every secret in it hidden.</summary>
    public static string Storage(IConfiguration configuration)
    {
        var connection = configuration[StorageClients.ConnectionName];
        if (!string.IsNullOrWhiteSpace(connection))
        {
            return Redact(connection);
        }

        var tableServiceUri = configuration.GetSection(StorageClients.ConnectionName)["tableServiceUri"];
        return string.IsNullOrWhiteSpace(tableServiceUri) ? "(none)" : $"{Redact(tableServiceUri)} (identity)";
    }

    /// <summary>
    /// A storage connection string or service URI with its secrets hidden: the value of
    /// <c>AccountKey=</c> and of <c>SharedAccessSignature=</c> (a SAS in a connection string), and the
    /// signature (<c>sig=</c>) of a SAS query on a service URI (<c>https://…/?sv=…&amp;sig=…</c>, alone or
    /// as a <c>BlobEndpoint=</c> of a connection string). Everything else (account, endpoints, the
    /// SAS's permissions and expiry) is kept, since it is what one checks.
    /// </summary>
    public static string Redact(string? connection)
    {
        if (connection is null)
        {
            return "(none)";
        }

        var hidden = SecretSetting().Replace(connection, m => $"{m.Groups["name"].Value}={Hidden}");
        return SasSignature().Replace(hidden, m => $"{m.Groups["lead"].Value}sig={Hidden}");
    }

    // AccountKey=…; and SharedAccessSignature=…; up to the next ';' (a SAS holds '=' and '&', never ';').
    [GeneratedRegex(@"(?<name>AccountKey|SharedAccessSignature)\s*=[^;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretSetting();

    // sig=… as a query parameter (after '?' or '&'), up to the next '&', ';' or white space.
    [GeneratedRegex(@"(?<lead>[?&])sig=[^&;\s]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SasSignature();
}
