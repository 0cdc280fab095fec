using System.Text.Json.Nodes;
using Triage.Domain;

namespace Triage.Domain.Tests;

/// <summary>The approvers' directory and the deputies of the policy: loaded from the shipped files,
/// and every way they can disagree is refused with the file, entry and field named. Also a fund's
/// <c>closed</c> flag.</summary>
public sealed class ApproversDirectoryTests
{
    private static ReferenceDataException LoadFails(IEnumerable<(string FileName, string Json)> files) =>
        Assert.Throws<ReferenceDataException>(() => ReferenceData.Load(files));

    [Fact]
    public void Shipped_EveryStepHasAHolder_AndEveryDeputyIsListed()
    {
        var data = ReferenceData.LoadEmbedded();

        Assert.All(data.Policy.AllSteps, step => Assert.Contains(data.Approvers, a => a.Steps.Contains(step)));
        Assert.All(data.Policy.AllSteps, step => Assert.NotEmpty(data.Policy.DeputiesOf(step)));
        Assert.All(data.Policy.Deputies.Values.SelectMany(d => d), d => Assert.Contains(data.Approvers, a => a.Id == d));
        Assert.Equal(["head.of.section@nato.int"], data.Policy.StepsFor(1, false)[0].Deputies);
    }

    [Fact]
    public void ADeputyNotInTheDirectory_IsNamed()
    {
        var e = LoadFails(ReferenceDataTests.FilesWith("approval-policy.json", root => root["steps"]![1]!["deputies"] = new JsonArray("nobody@nato.int")));

        Assert.Equal(("approval-policy.json", "deputies"), (e.File, e.Field));
        Assert.Contains("nobody@nato.int", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStepNobodyHolds_IsRefused()
    {
        var e = LoadFails(ReferenceDataTests.FilesWith("approvers.json", root =>
            root["approvers"] = new JsonArray(root["approvers"]!.AsArray().Where(a => a!["id"]!.GetValue<string>() != "dsg@nato.int").Select(a => a!.DeepClone()).ToArray())));

        Assert.Equal(("approvers.json", "approvers"), (e.File, e.Field));
        Assert.Contains("dsg", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("steps", "no-such-step")]
    [InlineData("id", "not an id")]
    public void ABadApproverEntry_IsNamed(string field, string value)
    {
        var e = LoadFails(ReferenceDataTests.FilesWith("approvers.json", root =>
            root["approvers"]![0]![field] = field == "steps" ? new JsonArray(value) : value));

        Assert.Equal(("approvers.json", field), (e.File, e.Field));
    }

    [Fact]
    public void AnOlderSetWithoutADirectory_LoadsIfItsPolicyNamesNoDeputies()
    {
        var withoutDirectory = ReferenceData.EmbeddedFiles().Where(f => f.FileName != "approvers.json").ToList();
        var policy = withoutDirectory.FindIndex(f => f.FileName == "approval-policy.json");
        var node = JsonNode.Parse(withoutDirectory[policy].Json)!;
        foreach (var step in node["steps"]!.AsArray())
        {
            step!.AsObject().Remove("deputies");
        }

        var refused = LoadFails(withoutDirectory);
        withoutDirectory[policy] = ("approval-policy.json", node.ToJsonString());
        var data = ReferenceData.Load(withoutDirectory);

        Assert.Equal(("approval-policy.json", "deputies"), (refused.File, refused.Field));
        Assert.Empty(data.Approvers);
        Assert.All(data.Policy.AllSteps, s => Assert.Empty(data.Policy.DeputiesOf(s)));
    }

    [Fact]
    public void AFundMayBeClosed_AndTheFlagMustBeABoolean()
    {
        var closed = ReferenceData.Load(ReferenceDataTests.FilesWith("funds.json", root => root["funds"]![3]!["closed"] = true));
        var bad = LoadFails(ReferenceDataTests.FilesWith("funds.json", root => root["funds"]![3]!["closed"] = "yes"));

        Assert.True(closed.IsClosed("georgia"));
        Assert.False(closed.IsClosed("dcb"));
        Assert.False(ReferenceData.LoadEmbedded().IsClosed("georgia"));
        Assert.Equal(("funds.json", "closed"), (bad.File, bad.Field));
    }
}
