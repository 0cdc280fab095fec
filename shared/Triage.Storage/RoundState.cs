using Triage.Contracts;

namespace Triage.Storage;

/// <summary>Where a reservation round stands: claimed (being reserved, by one or more copies of the
/// activity), complete (every line of its plan reserved) or abandoned (a fund could not pay; whatever
/// it holds goes back). Complete and abandoned are final, and only one of them is ever reached.</summary>
public enum RoundState
{
    Claimed,
    Complete,
    Abandoned,
}
