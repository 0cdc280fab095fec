using System.Text.Json;
using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>
/// All reference data the rules run on: partners, areas, locations, the rate card, trust funds, the
/// eligibility rules and the approval policy. Loaded from the JSON files in <c>Data/</c> (embedded in
/// this assembly, each with a <c>"version"</c>) and validated as a whole; a bad file throws a
/// <see cref="ReferenceDataException"/> naming the file, the entry and the field.
/// Immutable: change it with <c>with { ... }</c> (lookups follow the new values).
/// </summary>
public sealed record ReferenceData
{
    /// <summary>The files <see cref="Load"/> expects, in the order they are read.</summary>
    public static readonly IReadOnlyList<string> FileNames =
    [
        "partners.json", "areas.json", "locations.json", "rate-card.json", "funds.json", "eligibility-rules.json", "approval-policy.json", "approvers.json",
    ];

    /// <summary>Files of <see cref="FileNames"/> a stored set may lack: sets stored before the file existed
    /// still load (without it, the policy may name no deputies).</summary>
    public static readonly IReadOnlyList<string> OptionalFileNames = ["approvers.json"];

    /// <summary>The file with the version of the embedded set as a whole (not one of <see cref="FileNames"/>).</summary>
    public const string ManifestFileName = "manifest.json";

    private static readonly Lazy<ReferenceData> Embedded = new(() => Load(EmbeddedFiles()));
    private static readonly Lazy<int> EmbeddedSetVersion = new(ReadEmbeddedVersion);

    private readonly IReadOnlyList<Partner> partners = [];
    private readonly IReadOnlyList<Area> areas = [];
    private readonly IReadOnlyList<Location> locations = [];
    private readonly IReadOnlyList<TrustFund> funds = [];
    private Dictionary<string, Partner> partnersByCode = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, Area> areasById = new(StringComparer.Ordinal);
    private Dictionary<string, Location> locationsById = new(StringComparer.Ordinal);
    private Dictionary<string, TrustFund> fundsById = new(StringComparer.Ordinal);
    private FundCatalog? catalog;

    public required IReadOnlyList<Partner> Partners
    {
        get => partners;
        init
        {
            partners = value;
            partnersByCode = value.ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);
        }
    }

    public required IReadOnlyList<Area> Areas
    {
        get => areas;
        init
        {
            areas = value;
            areasById = value.ToDictionary(a => a.Id, StringComparer.Ordinal);
        }
    }

    public required IReadOnlyList<Location> Locations
    {
        get => locations;
        init
        {
            locations = value;
            locationsById = value.ToDictionary(l => l.Id, StringComparer.Ordinal);
        }
    }

    public required RateCard RateCard { get; init; }

    public required IReadOnlyList<TrustFund> Funds
    {
        get => funds;
        init
        {
            funds = value;
            fundsById = value.ToDictionary(f => f.Id, StringComparer.Ordinal);
        }
    }

    public required IReadOnlyList<EligibilityRule> Rules { get; init; }

    public required ApprovalPolicy Policy { get; init; }

    /// <summary>The approvers' directory (<c>approvers.json</c>): who holds which step; empty for a set
    /// stored without one.</summary>
    public IReadOnlyList<Approver> Approvers { get; init; } = [];

    /// <summary>File name → its <c>"version"</c>.</summary>
    public IReadOnlyDictionary<string, string> Versions { get; init; } = new Dictionary<string, string>();

    /// <summary>The version of the embedded set of files as a whole (<c>Data/manifest.json</c>, at
    /// least 1): raised with every change to the files, so a deployment can tell that storage holds an
    /// older set.</summary>
    public static int EmbeddedVersion => EmbeddedSetVersion.Value;

    /// <summary>The embedded reference data, loaded and validated once per process.</summary>
    public static ReferenceData LoadEmbedded() => Embedded.Value;

    /// <summary>Loads and validates reference data from (file name, JSON) pairs; every file of
    /// <see cref="FileNames"/> must be there.</summary>
    public static ReferenceData Load(IEnumerable<(string FileName, string Json)> files) => ReferenceDataLoader.Load(files);

    /// <summary>The raw embedded JSON files, e.g. to seed storage tables or to break one in a test.</summary>
    public static IReadOnlyList<(string FileName, string Json)> EmbeddedFiles()
    {
        var result = new List<(string, string)>(FileNames.Count);
        foreach (var name in FileNames)
        {
            result.Add((name, ReadEmbedded(name)));
        }

        return result;
    }

    private static string ReadEmbedded(string name)
    {
        var assembly = typeof(ReferenceData).Assembly;
        using var stream = assembly.GetManifestResourceStream("Triage.Domain.Data." + name)
            ?? throw new ReferenceDataException($"{name}: not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static int ReadEmbeddedVersion()
    {
        using var doc = JsonDocument.Parse(ReadEmbedded(ManifestFileName));
        var root = new JsonNodeReader(ManifestFileName, JsonNodeReader.Root, doc.RootElement);
        root.OnlyFields("version");
        var version = root.Int("version");
        return version >= 1 ? version : throw root.Error("version", $"must be at least 1, got {version}");
    }

    public Partner? FindPartner(string code) => code is not null && partnersByCode.TryGetValue(code, out var p) ? p : null;

    public Area? FindArea(string id) => id is not null && areasById.TryGetValue(id, out var a) ? a : null;

    public Location? FindLocation(string id) => id is not null && locationsById.TryGetValue(id, out var l) ? l : null;

    public TrustFund? FindFund(string id) => id is not null && fundsById.TryGetValue(id, out var f) ? f : null;

    /// <summary>True when the fund exists and is closed to new reservations.</summary>
    public bool IsClosed(string fundId) => FindFund(fundId)?.Closed == true;

    public AreaRate? FindRate(string area) => RateCard.FindRate(area);

    /// <summary>Every fund at its full capacity, e.g. for a quote before any reservation.</summary>
    public IReadOnlyList<FundBalance> InitialBalances() => [.. Funds.Select(f => new FundBalance(f.Id, f.CapacityEur))];

    /// <summary>Funds with their specificity, computed once per (funds, partners, areas) value.</summary>
    [JsonIgnore]
    internal FundCatalog Catalog
    {
        get
        {
            var current = catalog;
            if (current is null || !current.IsFor(funds, partners, areas))
            {
                current = new FundCatalog(funds, partners, areas);
                catalog = current;
            }

            return current;
        }
    }
}
