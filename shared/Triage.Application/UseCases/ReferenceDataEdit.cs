namespace Triage.Application.UseCases;

/// <summary>What an edit of the reference data files did: the kind of change and its one-line summary for
/// the audit log, or the refusal that stops it (nothing is written then).</summary>
public sealed record ReferenceDataEdit(string Change, string Summary, ReferenceDataChangeResult? Refusal = null)
{
    public static ReferenceDataEdit Refused(ReferenceDataChangeResult refusal) => new("", "", refusal);
}
