using System.Globalization;
using System.Xml;
using Microsoft.Extensions.Configuration;

namespace Triage.Storage;

/// <summary>
/// Settings of the stored reference data (section <c>ReferenceData</c>):
/// <list type="table">
/// <item><c>ReferenceData:ApplyEmbedded</c> (<c>false</c>): when storage holds a set that came from an
/// older embedded version (<c>Data/manifest.json</c>), write this build's embedded set as a new version on
/// top of it at start. Off by default, because an admin may have changed the stored set since.</item>
/// <item><c>ReferenceData:RefreshInterval</c> (<c>00:00:10</c> or <c>PT10S</c>): how old the current
/// snapshot may get before the provider looks for a newer version (in the background; the old snapshot
/// serves meanwhile).</item>
/// </list>
/// </summary>
public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    public bool ApplyEmbedded { get; set; }

    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    public static ReferenceDataOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new ReferenceDataOptions();
        var apply = configuration[$"{Section}:ApplyEmbedded"];
        if (!string.IsNullOrWhiteSpace(apply))
        {
            options.ApplyEmbedded = bool.TryParse(apply.Trim(), out var value)
                ? value
                : throw new InvalidOperationException($"{Section}:ApplyEmbedded must be true or false, got '{apply}'.");
        }

        var interval = configuration[$"{Section}:RefreshInterval"];
        if (!string.IsNullOrWhiteSpace(interval))
        {
            options.RefreshInterval = SettingDurations.TryParse(interval) is { } d && d >= TimeSpan.Zero
                ? d
                : throw new InvalidOperationException($"{Section}:RefreshInterval must be a duration such as 00:00:10 or PT10S, got '{interval}'.");
        }

        return options;
    }
}
