using Microsoft.Extensions.Configuration;
using Triage.Application.UseCases;
using Triage.Storage;

namespace Triage.Application;

/// <summary>The reconciler's settings from configuration (<c>Reconciler:Interval</c>,
/// <c>Reconciler:MinimumAge</c>, <c>Reconciler:FullSweepInterval</c>, <c>Reconciler:TerminateWait</c>,
/// <c>Reconciler:HistoryRetention</c>, <c>Reconciler:PurgeInterval</c>;
/// ISO 8601 or TimeSpan spelling, as every duration of <see cref="WorkflowOptions"/>). What is not set
/// comes from <see cref="ReconcilerSettings.Default"/>, or <see cref="ReconcilerSettings.OnEmulator"/>
/// when the storage connection is Azurite's.</summary>
public static class ReconcilerOptions
{
    public const string Section = "Reconciler";

    public static ReconcilerSettings FromConfiguration(IConfiguration configuration)
    {
        var d = StorageClients.IsEmulator(configuration) ? ReconcilerSettings.OnEmulator : ReconcilerSettings.Default;
        return new ReconcilerSettings(
            Read("Interval") ?? d.Interval,
            Read("MinimumAge") ?? d.MinimumAge,
            Read("FullSweepInterval") ?? d.FullSweepInterval,
            Read("TerminateWait") ?? d.TerminateWait,
            Read("HistoryRetention") ?? d.HistoryRetention)
        {
            PurgeInterval = Read("PurgeInterval") ?? d.PurgeInterval,
        };

        TimeSpan? Read(string name) => WorkflowOptions.Duration(configuration[$"{Section}:{name}"]) is { } value && value >= TimeSpan.Zero ? value : null;
    }
}
