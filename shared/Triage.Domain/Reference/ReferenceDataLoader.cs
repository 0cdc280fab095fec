namespace Triage.Domain;

internal static class ReferenceDataLoader
{
    public static ReferenceData Load(IEnumerable<(string FileName, string Json)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        throw new NotImplementedException();
    }
}
