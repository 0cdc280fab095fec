namespace Triage.HostCommon;

/// <summary>The command-line switches both hosts take (<c>--backend memory</c>, <c>--hub triage2</c>).</summary>
public static class HostSwitches
{
    public static readonly Dictionary<string, string> Mappings = new()
    {
        ["--backend"] = "Durable:Backend",
        ["--hub"] = "Durable:TaskHubName",
    };
}
