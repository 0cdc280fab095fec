namespace Triage.Api;

/// <summary>Where telemetry goes; any combination, chosen from configuration by <see cref="TelemetryServiceCollectionExtensions.SelectExporters"/>.</summary>
[Flags]
public enum TelemetryExporters
{
    None = 0,
    AzureMonitor = 1,
    Otlp = 2,
    Console = 4,
}
