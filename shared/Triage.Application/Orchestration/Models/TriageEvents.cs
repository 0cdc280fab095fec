using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>External events raised on the orchestration.</summary>
public static class TriageEvents
{
    public const string Withdraw = "Withdraw";
    public const string FundsChanged = "FundsChanged";

    /// <summary>One event name per step, so a late decision for one step never answers another.</summary>
    public static string Decision(string step) => "Decision:" + step;

    /// <summary>A step's reminder point or deadline has come (<see cref="StepTimerEvent"/>), raised from
    /// its row of the <c>StepTimers</c> table; one name per step, as for decisions.</summary>
    public static string StepTimer(string step) => "StepTimer:" + step;
}
