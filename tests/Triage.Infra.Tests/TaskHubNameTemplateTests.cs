namespace Triage.Infra.Tests;

/// <summary>
/// The task hub name is checked when deploying, not when the app first starts with it (when an invalid
/// one stops every instance): its length by the parameter's decorators, its characters by a
/// <c>fail()</c> the function-app module's parameter goes through. The compiled check is evaluated
/// here with <see cref="ArmExpression"/>, as Azure Resource Manager would evaluate it.
/// </summary>
public sealed class TaskHubNameTemplateTests(TemplateFixture fixture) : IClassFixture<TemplateFixture>
{
    private const string Rule = "letters and digits only, starting with a letter, 3 to 45 characters";

    [Fact]
    public void Parameter_HasTheLengthBounds_AndStatesTheRule()
    {
        var parameter = fixture.Main["parameters"]!["taskHubName"]!;

        Assert.Equal(3, (int)parameter["minLength"]!);
        Assert.Equal(45, (int)parameter["maxLength"]!);
        Assert.Equal("triage", (string)parameter["defaultValue"]!);
        Assert.Contains(Rule, (string)parameter["metadata"]!["description"]!);
    }

    [Fact]
    public void TheAppGetsTheCheckedName_NotTheRawParameter() =>
        Assert.Equal(
            "[variables('validTaskHubName')]",
            (string)Arm.Module(fixture.Main, "function-app")["properties"]!["parameters"]!["taskHubName"]!["value"]!);

    [Theory]
    [InlineData("triage")]
    [InlineData("Triage2")]
    [InlineData("abc")]
    [InlineData("t0123456789abcdef0123456789abcdef0123456789ab")]
    public void ValidName_PassesThrough(string name) => Assert.Equal(name, Evaluate(name));

    [Theory]
    [InlineData("my-hub")]
    [InlineData("my_hub")]
    [InlineData("1triage")]
    [InlineData("triage hub")]
    [InlineData("tri\u00e4ge")]
    [InlineData("hub.v2")]
    public void InvalidName_StopsTheDeployment_WithTheRule(string name)
    {
        var error = Assert.Throws<ArmFailException>(() => Evaluate(name));

        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("taskHubName", error.Message);
        Assert.Contains("TASK_HUB_NAME", error.Message);
        Assert.Contains(Rule, error.Message);
    }

    private object Evaluate(string name) =>
        new ArmExpression(fixture.Main, new Dictionary<string, object> { ["taskHubName"] = name }).Variable("validTaskHubName");
}
