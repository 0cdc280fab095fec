using Triage.Contracts;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
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

    /// <summary>Set by Azure App Service and Azure Functions to the app's name; the Functions host names
    /// its OpenTelemetry service (Application Insights' cloud role) after it.</summary>
    public const string SiteNameSetting = "WEBSITE_SITE_NAME";

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
    /// Log categories exported only from Warning up, whatever the general log level: the Azure SDK logs
    /// every storage call, the Durable Task engine and SDK every poll and lease, at Information. The same
    /// categories host.json keeps at Warning for the Functions host, and the self-host's appsettings.json
    /// for its console.
    /// </summary>
    public static readonly IReadOnlyList<string> QuietLogCategories =
    [
        "Azure.Core",
        "Azure.Identity",
        "DurableTask.AzureStorage",
        "DurableTask.Core",
        "Microsoft.DurableTask",
        "Microsoft.AspNetCore",
        "Grpc",
    ];

    /// <summary>
    /// The Functions worker's service name: the site's name in Azure (<c>WEBSITE_SITE_NAME</c>), which
    /// is the name the Functions host gives its own telemetry, so host and worker are one cloud role in
    /// Application Insights; <paramref name="elsewhere"/> outside Azure. <c>OTEL_SERVICE_NAME</c> still
    /// wins over both.
    /// </summary>
    public static string FunctionsWorkerServiceName(IConfiguration configuration, string elsewhere) =>
        string.IsNullOrWhiteSpace(configuration[SiteNameSetting]) ? elsewhere : configuration[SiteNameSetting]!;

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
    /// OpenTelemetry tracing, metrics and logs for a Triage host: HttpClient instrumentation, the
    /// sources in <see cref="TraceSources"/>, the meters in <see cref="Meters"/>, every
    /// <c>ILogger</c> log (with its scopes, such as <c>CorrelationId</c>; the
    /// <see cref="QuietLogCategories"/> from Warning up), and the exporters of
    /// <see cref="SelectExporters"/>. With no exporter configured nothing is registered, so spans
    /// are never created and the default costs nothing. <paramref name="configure"/> runs only when
    /// telemetry is on (the Functions worker adds <c>UseFunctionsWorkerDefaults()</c> there, which
    /// tells the Functions host that the worker exports its own logs, so the host stops forwarding them).
    /// </summary>
    /// <param name="incomingHttp">
    /// Whether this process records incoming HTTP requests (ASP.NET Core server spans and metrics).
    /// True for the self-host, which is the server. False for the Functions worker: with
    /// <c>"telemetryMode": "OpenTelemetry"</c> in host.json the Functions host records each HTTP call
    /// (Application Insights' one <c>requests</c> row) and the worker's invocation span hangs under it;
    /// the worker's own ASP.NET Core span for the call the host forwards to it would be a second row.
    /// </param>
    public static IServiceCollection AddTriageTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName = TriageTelemetry.Name,
        Action<IOpenTelemetryBuilder>? configure = null,
        bool incomingHttp = true)
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
            if (incomingHttp)
            {
                tracing.AddAspNetCoreInstrumentation(options => options.RecordException = true);
            }

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
            if (incomingHttp)
            {
                metrics.AddAspNetCoreInstrumentation();
            }

            metrics.AddHttpClientInstrumentation();
        });

        // Logs go the same way as spans, so a log line carries the trace and span of the call it was
        // written in (operation_Id in Application Insights) and reaches the same destinations.
        builder.WithLogging(configureBuilder: null, configureOptions: options =>
        {
            options.IncludeFormattedMessage = true;
            options.IncludeScopes = true;
        });
        services.AddLogging(logging =>
        {
            foreach (var category in QuietLogCategories)
            {
                logging.AddFilter<OpenTelemetryLoggerProvider>(category, LogLevel.Warning);
            }
        });

        if (exporters.HasFlag(TelemetryExporters.AzureMonitor))
        {
            var connectionString = configuration[ApplicationInsightsConnectionStringSetting];
            var credential = AzureMonitorCredential(configuration[ApplicationInsightsAuthenticationSetting]);
            builder.WithTracing(t => t.AddAzureMonitorTraceExporter(o => ConfigureAzureMonitor(o, connectionString, credential)));
            builder.WithMetrics(m => m.AddAzureMonitorMetricExporter(o => ConfigureAzureMonitor(o, connectionString, credential)));
            builder.WithLogging(l => l.AddAzureMonitorLogExporter(o => ConfigureAzureMonitor(o, connectionString, credential)));
        }

        if (exporters.HasFlag(TelemetryExporters.Otlp))
        {
            // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* settings.
            builder.WithTracing(t => t.AddOtlpExporter());
            builder.WithMetrics(m => m.AddOtlpExporter());
            builder.WithLogging(l => l.AddOtlpExporter());
        }

        if (exporters.HasFlag(TelemetryExporters.Console))
        {
            builder.WithTracing(t => t.AddConsoleExporter());
            builder.WithMetrics(m => m.AddConsoleExporter());
            // Logs are on the console already (the hosts' console logger); not a second time.
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
