using System.Text.Json.Nodes;
using Triage.Storage;

namespace Triage.Infra.Tests;

/// <summary>The Core Tools settings example (functions/Triage.Functions/local.settings.json.example) and
/// the rule the Functions worker checks at start: the decisions trigger's queue setting is the queue
/// approvers are told to answer on.</summary>
public sealed class LocalSettingsTests
{
    [Fact]
    public void Example_SetsTheDecisionsQueue_StorageNamesGivesForItsPrefix()
    {
        var values = JsonNode.Parse(File.ReadAllText(Repo.PathOf("functions", "Triage.Functions", "local.settings.json.example")))!["Values"]!.AsObject();
        var setting = StorageNames.ApprovalDecisionsQueueSetting;
        Assert.True(values.ContainsKey(setting), $"The decisions trigger reads %{setting}% but local.settings.json.example does not set it.");

        var names = new StorageNames((string?)values[StorageNames.PrefixSetting.Replace(":", "__", StringComparison.Ordinal)]);
        Assert.Equal(names.ApprovalDecisionsQueue, (string?)values[setting]);
    }

    [Theory]
    [InlineData(null, "approval-decisions")]
    [InlineData("", "approval-decisions")]
    [InlineData("t1", "t1-approval-decisions")]
    public void QueueSetting_MustBeThePrefixedName(string? prefix, string expected)
    {
        var names = new StorageNames(prefix);
        Assert.Null(names.ApprovalDecisionsQueueSettingProblem(expected));

        Assert.Contains($"set it to '{expected}'", names.ApprovalDecisionsQueueSettingProblem(null), StringComparison.Ordinal);
        var wrong = prefix is { Length: > 0 } ? "approval-decisions" : "x1-approval-decisions";
        Assert.Contains($"is '{wrong}'", names.ApprovalDecisionsQueueSettingProblem(wrong), StringComparison.Ordinal);
    }
}
