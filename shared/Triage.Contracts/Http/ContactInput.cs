using Triage.Domain;

namespace Triage.Contracts;

public sealed record ContactInput(string Name, string Email);
