namespace Triage.HostCommon.Engine;

/// <summary>Where the engine keeps orchestration state (setting <c>Durable:Backend</c>).</summary>
public enum EngineBackend
{
    /// <summary>Azure Storage provider on Azurite: the layout Durable Functions uses in Azure; survives kill -9.</summary>
    Azure,

    /// <summary>In-memory: fast, gone when the process stops.</summary>
    Memory,
}
