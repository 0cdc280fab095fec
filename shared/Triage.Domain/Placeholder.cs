namespace Triage.Domain;

internal static class Placeholder;
