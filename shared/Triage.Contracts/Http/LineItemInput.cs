using Triage.Domain;

namespace Triage.Contracts;

public sealed record LineItemInput(string Area, int Participants, int Weeks, string Location);
