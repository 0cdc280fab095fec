using System.Diagnostics;
using Azure.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Triage.Contracts;
using Triage.Application.Telemetry;
using Triage.Api;

namespace Triage.Infra.Tests;

public sealed class TelemetryTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    [Fact]
    public void SelectExporters_NothingConfigured_SelectsNone() =>
        Assert.Equal(TelemetryExporters.None, TelemetryServiceCollectionExtensions.SelectExporters(Settings()));

    [Fact]
    public void SelectExporters_FollowsTheSettings()
    {
        Assert.Equal(
            TelemetryExporters.AzureMonitor,
            TelemetryServiceCollectionExtensions.SelectExporters(Settings(("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=x"))));
        Assert.Equal(
            TelemetryExporters.Otlp,
            TelemetryServiceCollectionExtensions.SelectExporters(Settings(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317"))));
        Assert.Equal(
            TelemetryExporters.Console,
            TelemetryServiceCollectionExtensions.SelectExporters(Settings(("Telemetry:Console", "true"))));
        Assert.Equal(
            TelemetryExporters.None,
            TelemetryServiceCollectionExtensions.SelectExporters(Settings(("Telemetry:Console", "false"), ("OTEL_EXPORTER_OTLP_ENDPOINT", " "))));
        Assert.Equal(
            TelemetryExporters.Otlp | TelemetryExporters.Console,
            TelemetryServiceCollectionExtensions.SelectExporters(Settings(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317"), ("Telemetry:Console", "true"))));
    }

    [Fact]
    public void AddTriageTelemetry_NothingConfigured_RegistersNoProviders()
    {
        var called = false;
        var services = new ServiceCollection().AddTriageTelemetry(Settings(), configure: _ => called = true);

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
        Assert.False(called);
    }

    [Fact]
    public void AddTriageTelemetry_Console_ListensToTheTriageSource_AndRunsConfigure()
    {
        var called = false;
        var services = new ServiceCollection()
            .AddLogging()
            .AddTriageTelemetry(Settings(("Telemetry:Console", "true")), "Triage.Test", _ => called = true);

        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
        Assert.NotNull(provider.GetService<MeterProvider>());
        Assert.True(called);

        using var activity = TriageTelemetry.StartStage("Costing", "req-1", "corr-1");
        Assert.NotNull(activity);
        Assert.Equal("triage.Costing", activity.OperationName);
        Assert.Equal("req-1", activity.GetTagItem(TriageTelemetry.Tags.RequestId));
        Assert.Equal("corr-1", activity.GetTagItem(Correlation.TagName));
    }

    [Fact]
    public void TraceSources_IncludeOursTheDurableSdkAndTheAzureSdk()
    {
        Assert.Contains("Triage", TelemetryServiceCollectionExtensions.TraceSources);
        Assert.Contains("Microsoft.DurableTask", TelemetryServiceCollectionExtensions.TraceSources);
        Assert.Contains("Azure.*", TelemetryServiceCollectionExtensions.TraceSources);
        Assert.Equal("Triage", TriageTelemetry.ActivitySource.Name);
        Assert.Equal("Triage", TriageTelemetry.Meter.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("InstrumentationKey=abc")]
    [InlineData("Authorization=Key")]
    public void AzureMonitorCredential_OnlyForEntraIdAuthentication(string? authentication) =>
        Assert.Null(TelemetryServiceCollectionExtensions.AzureMonitorCredential(authentication));

    [Theory]
    [InlineData("Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555")]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555; Authorization=AAD")]
    [InlineData("Authorization=AAD")]
    public void AzureMonitorCredential_UsesTheManagedIdentity_WhenAuthorizationIsAad(string authentication) =>
        Assert.IsType<DefaultAzureCredential>(TelemetryServiceCollectionExtensions.AzureMonitorCredential(authentication));
}

public sealed class CorrelationTests
{
    [Theory]
    [InlineData("abc-123")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("partner:LBY.2026_11")]
    public void GetOrCreate_KeepsAWellFormedIncomingId(string incoming) =>
        Assert.Equal(incoming, Correlation.GetOrCreate(incoming));

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    [InlineData("<script>")]
    [InlineData("has space")]
    public void GetOrCreate_ReplacesAMalformedId(string incoming)
    {
        var id = Correlation.GetOrCreate(incoming);

        Assert.NotEqual(incoming, id);
        Assert.True(Correlation.IsWellFormed(id));
    }

    [Fact]
    public void GetOrCreate_ReplacesAnOverlongId() =>
        Assert.True(Correlation.GetOrCreate(new string('a', Correlation.MaxLength + 1)).Length <= Correlation.MaxLength);

    [Fact]
    public void GetOrCreate_UsesTheCurrentTraceId_WhenNoneComesIn()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        Assert.Equal(activity.TraceId.ToHexString(), Correlation.GetOrCreate());
    }

    [Fact]
    public void GetOrCreate_MakesANewId_OutsideAnyTrace()
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            var first = Correlation.GetOrCreate();
            var second = Correlation.GetOrCreate();

            Assert.Equal(32, first.Length);
            Assert.NotEqual(first, second);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    [Fact]
    public void Apply_ReadsTheHeader_AndEchoesItOnTheResponse()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[Correlation.HeaderName] = "ticket-42";

        var id = CorrelationHeader.Apply(context);

        Assert.Equal("ticket-42", id);
        Assert.Equal("ticket-42", context.Response.Headers[Correlation.HeaderName].ToString());
    }

    [Fact]
    public void FromRequest_WithoutHeader_MakesOne()
    {
        var context = new DefaultHttpContext();

        Assert.True(Correlation.IsWellFormed(CorrelationHeader.FromRequest(context.Request)));
    }

    [Fact]
    public void HeaderName_IsTheAgreedOne() => Assert.Equal("X-Correlation-Id", Correlation.HeaderName);
}
