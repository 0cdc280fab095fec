namespace Triage.Application.UseCases;

/// <summary>How a command ended; the API answers 202, 404, 403 or 409 by it.</summary>
public enum CommandStatus
{
    Accepted,
    NotFound,
    Forbidden,
    Conflict,
}
