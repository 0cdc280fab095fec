using System.Text.Json.Nodes;

namespace Triage.Infra.Tests;

/// <summary>infra/main.bicep compiled once for all the assertions on it.</summary>
public sealed class TemplateFixture
{
    public TemplateFixture() => Main = BicepCli.Build("main.bicep");

    public JsonObject Main { get; }
}
