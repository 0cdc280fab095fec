using System.Text.RegularExpressions;

namespace Triage.Domain;

// The approvers' directory: who holds which step, and that every deputy the policy names is in it.
internal static partial class ReferenceDataLoader
{
    private const string PolicyFile = "approval-policy.json";

    private static List<Approver> ReadApprovers(JsonNodeReader root, ApprovalPolicy policy)
    {
        root.OnlyFields("version", "approvers");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Approver>();
        foreach (var entry in root.Entries("approvers", "id"))
        {
            entry.OnlyFields("id", "name", "steps");
            var id = entry.Id("id", Subject(), "a token subject (1-128 letters, digits or . _ @ + -)");
            if (!seen.Add(id))
            {
                throw entry.Error("id", $"duplicate id '{id}'");
            }

            var steps = entry.Strings("steps", allowEmpty: true);
            foreach (var step in steps.Where(s => !policy.Timings.ContainsKey(s)))
            {
                throw entry.Error("steps", $"unknown step '{step}', expected one of {string.Join(", ", policy.AllSteps)} ({PolicyFile})");
            }

            result.Add(new Approver(id, entry.String("name"), steps));
        }

        var unheld = policy.AllSteps.Where(s => !result.Any(a => a.Steps.Contains(s))).ToList();
        if (unheld.Count > 0)
        {
            throw root.Error("approvers", $"nobody holds step(s) {string.Join(", ", unheld)}: every step of {PolicyFile} needs a holder");
        }

        foreach (var (step, deputies) in policy.Deputies)
        {
            foreach (var deputy in deputies.Where(d => !seen.Contains(d)))
            {
                throw new ReferenceDataException(PolicyFile, $"steps '{step}'", "deputies", $"unknown approver '{deputy}' (not in approvers.json)");
            }
        }

        return result;
    }

    /// <summary>A set stored before the directory existed: fine, as long as its policy names no deputies.</summary>
    private static List<Approver> NoDirectory(ApprovalPolicy policy)
    {
        foreach (var (step, deputies) in policy.Deputies.Where(d => d.Value.Count > 0))
        {
            throw new ReferenceDataException(PolicyFile, $"steps '{step}'", "deputies", $"deputies ({string.Join(", ", deputies)}) need the approvers' directory, approvers.json");
        }

        return [];
    }

    [GeneratedRegex("^[A-Za-z0-9._@+-]{1,128}$")]
    private static partial Regex Subject();
}
