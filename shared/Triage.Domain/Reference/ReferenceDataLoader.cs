using System.Text.Json;
using System.Text.RegularExpressions;

namespace Triage.Domain;

/// <summary>
/// Reads and validates the reference data files. Strict on purpose: unknown fields, wrong types,
/// dangling references and impossible values all stop the load with a message that names the file,
/// the entry and the field. Every object may carry a free-text <c>"note"</c>.
/// This file reads partners, areas and locations; <c>ReferenceDataLoader.Costs.cs</c> the rate card and
/// the funds; <c>ReferenceDataLoader.Rules.cs</c> the eligibility rules and the approval policy; the
/// field readers are <see cref="JsonNodeReader"/>.
/// </summary>
internal static partial class ReferenceDataLoader
{
    private static readonly string[] Frameworks = ["PFP", "MD", "ICI", "PAG"];
    private static readonly string[] Groups = [.. Frameworks, Partner.DcbGroup, Partner.ConditionsPermitGroup];

    public static ReferenceData Load(IEnumerable<(string FileName, string Json)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var byName = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, json) in files)
        {
            if (!ReferenceData.FileNames.Contains(name))
            {
                throw new ReferenceDataException($"{name}: not a reference data file; expected {string.Join(", ", ReferenceData.FileNames)}.");
            }

            if (byName.ContainsKey(name))
            {
                throw new ReferenceDataException($"{name}: given twice.");
            }

            try
            {
                using var doc = JsonDocument.Parse(json ?? string.Empty, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                byName[name] = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new ReferenceDataException($"{name}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
            }
        }

        foreach (var name in ReferenceData.FileNames)
        {
            if (!byName.ContainsKey(name) && !ReferenceData.OptionalFileNames.Contains(name))
            {
                throw new ReferenceDataException($"{name}: missing.");
            }
        }

        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonNodeReader RootOf(string file)
        {
            var root = new JsonNodeReader(file, JsonNodeReader.Root, byName[file]);
            if (root.Element.ValueKind != JsonValueKind.Object)
            {
                throw root.Error("(file)", "expected a JSON object");
            }

            versions[file] = root.String("version");
            return root;
        }

        var rateRoot = RootOf("rate-card.json");
        var premiums = ReadRiskPremiums(rateRoot);
        var areas = ReadAreas(RootOf("areas.json"));
        var areaIds = areas.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var partners = ReadPartners(RootOf("partners.json"), premiums);
        var partnerCodes = partners.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var locations = ReadLocations(RootOf("locations.json"));
        var rateCard = ReadRateCard(rateRoot, premiums, areaIds, versions["rate-card.json"]);
        var funds = ReadFunds(RootOf("funds.json"), partnerCodes, areaIds);
        var rules = ReadRules(RootOf("eligibility-rules.json"));
        var policy = ReadPolicy(RootOf("approval-policy.json"), versions["approval-policy.json"]);
        var approvers = byName.ContainsKey("approvers.json") ? ReadApprovers(RootOf("approvers.json"), policy) : NoDirectory(policy);

        return new ReferenceData
        {
            Partners = partners,
            Areas = areas,
            Locations = locations,
            RateCard = rateCard,
            Funds = funds,
            Rules = rules,
            Policy = policy,
            Approvers = approvers,
            Versions = versions,
        };
    }

    private static List<Area> ReadAreas(JsonNodeReader root)
    {
        root.OnlyFields("version", "areas");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Area>();
        foreach (var entry in root.Entries("areas", "id"))
        {
            entry.OnlyFields("id", "name", "openTo");
            var id = entry.Id("id", KebabCase(), "a kebab-case id");
            if (!seen.Add(id))
            {
                throw entry.Error("id", $"duplicate id '{id}'");
            }

            var openTo = entry.Strings("openTo", allowEmpty: false);
            foreach (var group in openTo)
            {
                if (!Groups.Contains(group))
                {
                    throw entry.Error("openTo", $"unknown group '{group}', expected one of {string.Join(", ", Groups)}");
                }
            }

            result.Add(new Area(id, entry.String("name"), openTo));
        }

        return result;
    }

    private static List<Partner> ReadPartners(JsonNodeReader root, Dictionary<string, decimal> premiums)
    {
        root.OnlyFields("version", "partners");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Partner>();
        foreach (var entry in root.Entries("partners", "code"))
        {
            entry.OnlyFields("code", "name", "framework", "dcb", "dcbSince", "status", "risk");
            var code = entry.Id("code", IsoCode(), "an ISO 3166-1 alpha-3 code (three capital letters)");
            if (!seen.Add(code))
            {
                throw entry.Error("code", $"duplicate code '{code}'");
            }

            var framework = entry.OptionalString("framework");
            if (framework is not null && !Frameworks.Contains(framework))
            {
                throw entry.Error("framework", $"unknown framework '{framework}', expected one of {string.Join(", ", Frameworks)} or null");
            }

            var status = entry.String("status") switch
            {
                "active" => PartnerStatus.Active,
                "suspended" => PartnerStatus.Suspended,
                "conditions-permit" => PartnerStatus.ConditionsPermit,
                var other => throw entry.Error("status", $"unknown status '{other}', expected active, suspended or conditions-permit"),
            };
            if (framework is null && status == PartnerStatus.Active)
            {
                throw entry.Error("status", "a partner outside every framework cannot be 'active'; use conditions-permit");
            }

            var risk = entry.String("risk");
            if (!premiums.ContainsKey(risk))
            {
                throw entry.Error("risk", $"unknown risk level '{risk}', expected one of {string.Join(", ", premiums.Keys)} (rate-card.json riskPremiums)");
            }

            var dcb = entry.Bool("dcb");
            var since = entry.OptionalInt("dcbSince");
            if (since is { } year && (!dcb || year is < 2014 or > 2100))
            {
                throw entry.Error("dcbSince", dcb ? $"the DCB initiative started in 2014, got {year}" : "only DCB members have a DCB year");
            }

            result.Add(new Partner(code, entry.String("name"), framework, dcb, since, status, risk));
        }

        return result;
    }

    private static List<Location> ReadLocations(JsonNodeReader root)
    {
        root.OnlyFields("version", "locations");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Location>();
        foreach (var entry in root.Entries("locations", "id"))
        {
            entry.OnlyFields("id", "name", "factor", "inPartnerCountry");
            var id = entry.Id("id", KebabCase(), "a kebab-case id");
            if (!seen.Add(id))
            {
                throw entry.Error("id", $"duplicate id '{id}'");
            }

            var factor = entry.Decimal("factor");
            if (factor is <= 0 or > 10)
            {
                throw entry.Error("factor", $"must be above 0 and at most 10, got {factor}");
            }

            result.Add(new Location(id, entry.String("name"), factor, entry.Bool("inPartnerCountry")));
        }

        if (result.Count == 0)
        {
            throw root.Error("locations", "at least one location is required");
        }

        return result;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex IsoCode();
}
