using System.Text.Json;
using System.Text.Json.Nodes;
using Triage.Application.Identity;

namespace Triage.Application.UseCases;

/// <summary>
/// Replaces one whole file of the reference data with the body (the rate card, the approvers'
/// directory), saved as a new version when the whole set still loads with it.
/// </summary>
public sealed class ReplaceReferenceFile
{
    public const string RateCard = "rate-card.json";
    public const string Approvers = "approvers.json";

    private readonly ReferenceDataEditor editor;

    public ReplaceReferenceFile(ReferenceDataEditor editor)
    {
        this.editor = editor;
    }

    public Task<ReferenceDataChangeResult> RunAsync(string fileName, JsonElement content, Caller by, int? expectedVersion, CancellationToken cancellationToken)
    {
        if (content.ValueKind != JsonValueKind.Object)
        {
            return Task.FromResult(ReferenceDataChangeResult.Invalid("$", $"the body is the whole of {fileName}, a JSON object"));
        }

        var change = fileName == RateCard ? "rate-card" : "approvers";
        return editor.ApplyAsync(
            files =>
            {
                ReferenceDataEditor.Write(files, fileName, JsonNode.Parse(content.GetRawText())!);
                var version = content.TryGetProperty("version", out var v) ? v.ToString() : "?";
                return new ReferenceDataEdit(change, $"{fileName} replaced (its version '{version}')");
            },
            by,
            expectedVersion,
            cancellationToken);
    }
}
