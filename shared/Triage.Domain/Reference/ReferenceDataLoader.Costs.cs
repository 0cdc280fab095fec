using System.Text.Json;

namespace Triage.Domain;

// The rate card (with its risk premiums) and the trust funds: what things cost and who may pay.
internal static partial class ReferenceDataLoader
{
    private static Dictionary<string, decimal> ReadRiskPremiums(JsonNodeReader root)
    {
        var node = root.Object("riskPremiums");
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var property in node.Element.EnumerateObject())
        {
            var value = node.Decimal(property.Name);
            if (value is < 0 or > 2)
            {
                throw node.Error(property.Name, $"a risk premium is a fraction between 0 and 2, got {value}");
            }

            result[property.Name] = value;
        }

        if (result.Count == 0)
        {
            throw root.Error("riskPremiums", "at least one risk level is required");
        }

        return result;
    }

    private static RateCard ReadRateCard(JsonNodeReader root, Dictionary<string, decimal> premiums, HashSet<string> areaIds, string version)
    {
        root.OnlyFields("version", "currency", "contingency", "range", "riskPremiums", "areas");
        if (root.String("currency") != "EUR")
        {
            throw root.Error("currency", "only EUR is supported");
        }

        var contingency = root.Decimal("contingency");
        if (contingency is < 0 or > 1)
        {
            throw root.Error("contingency", $"a fraction between 0 and 1, got {contingency}");
        }

        var range = root.Object("range");
        range.OnlyFields("below", "above");
        var below = range.Decimal("below");
        var above = range.Decimal("above");
        if (below is < 0 or >= 1)
        {
            throw range.Error("below", $"a fraction from 0 up to (not including) 1, got {below}");
        }

        if (above is < 0 or > 5)
        {
            throw range.Error("above", $"a fraction between 0 and 5, got {above}");
        }

        var rates = new List<AreaRate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in root.Entries("areas", "area"))
        {
            entry.OnlyFields("area", "setupEur", "participantWeekEur", "teamWeekEur", "participantsPerTeam");
            var area = entry.String("area");
            if (!areaIds.Contains(area))
            {
                throw entry.Error("area", $"unknown area '{area}' (not in areas.json)");
            }

            if (!seen.Add(area))
            {
                throw entry.Error("area", $"a second rate for '{area}'");
            }

            var perTeam = entry.Int("participantsPerTeam");
            if (perTeam < 1)
            {
                throw entry.Error("participantsPerTeam", $"must be at least 1, got {perTeam}");
            }

            rates.Add(new AreaRate(area, entry.Euros("setupEur"), entry.Euros("participantWeekEur"), entry.Euros("teamWeekEur"), perTeam));
        }

        var missing = areaIds.Where(a => !seen.Contains(a)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw root.Error("areas", $"no rate for area(s) {string.Join(", ", missing)}");
        }

        return new RateCard(version, rates, premiums, contingency, below, above);
    }

    private static List<TrustFund> ReadFunds(JsonNodeReader root, HashSet<string> partnerCodes, HashSet<string> areaIds)
    {
        root.OnlyFields("version", "funds");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TrustFund>();
        foreach (var entry in root.Entries("funds", "id"))
        {
            entry.OnlyFields("id", "name", "leadNations", "partners", "groups", "areas", "capacityEur", "closed");
            var id = entry.Id("id", KebabCase(), "a kebab-case id");
            if (!seen.Add(id))
            {
                throw entry.Error("id", $"duplicate id '{id}'");
            }

            var partners = entry.Strings("partners", allowEmpty: true);
            foreach (var code in partners.Where(c => !partnerCodes.Contains(c)))
            {
                throw entry.Error("partners", $"unknown partner '{code}' (not in partners.json)");
            }

            var groups = entry.Strings("groups", allowEmpty: true);
            foreach (var group in groups.Where(g => !Groups.Contains(g)))
            {
                throw entry.Error("groups", $"unknown group '{group}', expected one of {string.Join(", ", Groups)}");
            }

            if (partners.Count == 0 && groups.Count == 0)
            {
                throw entry.Error("partners", "a fund must name the partners or the groups it may pay for");
            }

            var areas = entry.Strings("areas", allowEmpty: false);
            foreach (var area in areas.Where(a => !areaIds.Contains(a)))
            {
                throw entry.Error("areas", $"unknown area '{area}' (not in areas.json)");
            }

            var note = entry.Element.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : string.Empty;
            result.Add(new TrustFund(id, entry.String("name"), entry.Strings("leadNations", allowEmpty: true), partners, groups, areas, entry.Euros("capacityEur"), note)
            {
                Closed = entry.OptionalBool("closed") ?? false,
            });
        }

        return result;
    }
}
