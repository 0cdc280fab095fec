namespace Triage.Storage;

/// <summary>Someone saved another version of the reference data since the caller read the one it changed.</summary>
public sealed class ReferenceDataConflictException : Exception
{
    public ReferenceDataConflictException()
    {
    }

    public ReferenceDataConflictException(string message)
        : base(message)
    {
    }

    public ReferenceDataConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReferenceDataConflictException(int expectedVersion, int currentVersion)
        : base($"The reference data is at version {currentVersion}, not {expectedVersion}: reload it and make the change again.")
    {
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
    }

    public int ExpectedVersion { get; }

    public int CurrentVersion { get; }
}
