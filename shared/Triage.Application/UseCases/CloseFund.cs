using System.Text.Json.Nodes;
using Triage.Application.Identity;

namespace Triage.Application.UseCases;

/// <summary>
/// Closes a trust fund to new reservations: <c>"closed": true</c> on its entry, saved as a new version.
/// From then on no plan takes money from it, for any request (planning asks the current version whether
/// a fund is closed); reservations it holds already are committed or released as usual. Closing a closed
/// fund changes nothing and answers the current version.
/// </summary>
public sealed class CloseFund
{
    private const string File = "funds.json";
    private readonly ReferenceDataEditor editor;

    public CloseFund(ReferenceDataEditor editor)
    {
        this.editor = editor;
    }

    public Task<ReferenceDataChangeResult> RunAsync(string fundId, Caller by, int? expectedVersion, CancellationToken cancellationToken) =>
        editor.ApplyAsync(
            files =>
            {
                var root = ReferenceDataEditor.Parse(files, File);
                if (ReferenceDataEditor.Find(root, "funds", "id", fundId) is not { } fund)
                {
                    return ReferenceDataEdit.Refused(ReferenceDataChangeResult.NotFound($"No fund '{fundId}'."));
                }

                if (fund["closed"] is JsonValue v && v.TryGetValue<bool>(out var closed) && closed)
                {
                    return ReferenceDataEdit.Refused(new(ReferenceDataChangeStatus.Saved));
                }

                fund["closed"] = true;
                ReferenceDataEditor.Write(files, File, root);
                return new ReferenceDataEdit("fund-closed", $"Fund '{fundId}' closed to new reservations");
            },
            by,
            expectedVersion,
            cancellationToken);
}
