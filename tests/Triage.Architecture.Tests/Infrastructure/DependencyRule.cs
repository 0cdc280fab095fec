using System.Reflection;
using System.Text;
using Mono.Cecil;
using NetArchTest.Rules;

namespace Triage.Architecture.Tests.Infrastructure;

/// <summary>A type that uses what a rule forbids: <paramref name="Uses"/> are the exact types
/// (or constants) under the forbidden <paramref name="Forbidden"/> namespace.</summary>
internal sealed record Offence(string Type, string Forbidden, IReadOnlyList<Dependency> Uses);

/// <summary>
/// An offence tolerated for now, with why: the list the lead shrinks. An entry that matches nothing
/// any more fails the test too, so the list cannot outlive the code it excuses.
/// </summary>
internal sealed record Allowed(string Type, string Forbidden, string Why);

/// <summary>"These types must not depend on these namespaces": checked with NetArchTest, explained with
/// <see cref="TypeScan"/>.</summary>
internal sealed class DependencyRule
{
    private readonly Assembly _assembly;
    private readonly string? _namespace;

    /// <param name="description">The rule in words, first line of the failure message.</param>
    /// <param name="assembly">The assembly whose types the rule is about.</param>
    /// <param name="forbidden">Namespaces (or full type names) the types must not use.</param>
    /// <param name="namespace">Only the types in this namespace (and below); all when null.</param>
    public DependencyRule(string description, Assembly assembly, IReadOnlyList<string> forbidden, string? @namespace = null)
    {
        Description = description;
        _assembly = assembly;
        Forbidden = forbidden;
        _namespace = @namespace;
    }

    public string Description { get; }

    public IReadOnlyList<string> Forbidden { get; }

    /// <summary>Exact types under a forbidden namespace that are allowed all the same (e.g. a model
    /// type a trigger binds). NetArchTest has no "except", so these are subtracted using the scan.</summary>
    public IReadOnlySet<string> ExceptTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Every type that uses something forbidden, with what it uses.</summary>
    public IReadOnlyList<Offence> Offences()
    {
        var types = TypeScan.Types(_assembly)
            .Where(t => _namespace is null || TypeScan.IsUnder(TypeScan.NamespaceOf(t), _namespace))
            .ToList();
        if (types.Count == 0)
        {
            throw new InvalidOperationException($"No types to check in {_assembly.GetName().Name} {_namespace}: the rule would pass vacuously.");
        }

        var offences = new List<Offence>();
        foreach (var forbidden in Forbidden)
        {
            var flagged = FlaggedByNetArchTest(forbidden);
            foreach (var type in types)
            {
                var uses = TypeScan.DependenciesOf(type)
                    .Where(d => TypeScan.IsUnder(d.Name, forbidden))
                    .ToList();
                var notExcepted = uses.Where(d => d.IsConstant || !ExceptTypes.Contains(d.Name)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
                if (notExcepted.Count > 0)
                {
                    offences.Add(new Offence(type.FullName, forbidden, notExcepted));
                }
                else if (uses.Count == 0 && flagged.Contains(type.FullName))
                {
                    // NetArchTest sees a use the scan missed: its verdict stands.
                    offences.Add(new Offence(type.FullName, forbidden, [new Dependency($"{forbidden} (found by NetArchTest)", IsConstant: false)]));
                }
            }
            foreach (var name in flagged.Where(n => !types.Any(t => t.FullName == n)))
            {
                offences.Add(new Offence(name, forbidden, [new Dependency($"{forbidden} (found by NetArchTest)", IsConstant: false)]));
            }
        }
        return offences;
    }

    /// <summary>Fails listing every offence not in <paramref name="allowList"/>, and every allow-list
    /// entry that no longer matches an offence.</summary>
    public void Check(IReadOnlyList<Allowed>? allowList = null)
    {
        allowList ??= [];
        var offences = Offences();
        var broken = offences.Where(o => !allowList.Any(a => Matches(a, o))).ToList();
        var stale = allowList.Where(a => !offences.Any(o => Matches(a, o))).ToList();
        if (broken.Count == 0 && stale.Count == 0)
        {
            return;
        }
        Assert.Fail(Describe(Description, broken, stale));
    }

    public static string Describe(string description, IReadOnlyList<Offence> broken, IReadOnlyList<Allowed> stale)
    {
        var message = new StringBuilder();
        message.AppendLine($"Architecture rule broken: {description}");
        if (broken.Count > 0)
        {
            var byType = broken.GroupBy(o => o.Type).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            message.AppendLine($"{byType.Count} type(s) break it (type -> what it uses):");
            foreach (var type in byType)
            {
                message.AppendLine($"  {TypeScan.Display(type.Key)}");
                foreach (var offence in type.OrderBy(o => o.Forbidden, StringComparer.Ordinal))
                {
                    message.AppendLine($"    -> {offence.Forbidden}: {string.Join(", ", offence.Uses)}");
                }
            }
        }
        if (stale.Count > 0)
        {
            message.AppendLine("Allow-list entries that match nothing any more (remove them):");
            foreach (var entry in stale)
            {
                message.AppendLine($"  {entry.Type} -> {entry.Forbidden}");
            }
        }
        return message.ToString();
    }

    private static bool Matches(Allowed entry, Offence offence) =>
        entry.Forbidden == offence.Forbidden && TypeScan.Display(offence.Type) == entry.Type;

    private HashSet<string> FlaggedByNetArchTest(string forbidden)
    {
        var types = Types.InAssembly(_assembly);
        var result = _namespace is null
            ? types.Should().NotHaveDependencyOn(forbidden).GetResult()
            : types.That().ResideInNamespace(_namespace).Should().NotHaveDependencyOn(forbidden).GetResult();
        return new HashSet<string>(result.FailingTypeNames ?? [], StringComparer.Ordinal);
    }
}

/// <summary>Helpers on Cecil types for the namespace rules.</summary>
internal static class TypeDefinitions
{
    /// <summary>Every type defined in the module (nested ones too, compiler-generated or not), by
    /// Cecil full name, with the namespace it belongs to.</summary>
    public static Dictionary<string, string> NamespacesByTypeName(IEnumerable<TypeDefinition> types)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<TypeDefinition>(types.Select(t => t.Module).Distinct().SelectMany(m => m.Types));
        while (queue.TryDequeue(out var type))
        {
            map[type.FullName] = TypeScan.NamespaceOf(type);
            foreach (var nested in type.NestedTypes)
            {
                queue.Enqueue(nested);
            }
        }
        return map;
    }
}
