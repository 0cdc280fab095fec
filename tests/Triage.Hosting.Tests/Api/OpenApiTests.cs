using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Triage.Api;

namespace Triage.Hosting.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task Document_ParsesWithMicrosoftOpenApi_AndListsEveryRoute()
    {
        var json = await OpenApiDocumentFactory.Create().SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0);
        AssertDescribesEveryRoute(json);
    }

    [Fact]
    public async Task Document_ProtectedRoutesNeedBearer_AnonymousOnesDoNot()
    {
        // Checked on the written JSON: a requirement whose scheme reference does not resolve is
        // written as an empty object, which would silently make every route look anonymous.
        var json = JsonNode.Parse(await OpenApiDocumentFactory.Create().SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0))!;
        Assert.Equal("bearer", json["components"]!["securitySchemes"]![OpenApiDocumentFactory.BearerScheme]!["scheme"]!.GetValue<string>());
        foreach (var route in ApiRoutes.All)
        {
            var security = json["paths"]![route.Path]![route.Method.ToLowerInvariant()]!["security"]?.AsArray();
            if (route.IsAnonymous)
            {
                Assert.Null(security);
            }
            else
            {
                Assert.NotNull(security);
                Assert.True(security[0]!.AsObject().ContainsKey(OpenApiDocumentFactory.BearerScheme), $"{route.Name}: {security.ToJsonString()}");
            }
        }
    }

    internal static void AssertDescribesEveryRoute(string json)
    {
        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        Assert.StartsWith("3.", result.Diagnostic!.SpecificationVersion.ToString().Replace("OpenApi", "", StringComparison.Ordinal).Replace('_', '.'), StringComparison.Ordinal);

        var described = result.Document!.Paths
            .SelectMany(p => p.Value.Operations!.Select(o => $"{o.Key.Method.ToUpperInvariant()} {p.Key} {o.Value.OperationId}"))
            .Order(StringComparer.Ordinal);
        var routes = ApiRoutes.All.Select(r => $"{r.Method} {r.Path} {r.Name}").Order(StringComparer.Ordinal);
        Assert.Equal(routes, described);

        // Every schema reference resolves (the reader reports dangling ones as errors above); the main
        // contracts are there by name.
        Assert.Contains("SubmitRequestInput", result.Document.Components!.Schemas!.Keys);
        Assert.Contains("RequestView", result.Document.Components.Schemas.Keys);
        Assert.Contains("ProblemBody", result.Document.Components.Schemas.Keys);
    }
}
