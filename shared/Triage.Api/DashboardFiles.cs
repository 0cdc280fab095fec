using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Triage.Api;

/// <summary>
/// The dashboard's static files, embedded in this assembly from <c>Dashboard/</c> (plain HTML,
/// CSS and JavaScript modules, no build step), read once. Names are flat (<c>app.js</c>), so one route
/// segment names a file in both hosts.
/// </summary>
internal static class DashboardFiles
{
    public const string Index = "index.html";
    private const string ResourcePrefix = "Triage.Api.Dashboard.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, DashboardFile>> All = new(Load);

    public static DashboardFile? Find(string name) => All.Value.GetValueOrDefault(name);

    public static IEnumerable<string> Names => All.Value.Keys;

    private static FrozenDictionary<string, DashboardFile> Load()
    {
        var assembly = typeof(DashboardFiles).Assembly;
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"";
            files[name] = new DashboardFile(name, content, contentType, etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
