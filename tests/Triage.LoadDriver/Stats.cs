using System.Globalization;

namespace Triage.LoadDriver;

internal static class Stats
{
    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 0.5);

    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    /// <summary>"p50 12 ms, p95 40 ms, p99 85 ms (n = 1200)", or "none" when there is nothing.</summary>
    public static string Latency(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count == 0
            ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"p50 {Ms(Percentile(present, 0.5))}, p95 {Ms(Percentile(present, 0.95))}, p99 {Ms(Percentile(present, 0.99))} (n = {present.Count})");
    }

    /// <summary>Median and spread: "1.02× (0.95–1.10, 3 pairs)".</summary>
    public static string Spread(IReadOnlyCollection<double> values, string unit, string of) =>
        string.Create(CultureInfo.InvariantCulture, $"{Median(values):0.00}{unit} ({values.Min():0.00}–{values.Max():0.00}, {values.Count} {of})");

    public static string Ms(double ms) =>
        double.IsNaN(ms) ? "none reached" : ms >= 10_000 ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.0} s") : string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms");
}
