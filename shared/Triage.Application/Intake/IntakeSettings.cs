using System.Globalization;
using Microsoft.Extensions.Configuration;
using Triage.Storage;

namespace Triage.Application.Intake;

/// <summary>
/// The submit door's limit (settings <c>Intake:*</c>, docs/decisions/0030): <paramref name="MaxBacklog"/>,
/// how many open requests the engine may have to work through (<see cref="IntakeGate.EngineStages"/>:
/// submitted and not yet waiting for approvers or funds, or finalizing) before a new submission is
/// answered 503 (0: no limit, the backlog is never read); <paramref name="RetryAfter"/>, the least wait
/// a shed submission is told to take (each answer draws from it up to twice it, so a shed burst comes
/// back spread out rather than all at once).
/// </summary>
public sealed record IntakeSettings(int MaxBacklog, TimeSpan RetryAfter)
{
    public const string Section = "Intake";

    /// <summary>About a minute of work for the Azure Storage engine on Azurite (some 5 starts a second).</summary>
    public static readonly IntakeSettings Default = new(300, TimeSpan.FromSeconds(5));

    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>The settings, or the default of each one not set; a value out of range stops the start
    /// with the setting named.</summary>
    public static IntakeSettings FromConfiguration(IConfiguration configuration)
    {
        var max = configuration[$"{Section}:MaxBacklog"];
        var retry = configuration[$"{Section}:RetryAfter"];
        var settings = Default;
        if (!string.IsNullOrWhiteSpace(max))
        {
            settings = int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? settings with { MaxBacklog = value }
                : throw Invalid("MaxBacklog", max, "a whole number, 0 for no limit");
        }

        if (!string.IsNullOrWhiteSpace(retry))
        {
            settings = SettingDurations.TryParse(retry) is { } value && value >= TimeSpan.FromSeconds(1) && value <= MaxRetryAfter
                ? settings with { RetryAfter = value }
                : throw Invalid("RetryAfter", retry, "a duration from 00:00:01 to 00:05:00 (or PT1S to PT5M)");
        }

        return settings;
    }

    private static InvalidOperationException Invalid(string name, string value, string wanted) =>
        new($"Setting {Section}:{name} is '{value}'; it must be {wanted}.");
}
