using Triage.Contracts;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Triage.Api;

public static class TelemetryServiceCollectionExtensions
{
    public const string ApplicationInsightsConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ApplicationInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";
    public const string ConsoleSetting = "Telemetry:Console";

    /// <summary>
    /// Every span source subscribed to: ours, the Durable Task SDK and engine (orchestration and
    /// activity spans), the Functions worker, and the Azure SDK clients (storage calls).
    /// </summary>
    public static readonly IReadOnlyList<string> TraceSources =
    [
        TriageTelemetry.Name,
        "Microsoft.DurableTask",
        "DurableTask.Core",
        "Microsoft.Azure.Functions.Worker",
        "Azure.*",
    ];

    public static readonly IReadOnlyList<string> Meters =
    [
        TriageTelemetry.Name,
        "Microsoft.DurableTask",
    ];

    /// <summary>
    /// Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (in Azure), OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (a local collector), console when
    /// <c>Telemetry:Console</c> is true; nothing otherwise.
    /// </summary>
    public static TelemetryExporters SelectExporters(IConfiguration configuration)
    {
        var exporters = TelemetryExporters.None;
        if (!string.IsNullOrWhiteSpace(configuration[ApplicationInsightsConnectionStringSetting]))
        {
            exporters |= TelemetryExporters.AzureMonitor;
        }

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            exporters |= TelemetryExporters.Otlp;
        }

        if (configuration.GetValue<bool>(ConsoleSetting))
        {
            exporters |= TelemetryExporters.Console;
        }

        return exporters;
    }

    /// <summary>
    /// OpenTelemetry tracing and metrics for a Triage host: ASP.NET Core and HttpClient
    /// instrumentation, the sources in <see cref="TraceSources"/>, and the exporters of
    /// <see cref="SelectExporters"/>. With no exporter configured nothing is registered, so spans
    /// are never created and the default costs nothing. <paramref name="configure"/> runs only when
    /// telemetry is on (the Functions host adds <c>UseFunctionsWorkerDefaults()</c> there).
    /// </summary>
    public static IServiceCollection AddTriageTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName = TriageTelemetry.Name,
        Action<IOpenTelemetryBuilder>? configure = null)
    {
        var exporters = SelectExporters(configuration);
        if (exporters == TelemetryExporters.None)
        {
            return services;
        }

        // The Azure SDK emits ActivitySource spans (table and queue calls) only behind this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        var builder = services.AddOpenTelemetry();
        builder.ConfigureResource(resource =>
        {
            // OTEL_SERVICE_NAME, when set, wins (the SDK reads it); otherwise the host's name.
            if (string.IsNullOrWhiteSpace(configuration[ServiceNameSetting]))
            {
                resource.AddService(serviceName);
            }
        });

        builder.WithTracing(tracing =>
        {
            tracing.AddSource([.. TraceSources]);
            tracing.AddAspNetCoreInstrumentation(options => options.RecordException = true);
            tracing.AddHttpClientInstrumentation(options =>
            {
                options.RecordException = true;
                // The Azure SDK already emits a span per HTTP call; skip the duplicate HttpClient one.
                options.FilterHttpRequestMessage = _ => !IsAzureSdkHttpCall(System.Diagnostics.Activity.Current);
            });
        });

        builder.WithMetrics(metrics =>
        {
            metrics.AddMeter([.. Meters]);
            metrics.AddAspNetCoreInstrumentation();
            metrics.AddHttpClientInstrumentation();
        });

        if (exporters.HasFlag(TelemetryExporters.AzureMonitor))
        {
            var connectionString = configuration[ApplicationInsightsConnectionStringSetting];
            var credential = AzureMonitorCredential(configuration[ApplicationInsightsAuthenticationSetting]);
            builder.WithTracing(t => t.AddAzureMonitorTraceExporter(o => ConfigureAzureMonitor(o, connectionString, credential)));
            builder.WithMetrics(m => m.AddAzureMonitorMetricExporter(o => ConfigureAzureMonitor(o, connectionString, credential)));
        }

        if (exporters.HasFlag(TelemetryExporters.Otlp))
        {
            // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* settings.
            builder.WithTracing(t => t.AddOtlpExporter());
            builder.WithMetrics(m => m.AddOtlpExporter());
        }

        if (exporters.HasFlag(TelemetryExporters.Console))
        {
            builder.WithTracing(t => t.AddConsoleExporter());
            builder.WithMetrics(m => m.AddConsoleExporter());
        }

        configure?.Invoke(builder);
        return services;
    }

    /// <summary>
    /// Application Insights with local auth disabled accepts only Entra ID tokens. The setting
    /// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD;ClientId=…</c>, as the
    /// Functions host reads it) names the managed identity; without it, the connection string alone
    /// is used (a resource that still accepts its instrumentation key).
    /// </summary>
    public static TokenCredential? AzureMonitorCredential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        parts.TryGetValue("ClientId", out var clientId);
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    // When the filter runs, Activity.Current is the HttpClient span (its parent is the Azure SDK's
    // "Azure.Core.Http" span) or, on older runtimes, still the Azure SDK span itself.
    internal static bool IsAzureSdkHttpCall(System.Diagnostics.Activity? current) =>
        current is not null && (current.Source.Name == AzureSdkHttpSource || current.Parent?.Source.Name == AzureSdkHttpSource);

    private const string AzureSdkHttpSource = "Azure.Core.Http";

    private static void ConfigureAzureMonitor(AzureMonitorExporterOptions options, string? connectionString, TokenCredential? credential)
    {
        options.ConnectionString = connectionString;
        if (credential is not null)
        {
            options.Credential = credential;
        }
    }
}
