using System.Reflection;
using System.Text.Json.Nodes;
using Triage.Application.Messaging;

namespace Triage.FunctionsHost;

/// <summary>
/// The built Functions app the harness runs: its output folder (the worker assembly named by
/// <c>worker.config.json</c>, the <c>host.json</c> the build copies there) and the host.json settings the
/// harness applies itself: the HTTP route prefix and the queue trigger's poll, retry and poison rules.
/// </summary>
public sealed record FunctionApp(string Directory, string WorkerAssembly, string RoutePrefix, PollerSettings Queues)
{
    /// <summary>Setting that points the harness at another build of the app.</summary>
    public const string DirectorySetting = "FunctionsHost:AppDirectory";

    /// <summary>The app's output folder: the setting, else the one this harness was built beside.</summary>
    public static string DefaultDirectory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[DirectorySetting] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : typeof(FunctionApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppDirectory").Value!;
    }

    public static FunctionApp Load(string directory)
    {
        var metadata = Path.Combine(directory, "functions.metadata");
        if (!File.Exists(metadata))
        {
            throw new InvalidOperationException($"No Functions app build in {directory} (functions.metadata is missing): build functions/Triage.Functions first, or set {DirectorySetting}.");
        }

        var worker = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "worker.config.json")))!["description"]!;
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "host.json")), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var extensions = host["extensions"];
        var queues = extensions?["queues"];

        // The Functions host's defaults where host.json says nothing (extensions.queues: 5 dequeues, retry
        // at once, poll up to every minute; extensions.http.routePrefix "api").
        return new FunctionApp(
            directory,
            Path.Combine(directory, (string)worker["defaultWorkerPath"]!),
            ((string?)extensions?["http"]?["routePrefix"] ?? "api").Trim('/'),
            new PollerSettings(
                Duration(queues?["maxPollingInterval"], TimeSpan.FromMinutes(1)),
                (int?)queues?["maxDequeueCount"] ?? 5,
                Duration(queues?["visibilityTimeout"], TimeSpan.Zero)));
    }

    private static TimeSpan Duration(JsonNode? value, TimeSpan fallback) =>
        value is null ? fallback : TimeSpan.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture);
}
