namespace Triage.Application.UseCases;

/// <summary>The result of a command; a refusal carries a reason code and a message for the problem body.</summary>
public sealed record CommandResult(CommandStatus Status, string? Reason = null, string? Message = null)
{
    public static readonly CommandResult Ok = new(CommandStatus.Accepted);

    public bool Succeeded => Status == CommandStatus.Accepted;
}
