namespace Triage.Api;

/// <summary>One file of the dashboard as served: its bytes, media type and strong ETag (a hash of the bytes).</summary>
internal sealed record DashboardFile(string Name, byte[] Content, string ContentType, string ETag);
