using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>The reference data the workflow runs on (the shipped files with the configured policy
/// overrides), for checks made before a use case runs: the API validates line items against it.</summary>
public sealed class GetReferenceData
{
    private readonly ReferenceDataProvider reference;

    public GetReferenceData(ReferenceDataProvider reference)
    {
        this.reference = reference;
    }

    public ReferenceData Run() => reference.Data;
}
