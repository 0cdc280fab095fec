using Microsoft.Extensions.Configuration;
using Triage.Application.UseCases;

namespace Triage.Application;

/// <summary>The reconciler's settings from configuration (<c>Reconciler:Interval</c>,
/// <c>Reconciler:MinimumAge</c>, <c>Reconciler:FullSweepInterval</c>, <c>Reconciler:TerminateWait</c>,
/// <c>Reconciler:HistoryRetention</c>;
/// ISO 8601 or TimeSpan spelling, as every duration of <see cref="WorkflowOptions"/>).</summary>
public static class ReconcilerOptions
{
    public const string Section = "Reconciler";

    public static ReconcilerSettings FromConfiguration(IConfiguration configuration)
    {
        var d = ReconcilerSettings.Default;
        return new ReconcilerSettings(
            Read("Interval") ?? d.Interval,
            Read("MinimumAge") ?? d.MinimumAge,
            Read("FullSweepInterval") ?? d.FullSweepInterval,
            Read("TerminateWait") ?? d.TerminateWait,
            Read("HistoryRetention") ?? d.HistoryRetention);

        TimeSpan? Read(string name) => WorkflowOptions.Duration(configuration[$"{Section}:{name}"]) is { } value && value >= TimeSpan.Zero ? value : null;
    }
}
