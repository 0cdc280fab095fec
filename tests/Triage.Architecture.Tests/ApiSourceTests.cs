using System.Text.RegularExpressions;
using Triage.Architecture.Tests.Infrastructure;

namespace Triage.Architecture.Tests;

/// <summary>
/// Rule 5 once more, on the source text: the compiler copies a constant into the code that uses it,
/// so <c>Triage.Storage.StepDecision.Approve</c> used in Triage.Api leaves no trace in its assembly
/// and the assembly rules cannot see it. This test reads shared/Triage.Api/**/*.cs for the
/// namespaces themselves (a <c>using</c> or a qualified name; comments are skipped).
/// </summary>
public partial class ApiSourceTests
{
    private static readonly string[] Forbidden = ["Triage.Storage", "Azure.Data.Tables", "Azure.Storage.Queues"];

    [Fact]
    public void Api_source_names_no_Triage_Storage_table_or_queue_namespace_not_even_for_a_constant()
    {
        var folder = Path.Combine(Layers.RepositoryRoot, "shared", Layers.Api);
        var found = new List<(string File, string Namespace, string Line)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Layers.RepositoryRoot, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = Comment().Replace(lines[i], "");
                foreach (var name in Forbidden.Where(n => Regex.IsMatch(code, $@"(?<![\w.]){Regex.Escape(n)}(?![\w])")))
                {
                    found.Add((relative, name, $"{relative}:{i + 1}: {lines[i].Trim()}"));
                }
            }
        }

        var broken = found.Where(f => !AllowList.Any(a => a.File == f.File && a.Namespace == f.Namespace)).ToList();
        var stale = AllowList.Where(a => !found.Any(f => a.File == f.File && a.Namespace == f.Namespace)).ToList();
        Assert.True(broken.Count == 0 && stale.Count == 0,
            "Architecture rule broken: Triage.Api's source names no Triage.Storage, Azure.Data.Tables or Azure.Storage.Queues namespace.\n"
            + string.Concat(broken.Select(b => $"  {b.Line}\n"))
            + (stale.Count == 0 ? "" : "Allow-list entries that match nothing any more (remove them):\n" + string.Concat(stale.Select(s => $"  {s.File} -> {s.Namespace}\n"))));
    }

    /// <summary>Exceptions to the rule: none. Every offence the rule found when it was written has been
    /// fixed; the machinery stays so a test can prove a listed exception is still needed. Do not add lines.</summary>
    private static readonly (string File, string Namespace, string Why)[] AllowList = [];

    /// <summary>A // comment to the end of the line (good enough: a "//" inside a string only hides
    /// the rest of that line).</summary>
    [GeneratedRegex("//.*$")]
    private static partial Regex Comment();
}
