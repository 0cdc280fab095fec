using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Triage.Workflow.Api;

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
    public void Document_ProtectedRoutesNeedBearer_AnonymousOnesDoNot()
    {
        var document = OpenApiDocumentFactory.Create();
        foreach (var route in ApiRoutes.All)
        {
            var operation = document.Paths[route.Path].Operations![new HttpMethod(route.Method)];
            Assert.Equal(!route.IsAnonymous, operation.Security is { Count: > 0 });
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
