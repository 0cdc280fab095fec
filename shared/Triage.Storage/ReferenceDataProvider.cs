using Triage.Domain;

namespace Triage.Storage;

/// <summary>The reference data the workflow runs on: the embedded files with the configured policy
/// overrides. A host or test may register its own instance before <c>AddTriageWorkflow</c>.</summary>
public sealed class ReferenceDataProvider
{
    public ReferenceDataProvider(ReferenceData data)
    {
        Data = data;
    }

    public ReferenceData Data { get; }
}
