using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Triage.Infra.Tests;

/// <summary>Reads compiled ARM JSON: every resource, nested deployments (Bicep modules) included.</summary>
internal static partial class Arm
{
    // ARM expressions quote with ', which the default encoder would write as \u0027.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A node as JSON text with ARM expressions readable as written.</summary>
    public static string Text(JsonNode node) => node.ToJsonString(Relaxed);

    /// <summary>The Bicep module deployed under <paramref name="name"/> (a Microsoft.Resources/deployments resource).</summary>
    public static JsonObject Module(JsonObject template, string name) =>
        OfType(template, "Microsoft.Resources/deployments").Single(d => d.Name == name).Node;

    public sealed record Resource(JsonObject Template, JsonObject Node)
    {
        public string Type => (string)Node["type"]!;

        public string Name => (string?)Node["name"] ?? "";

        public JsonObject Properties => Node["properties"]?.AsObject() ?? [];

        /// <summary>String arrays this resource reads from its template's variables (copy loops over names).</summary>
        public IEnumerable<string> ReferencedVariableStrings()
        {
            var variables = Template["variables"]?.AsObject();
            if (variables is null)
            {
                return [];
            }

            return VariableReference().Matches(Text(Node))
                .Select(m => m.Groups[1].Value)
                .Distinct()
                .Select(name => variables[name])
                .OfType<JsonArray>()
                .SelectMany(a => a.Select(v => (string)v!));
        }
    }

    /// <summary>All resources of a template, in deployment order, walking into nested deployments.</summary>
    public static IEnumerable<Resource> Resources(JsonObject template)
    {
        // languageVersion 2.0 templates hold resources in an object keyed by symbolic name.
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(kv => kv.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if (resource["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            yield return new Resource(template, resource);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<Resource> OfType(JsonObject template, string type) =>
        Resources(template).Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public static Resource Single(JsonObject template, string type)
    {
        var matches = OfType(template, type).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    [GeneratedRegex(@"variables\('([A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableReference();
}
