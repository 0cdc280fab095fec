using Triage.Architecture.Tests.Infrastructure;

namespace Triage.Architecture.Tests;

/// <summary>
/// The rules can fail: run on fixture types in this assembly that break them, they name the type
/// and what it uses. (Otherwise a rule that checks nothing, e.g. after a rename, would pass forever.)
/// </summary>
public class RuleMachineryTests
{
    private const string Fixtures = "Triage.Architecture.Tests.Fixtures";

    [Fact]
    public void A_forbidden_dependency_fails_naming_the_type_and_the_exact_type_it_uses()
    {
        var rule = new DependencyRule("fixture rule", typeof(RuleMachineryTests).Assembly, ["Azure.Data.Tables"], $"{Fixtures}.Forbidden");

        var failure = Assert.ThrowsAny<Exception>(() => rule.Check());

        Assert.Contains($"{Fixtures}.Forbidden.HoldsATableClient", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Azure.Data.Tables: Azure.Data.Tables.TableClient", failure.Message, StringComparison.Ordinal);
        // A use inside an async method lives in a compiler-generated state machine: it is charged to
        // the type that declares the method.
        Assert.Contains($"{Fixtures}.Forbidden.ChecksForATableServiceClientAsync", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Azure.Data.Tables.TableServiceClient", failure.Message, StringComparison.Ordinal);
        // ...and so is one inside an async lambda that captures a variable (NetArchTest 1.3.2 misses it).
        Assert.Contains($"{Fixtures}.Forbidden.ProbesForATableServiceClientInACapturingAsyncLambda\n    -> Azure.Data.Tables: Azure.Data.Tables.TableServiceClient", failure.Message.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("HoldsAQueueMessage", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rules_read_the_real_assemblies_Storage_is_seen_using_the_table_and_queue_clients()
    {
        var uses = new DependencyRule("control", Layers.Assembly(Layers.Storage), ["Azure.Data.Tables", "Azure.Storage.Queues"]).Offences();

        Assert.Contains(uses, o => o.Forbidden == "Azure.Data.Tables" && o.Uses.Any(u => u.Name == "Azure.Data.Tables.TableClient"));
        Assert.Contains(uses, o => o.Forbidden == "Azure.Storage.Queues" && o.Uses.Any(u => u.Name == "Azure.Storage.Queues.QueueClient"));
    }

    [Fact]
    public void An_excepted_type_is_allowed_but_its_neighbours_are_not()
    {
        var rule = new DependencyRule("fixture rule", typeof(RuleMachineryTests).Assembly, ["Azure.Storage.Queues"], $"{Fixtures}.Forbidden")
        {
            ExceptTypes = new HashSet<string>(StringComparer.Ordinal) { "Azure.Storage.Queues.Models.QueueMessage" },
        };

        var offence = Assert.Single(rule.Offences());

        Assert.Equal($"{Fixtures}.Forbidden.HoldsAQueueClient", offence.Type);
        Assert.Equal(["Azure.Storage.Queues.QueueClient"], offence.Uses.Select(u => u.Name));
    }

    [Fact]
    public void An_allow_list_entry_excuses_its_offence_and_fails_once_the_offence_is_gone()
    {
        var rule = new DependencyRule("fixture rule", typeof(RuleMachineryTests).Assembly, ["Azure.Data.Tables"], $"{Fixtures}.Forbidden");
        Allowed[] all =
        [
            new($"{Fixtures}.Forbidden.HoldsATableClient", "Azure.Data.Tables", "fixture"),
            new($"{Fixtures}.Forbidden.ChecksForATableServiceClientAsync", "Azure.Data.Tables", "fixture"),
            new($"{Fixtures}.Forbidden.ProbesForATableServiceClientInACapturingAsyncLambda", "Azure.Data.Tables", "fixture"),
        ];

        rule.Check(all);
        var stale = Assert.ThrowsAny<Exception>(() => rule.Check([.. all, new($"{Fixtures}.Forbidden.HoldsAQueueClient", "Azure.Data.Tables", "fixed long ago")]));

        Assert.Contains("match nothing any more", stale.Message, StringComparison.Ordinal);
        Assert.Contains($"{Fixtures}.Forbidden.HoldsAQueueClient -> Azure.Data.Tables", stale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_namespaces_that_use_each_other_are_a_cycle_listed_with_the_types_that_close_it()
    {
        var graph = NamespaceGraph.Of(typeof(RuleMachineryTests).Assembly, under: $"{Fixtures}.Cycle");

        var cycle = Assert.Single(graph.Cycles());
        var message = NamespaceGraph.Describe("fixtures", [cycle], []);

        Assert.Equal(3, cycle.Count); // First -> Second -> Third -> First
        Assert.Contains($"{Fixtures}.Cycle.First.Head -> {Fixtures}.Cycle.Second.Middle", message, StringComparison.Ordinal);
        Assert.Contains($"{Fixtures}.Cycle.Third.Tail -> {Fixtures}.Cycle.First.Head", message, StringComparison.Ordinal);
        Assert.Empty(graph.Without([($"{Fixtures}.Cycle.Third", $"{Fixtures}.Cycle.First")]).Cycles());
    }
}
