using Triage.Application.Identity;
using Triage.Contracts;

namespace Triage.Application.UseCases;

/// <summary>
/// Changes a partner's status (and, when given, the framework it belongs to) in <c>partners.json</c>,
/// saved as a new version: a partner suspended now is refused as ineligible on its next submission;
/// its requests already screened keep the version they were screened with.
/// </summary>
public sealed class ChangePartnerStatus
{
    private const string File = "partners.json";
    private readonly ReferenceDataEditor editor;

    public ChangePartnerStatus(ReferenceDataEditor editor)
    {
        this.editor = editor;
    }

    public async Task<ReferenceDataChangeResult> RunAsync(string partner, PartnerStatusInput input, Caller by, int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = await editor.ApplyAsync(
            files =>
            {
                var root = ReferenceDataEditor.Parse(files, File);
                if (ReferenceDataEditor.Find(root, "partners", "code", partner) is not { } entry)
                {
                    return ReferenceDataEdit.Refused(ReferenceDataChangeResult.NotFound($"No partner '{partner}'."));
                }

                var before = entry["status"]?.ToString();
                entry["status"] = input.Status;
                var framework = "";
                if (input.Framework is { } f)
                {
                    entry["framework"] = f;
                    framework = $", framework {f}";
                }

                ReferenceDataEditor.Write(files, File, root);
                return new ReferenceDataEdit("partner-status", $"{partner}: {before} → {input.Status}{framework}: {input.Reason}");
            },
            by,
            expectedVersion,
            cancellationToken);
        return result.WithinEntry("partners");
    }
}
