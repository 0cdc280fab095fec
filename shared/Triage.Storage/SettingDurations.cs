using System.Globalization;
using System.Xml;

namespace Triage.Storage;

/// <summary>How every duration setting is read: ISO 8601 (<c>PT30S</c>) or TimeSpan (<c>00:00:30</c>) text.
/// Here, in the lowest layer that reads configuration, so every layer reads durations one way.</summary>
public static class SettingDurations
{
    /// <summary>The duration, or null when the text is blank or is no duration.</summary>
    public static TimeSpan? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        try
        {
            return value.StartsWith('P') || value.StartsWith('p')
                ? XmlConvert.ToTimeSpan(value.ToUpperInvariant())
                : TimeSpan.Parse(value, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return null;
        }
    }
}
