namespace Triage.Domain;

/// <summary>A reference data file is missing, malformed or inconsistent. The message names the file,
/// the entry and the field, so whoever edited it can fix it.</summary>
public sealed class ReferenceDataException : Exception
{
    public ReferenceDataException()
    {
    }

    public ReferenceDataException(string message)
        : base(message)
    {
    }

    public ReferenceDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ReferenceDataException(string file, string entry, string field, string problem, Exception? innerException = null)
        : base($"{file}: entry {entry}, field '{field}': {problem}", innerException)
    {
        File = file;
        Entry = entry;
        Field = field;
    }

    public string? File { get; }

    public string? Entry { get; }

    public string? Field { get; }
}
