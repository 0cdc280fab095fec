using Microsoft.Extensions.Configuration;
using Triage.Application;
using Triage.Application.UseCases;

namespace Triage.Infra.Tests;

/// <summary>The reconciler's settings follow the storage: on Azurite finished orchestrations are kept 20
/// seconds and purged every 10 seconds; elsewhere 30 days, purged with the sweeps; a setting given wins.</summary>
public sealed class ReconcilerOptionsTests
{
    private static ReconcilerSettings Read(params (string Key, string Value)[] values) =>
        ReconcilerOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:34002/devstoreaccount1;")]
    public void OnAzurite_FinishedOrchestrationsAreKept20Seconds_AndPurgedEvery10Seconds(string connection)
    {
        var settings = Read(("AzureWebJobsStorage", connection));

        Assert.Equal(TimeSpan.FromSeconds(20), settings.HistoryRetention);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.PurgeInterval);
        Assert.Equal(ReconcilerSettings.Default.Interval, settings.Interval);
    }

    [Fact]
    public void OnAnAccountInAzure_ThirtyDays_PurgedAtTheEndOfEachSweep()
    {
        var byKey = Read(("AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=sttriage;AccountKey=a2V5;EndpointSuffix=core.windows.net"));
        var byIdentity = Read(("AzureWebJobsStorage:tableServiceUri", "https://sttriage.table.core.windows.net/"));

        foreach (var settings in new[] { byKey, byIdentity })
        {
            Assert.Equal(TimeSpan.FromDays(30), settings.HistoryRetention);
            Assert.Equal(TimeSpan.Zero, settings.PurgeInterval);
        }
    }

    [Fact]
    public void ASettingGiven_WinsOverTheStoragesDefault()
    {
        var settings = Read(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("Reconciler:HistoryRetention", "P30D"), ("Reconciler:PurgeInterval", "0"));

        Assert.Equal(TimeSpan.FromDays(30), settings.HistoryRetention);
        Assert.Equal(TimeSpan.Zero, settings.PurgeInterval);
    }
}
