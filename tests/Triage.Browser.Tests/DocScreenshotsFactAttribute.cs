namespace Triage.Browser.Tests;

/// <summary>A test that runs only when <c>TRIAGE_DOC_SCREENSHOTS=1</c>: it rewrites the README's pictures.</summary>
public sealed class DocScreenshotsFactAttribute : FactAttribute
{
    public const string Variable = "TRIAGE_DOC_SCREENSHOTS";

    public DocScreenshotsFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"Writes docs/images only when {Variable}=1.";
        }
    }
}
