using Triage.HostCommon.Engine;

namespace Triage.HostCommon;

/// <summary>What the banner tells about a started host: which one, where it listens, how long it took,
/// its engine and its settings (for the storage connection).</summary>
/// <param name="Title">Its first line: "Triage is running" or what the host runs.</param>
/// <param name="Project">The project folder whose <c>token</c> command mints development tokens.</param>
public sealed record RunningHost(string Title, string Project, Uri BaseAddress, TimeSpan StartTime, EngineOptions Engine, Uri EngineAddress, IConfiguration Configuration);
