namespace Triage.Application.UseCases;

/// <summary>How a change of the reference data ended; the API answers 200/201, 400, 404, 409 or 412 by it.</summary>
public enum ReferenceDataChangeStatus
{
    Saved,
    Invalid,
    NotFound,
    Conflict,
    Stale,
}
