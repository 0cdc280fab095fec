namespace Triage.Hosting.Tests.Api;

/// <summary>A self-host whose submit door shuts at five requests in the engine's hands (room for the
/// tests' own accepted requests, still on their way, beside the backlog a test makes).</summary>
public sealed class IntakeHostFixture : ApiHostFixture
{
    public const int MaxBacklog = 5;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Intake:MaxBacklog"] = MaxBacklog.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Intake:RetryAfter"] = "00:00:02",
    };
}
