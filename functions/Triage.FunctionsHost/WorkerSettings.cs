using System.Text.Json.Nodes;
using Triage.Storage;

namespace Triage.FunctionsHost;

/// <summary>
/// The app settings the worker gets as environment variables, as Core Tools gives them: the
/// <c>Values</c> of the app's <c>local.settings.json</c> and the settings given on the harness's command
/// line (<c>--Auth:SigningKey=…</c> becomes <c>Auth__SigningKey</c>); the harness's own environment is
/// inherited as it is (<c>Auth__*</c> there reaches the worker unchanged). The harness adds the storage
/// connection it resolved, the task hub and the decisions queue of the name prefix.
/// </summary>
public static class WorkerSettings
{
    /// <summary>Settings of the harness itself, not the app's.</summary>
    private static readonly string[] HarnessOnly = ["Urls", "Durable:", "FunctionsHost:", "Queues:"];

    /// <summary>The <c>Values</c> of <c>local.settings.json</c> in <paramref name="directory"/>, with
    /// <c>__</c> read as the configuration separator; empty when there is no such file.</summary>
    public static Dictionary<string, string?> LocalSettings(string directory)
    {
        var path = Path.Combine(directory, "local.settings.json");
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["Values"] is JsonObject settings)
        {
            foreach (var (key, value) in settings)
            {
                values[key.Replace("__", ":", StringComparison.Ordinal)] = value?.ToString();
            }
        }

        return values;
    }

    public static Dictionary<string, string> For(IEnumerable<KeyValuePair<string, string?>> given, IConfiguration configuration, string connectionString, string taskHubName)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(configuration);
        var environment = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in given)
        {
            if (value is not null && !HarnessOnly.Any(h => key.StartsWith(h, StringComparison.OrdinalIgnoreCase)))
            {
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        environment[StorageClients.ConnectionName] = connectionString;
        environment["TaskHubName"] = taskHubName;
        var prefix = configuration[StorageNames.PrefixSetting];
        environment[StorageNames.ApprovalDecisionsQueueSetting] = configuration[StorageNames.ApprovalDecisionsQueueSetting]
            ?? new StorageNames(prefix).ApprovalDecisionsQueue;
        return environment;
    }
}
