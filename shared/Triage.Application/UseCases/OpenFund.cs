using System.Text.Json;
using System.Text.Json.Nodes;
using Triage.Application.Identity;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// Opens a trust fund: the body is a fund as in <c>funds.json</c>, added to the current files and saved
/// as a new version (validated as the seed files are; an id that exists is a conflict). Its balance row is
/// then created in <c>FundLedger</c> at its capacity (insert-if-missing, as at start-up, which also makes
/// it if this process stops in between), so requests screened from now on may be funded from it.
/// </summary>
public sealed class OpenFund
{
    private const string File = "funds.json";
    private readonly ReferenceDataEditor editor;
    private readonly FundLedgerStore ledger;

    public OpenFund(ReferenceDataEditor editor, FundLedgerStore ledger)
    {
        this.editor = editor;
        this.ledger = ledger;
    }

    public async Task<ReferenceDataChangeResult> RunAsync(JsonElement fund, Caller by, int? expectedVersion, CancellationToken cancellationToken)
    {
        if (fund.ValueKind != JsonValueKind.Object)
        {
            return ReferenceDataChangeResult.Invalid("$", "a fund is a JSON object, as in funds.json");
        }

        var id = fund.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var result = await editor.ApplyAsync(
            files =>
            {
                var root = ReferenceDataEditor.Parse(files, File);
                if (id is not null && ReferenceDataEditor.Find(root, "funds", "id", id) is not null)
                {
                    return ReferenceDataEdit.Refused(ReferenceDataChangeResult.Conflict($"A fund '{id}' exists already."));
                }

                (root["funds"] as JsonArray)?.Add(JsonNode.Parse(fund.GetRawText()));
                ReferenceDataEditor.Write(files, File, root);
                var capacity = fund.TryGetProperty("capacityEur", out var c) ? c.GetRawText() : "?";
                return new ReferenceDataEdit("fund-opened", $"Fund '{id}' opened with a capacity of €{capacity}");
            },
            by,
            expectedVersion,
            cancellationToken);

        if (result.Status != ReferenceDataChangeStatus.Saved || id is null)
        {
            // The body is the fund itself: a bad field is named as the body's, not as the entry of funds.json it became.
            return result.WithinEntry("funds");
        }

        var capacityEur = fund.GetProperty("capacityEur").GetDecimal();
        await ledger.EnsureFundAsync(id, capacityEur, cancellationToken);
        return result with { Fund = fund.Clone() };
    }
}
