using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;
using Triage.Api;

namespace Triage.Infra.Tests;

/// <summary>
/// One telemetry pipeline in Azure (docs/decisions/0009): the Functions host in OpenTelemetry mode,
/// the worker exporting its own spans, metrics and logs through OpenTelemetry to the same
/// destination, and exactly one server span (Application Insights' <c>requests</c> row) per HTTP call.
/// </summary>
public sealed class TelemetryPipelineTests(TemplateFixture fixture) : IClassFixture<TemplateFixture>
{
    private readonly JsonObject host = HostJson.Load();

    [Fact]
    public void HostJson_PutsTheFunctionsHostInOpenTelemetryMode() =>
        // Without it the host sends its own Application Insights SDK telemetry beside the worker's
        // OpenTelemetry: two `requests` rows per HTTP call, correlation split between them.
        Assert.Equal("OpenTelemetry", (string?)host["telemetryMode"]);

    [Fact]
    public void HostJson_CarriesNoApplicationInsightsSdkSettings_ThatOpenTelemetryModeIgnores() =>
        // logging.applicationInsights (sampling and the like) configures the Application Insights SDK,
        // which the host does not run in OpenTelemetry mode: it would promise what does not happen.
        Assert.Null(host["logging"]?["applicationInsights"]);

    [Fact]
    public void AppSettings_GiveHostAndWorkerTheSameAzureMonitorDestination_AuthenticatedAsTheIdentity()
    {
        var settings = AppSettings();

        // The host (OpenTelemetry mode) and AddTriageTelemetry (the worker) read the same two settings.
        Assert.Equal("APPLICATIONINSIGHTS_CONNECTION_STRING", TelemetryServiceCollectionExtensions.ApplicationInsightsConnectionStringSetting);
        Assert.Equal("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", TelemetryServiceCollectionExtensions.ApplicationInsightsAuthenticationSetting);
        Assert.Contains("'monitoring'", Arm.Text(Arm.Module(fixture.Main, "function-app")["properties"]!["parameters"]!["applicationInsightsConnectionString"]!));
        Assert.Equal("[parameters('applicationInsightsConnectionString')]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Theory]
    [InlineData("APPINSIGHTS_INSTRUMENTATIONKEY", "the classic Application Insights SDK key: local auth is off, and it would be a second pipeline")]
    [InlineData("APPLICATIONINSIGHTS_ENABLE_AGENT", "the Application Insights agent in the worker: a second pipeline beside OpenTelemetry")]
    [InlineData("ApplicationInsightsAgent_EXTENSION_VERSION", "the App Service Application Insights extension: a second pipeline")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "a second destination for every span and log of host and worker; add it on purpose, with a collector to receive it")]
    public void AppSettings_StartNoSecondTelemetryPipeline(string setting, string why) =>
        Assert.False(AppSettings().ContainsKey(setting), $"{setting} is set: {why}.");

    [Fact]
    public void FunctionsWorker_IsNamedAfterTheSite_AsTheHostIs()
    {
        Assert.Equal("func-triage-abc", TelemetryServiceCollectionExtensions.FunctionsWorkerServiceName(Settings(("WEBSITE_SITE_NAME", "func-triage-abc")), "Triage.Functions"));
        Assert.Equal("Triage.Functions", TelemetryServiceCollectionExtensions.FunctionsWorkerServiceName(Settings(), "Triage.Functions"));
    }

    [Fact]
    public async Task FunctionsWorker_RecordsNoServerSpanOfItsOwnForAnHttpCall()
    {
        var spans = await ServeOneRequestAsync(incomingHttp: false);

        Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Server);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client); // outgoing calls are still recorded
    }

    [Fact]
    public async Task SelfHost_RecordsOneServerSpanPerHttpCall()
    {
        var spans = await ServeOneRequestAsync(incomingHttp: true);

        Assert.Single(spans, s => s.Kind == ActivityKind.Server);
    }

    [Fact]
    public void Logs_GoThroughOpenTelemetry_WithTheirScopes_AndTheChattyCategoriesOnlyFromWarning()
    {
        var records = new ConcurrentQueue<(string Category, LogLevel Level, string? Message, List<string> Scopes)>();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Information))
            .AddTriageTelemetry(Settings(("Telemetry:Console", "true")), "Triage.Test", otel => otel.WithLogging(l => l.AddProcessor(new Collect<LogRecord>(r =>
            {
                var scopes = new List<string>();
                r.ForEachScope(
                    (scope, list) =>
                    {
                        foreach (var item in scope)
                        {
                            list.Add($"{item.Key}={item.Value}");
                        }
                    },
                    scopes);
                records.Enqueue((r.CategoryName!, r.LogLevel, r.FormattedMessage, scopes));
            }))));

        using (var provider = services.BuildServiceProvider())
        {
            Assert.Contains(provider.GetServices<ILoggerProvider>(), p => p is OpenTelemetryLoggerProvider);
            var loggers = provider.GetRequiredService<ILoggerFactory>();
            var ours = loggers.CreateLogger("Triage.Application.UseCases");
            using (ours.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = "corr-42" }))
            {
                ours.LogInformation("Request {Id} submitted", "LBY-1");
            }

            foreach (var chatty in TelemetryServiceCollectionExtensions.QuietLogCategories)
            {
                loggers.CreateLogger(chatty + ".Sub").LogInformation("poll");
                loggers.CreateLogger(chatty + ".Sub").LogWarning("lease lost");
            }
        }

        var triage = Assert.Single(records, r => r.Category == "Triage.Application.UseCases");
        Assert.Equal("Request LBY-1 submitted", triage.Message);
        Assert.Contains("CorrelationId=corr-42", triage.Scopes);
        Assert.DoesNotContain(records, r => r.Level < LogLevel.Warning && r.Category != "Triage.Application.UseCases");
        Assert.Equal(TelemetryServiceCollectionExtensions.QuietLogCategories.Count, records.Count(r => r.Level == LogLevel.Warning));
    }

    [Fact]
    public void Logs_NothingConfigured_NoOpenTelemetryLogger()
    {
        using var provider = new ServiceCollection().AddLogging().AddTriageTelemetry(Settings()).BuildServiceProvider();

        Assert.DoesNotContain(provider.GetServices<ILoggerProvider>(), p => p is OpenTelemetryLoggerProvider);
    }

    // A web app with the telemetry of one host kind answers GET /probe, which the test calls over
    // HttpClient (in the same process, so its client span is recorded too). Stopping the app finishes
    // the request's server span, if there is one, before the spans are read: nothing waits on time.
    private static async Task<List<Activity>> ServeOneRequestAsync(bool incomingHttp)
    {
        var spans = new ConcurrentQueue<Activity>();
        var probe = $"/probe-{Guid.NewGuid():N}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddTriageTelemetry(
            Settings(("Telemetry:Console", "true")),
            "Triage.Test",
            otel => otel.WithTracing(t => t.AddProcessor(new Collect<Activity>(spans.Enqueue))),
            incomingHttp);
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok"));
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient();
            Assert.Equal("ok", await client.GetStringAsync(new Uri(new Uri(address), probe)));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        return [.. spans.Where(s => (s.GetTagItem("url.full") as string ?? s.GetTagItem("url.path") as string ?? "").Contains(probe, StringComparison.Ordinal))];
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private Dictionary<string, string> AppSettings() =>
        Arm.OfType(fixture.Main, "Microsoft.Web/sites/config")
            .Single(r => r.Name.Contains("'appsettings'", StringComparison.Ordinal))
            .Properties.ToDictionary(kv => kv.Key, kv => kv.Value!.ToString());

    private sealed class Collect<T>(Action<T> onEnd) : BaseProcessor<T>
        where T : class
    {
        public override void OnEnd(T data) => onEnd(data);
    }
}
