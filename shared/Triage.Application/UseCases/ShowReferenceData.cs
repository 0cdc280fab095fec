using System.Text.Json;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>The current reference data as stored, read fresh (not from the cache), with who wrote it.</summary>
public sealed class ShowReferenceData
{
    private readonly ReferenceDataProvider reference;

    public ShowReferenceData(ReferenceDataProvider reference)
    {
        this.reference = reference;
    }

    public async Task<ReferenceDataView> RunAsync(CancellationToken cancellationToken)
    {
        var current = await reference.RefreshAsync(cancellationToken);
        var files = (await reference.GetFilesAsync(current.Version, cancellationToken)).ToDictionary(f => f.FileName, f => f.Json, StringComparer.Ordinal);
        JsonElement Part(string file, string? array)
        {
            if (!files.TryGetValue(file, out var json))
            {
                return JsonDocument.Parse("[]").RootElement.Clone();
            }

            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return (array is null ? doc.RootElement : doc.RootElement.GetProperty(array)).Clone();
        }

        return new ReferenceDataView(
            current.Version,
            current.Info?.SavedAt,
            current.Info?.SavedBy,
            current.Info?.Change,
            Part("partners.json", "partners"),
            Part("funds.json", "funds"),
            Part("rate-card.json", null),
            Part("approvers.json", "approvers"),
            Part("areas.json", "areas"),
            Part("locations.json", "locations"),
            Part("eligibility-rules.json", "rules"),
            Part("approval-policy.json", null));
    }
}
