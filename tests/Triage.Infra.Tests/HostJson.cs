using System.Text.Json;
using System.Text.Json.Nodes;

namespace Triage.Infra.Tests;

internal static class HostJson
{
    public static JsonObject Load() => Load(Repo.PathOf("host.json"));

    public static JsonObject Load(string path) =>
        JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow })!.AsObject();
}
