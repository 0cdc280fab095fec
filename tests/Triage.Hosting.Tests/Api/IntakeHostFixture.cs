namespace Triage.Hosting.Tests.Api;

/// <summary>A self-host whose submit door shuts at two requests waiting to start.</summary>
public sealed class IntakeHostFixture : ApiHostFixture
{
    public const int MaxBacklog = 2;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Intake:MaxBacklog"] = MaxBacklog.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Intake:RetryAfter"] = "00:00:02",
    };
}
