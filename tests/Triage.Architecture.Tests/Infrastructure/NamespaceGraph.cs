using System.Reflection;
using System.Text;

namespace Triage.Architecture.Tests.Infrastructure;

/// <summary>One namespace using another: <paramref name="Uses"/> lists "type -> type it uses".</summary>
internal sealed record NamespaceEdge(string From, string To, IReadOnlyList<string> Uses);

/// <summary>
/// Which namespace (folder) of an assembly uses which other namespace of the same assembly, read with
/// <see cref="TypeScan"/>; and the cycles in that graph. NetArchTest has no cycle rule, and its
/// <c>ResideInNamespace</c> takes sub-namespaces too (Triage.Application would include
/// Triage.Application.UseCases), so the graph is built from the exact namespaces of the types.
/// </summary>
internal sealed class NamespaceGraph
{
    private NamespaceGraph(IReadOnlyList<string> namespaces, IReadOnlyList<NamespaceEdge> edges)
    {
        Namespaces = namespaces;
        Edges = edges;
    }

    public IReadOnlyList<string> Namespaces { get; }

    public IReadOnlyList<NamespaceEdge> Edges { get; }

    /// <param name="assembly">The assembly.</param>
    /// <param name="under">Only the namespaces at or below this one; all when null.</param>
    public static NamespaceGraph Of(Assembly assembly, string? under = null)
    {
        var types = TypeScan.Types(assembly)
            .Where(t => TypeScan.NamespaceOf(t).Length > 0) // anonymous types and other compiler output
            .Where(t => under is null || TypeScan.IsUnder(TypeScan.NamespaceOf(t), under))
            .ToList();
        var namespaces = types.Select(TypeScan.NamespaceOf).Distinct().Order(StringComparer.Ordinal).ToList();
        var namespaceOf = TypeDefinitions.NamespacesByTypeName(types);

        var uses = new Dictionary<(string From, string To), SortedSet<string>>();
        foreach (var type in types)
        {
            var from = TypeScan.NamespaceOf(type);
            foreach (var dependency in TypeScan.DependenciesOf(type).Where(d => !d.IsConstant))
            {
                if (namespaceOf.TryGetValue(dependency.Name, out var to) && to != from && namespaces.Contains(to))
                {
                    if (!uses.TryGetValue((from, to), out var list))
                    {
                        uses[(from, to)] = list = new SortedSet<string>(StringComparer.Ordinal);
                    }
                    list.Add($"{TypeScan.Display(type.FullName)} -> {TypeScan.Display(dependency.Name)}");
                }
            }
        }
        var edges = uses
            .Select(u => new NamespaceEdge(u.Key.From, u.Key.To, u.Value.ToList()))
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .ToList();
        return new NamespaceGraph(namespaces, edges);
    }

    /// <summary>The graph without the edges in <paramref name="allowed"/> (From, To).</summary>
    public NamespaceGraph Without(IEnumerable<(string From, string To)> allowed)
    {
        var skip = allowed.ToHashSet();
        return new NamespaceGraph(Namespaces, Edges.Where(e => !skip.Contains((e.From, e.To))).ToList());
    }

    /// <summary>
    /// The cycles: each strongly connected component of more than one namespace (a set of namespaces
    /// each reachable from every other), with the edges inside it. Two namespaces that use each other
    /// form one; so do A -> B -> C -> A.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<NamespaceEdge>> Cycles()
    {
        var next = Namespaces.ToDictionary(n => n, n => Edges.Where(e => e.From == n).Select(e => e.To).ToList(), StringComparer.Ordinal);
        var components = StronglyConnectedComponents(Namespaces, next);
        return components
            .Where(c => c.Count > 1)
            .Select(c => (IReadOnlyList<NamespaceEdge>)Edges.Where(e => c.Contains(e.From) && c.Contains(e.To)).ToList())
            .ToList();
    }

    public static string Describe(string assembly, IReadOnlyList<IReadOnlyList<NamespaceEdge>> cycles, IReadOnlyList<(string From, string To)> stale)
    {
        var message = new StringBuilder();
        message.AppendLine($"Architecture rule broken: the namespaces (folders) inside {assembly} must not depend on each other in a cycle.");
        foreach (var cycle in cycles)
        {
            var members = cycle.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal);
            message.AppendLine($"Cycle between {string.Join(", ", members)}:");
            foreach (var edge in cycle)
            {
                message.AppendLine($"  {edge.From} uses {edge.To}:");
                foreach (var use in edge.Uses)
                {
                    message.AppendLine($"    {use}");
                }
            }
        }
        if (stale.Count > 0)
        {
            message.AppendLine("Allow-list entries that match no namespace dependency any more (remove them):");
            foreach (var (from, to) in stale)
            {
                message.AppendLine($"  {from} -> {to}");
            }
        }
        return message.ToString();
    }

    // Tarjan's algorithm; recursion depth is the number of namespaces, a handful.
    private static List<HashSet<string>> StronglyConnectedComponents(IReadOnlyList<string> nodes, Dictionary<string, List<string>> next)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<HashSet<string>>();
        var visited = 0;

        void Visit(string node)
        {
            index[node] = visited;
            low[node] = visited;
            visited++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in next[node])
            {
                if (!index.TryGetValue(target, out var targetIndex))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target))
                {
                    low[node] = Math.Min(low[node], targetIndex);
                }
            }
            if (low[node] == index[node])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return components;
    }
}
