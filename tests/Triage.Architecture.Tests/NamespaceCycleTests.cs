using Triage.Architecture.Tests.Infrastructure;

namespace Triage.Architecture.Tests;

/// <summary>
/// Inside a layer, the folders (namespaces) form no cycle: never A uses B and B uses A, nor a longer
/// loop A -> B -> C -> A. The root namespace counts as a folder of its own.
/// </summary>
public class NamespaceCycleTests
{
    [Theory]
    [InlineData(Layers.Application)]
    [InlineData(Layers.Api)]
    [InlineData(Layers.Storage)]
    public void Namespaces_inside_a_layer_do_not_depend_on_each_other_in_a_cycle(string project)
    {
        var allowed = AllowList.Where(a => a.Project == project).Select(a => (a.From, a.To)).ToList();
        var graph = NamespaceGraph.Of(Layers.Assembly(project), under: project);
        var stale = allowed.Where(a => !graph.Edges.Any(e => (e.From, e.To) == a)).ToList();
        var cycles = graph.Without(allowed).Cycles();

        if (cycles.Count > 0 || stale.Count > 0)
        {
            Assert.Fail(NamespaceGraph.Describe(project, cycles, stale));
        }
    }

    /// <summary>Exceptions to the rule: none. Every offence the rule found when it was written has been
    /// fixed; the machinery stays so a test can prove a listed exception is still needed. Do not add lines.</summary>
    private static readonly (string Project, string From, string To, string Why)[] AllowList = [];
}
