using Triage.LocalHost.Engine;

namespace Triage.LocalHost;

/// <summary>What a newcomer needs to see at start: where it listens and how to call it.</summary>
internal static class Banner
{
    public static void Print(TriageLocalHost host, TextWriter output)
    {
        var engine = host.Configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        var api = new Uri(host.BaseAddress, "api/");
        output.WriteLine($"""

            Triage is running (started in {host.StartTime.TotalSeconds:0.00} s)
              API        {api}
              Health     {api}health
              OpenAPI    {api}openapi.json
              Engine     {engine.Backend} backend, task hub '{engine.TaskHubName}', gRPC {host.EngineAddress}
              Storage    {Redact(host.Configuration["AzureWebJobsStorage"])}

            Get a development token (another terminal):
              dotnet run --project functions/Triage.LocalHost -- token --role partner --partner LBY
            Press Ctrl+C to stop.

            """);
    }

    private static string Redact(string? connection) =>
        connection is null ? "(none)" : connection.Contains("AccountKey", StringComparison.OrdinalIgnoreCase) ? "(connection string)" : connection;
}
