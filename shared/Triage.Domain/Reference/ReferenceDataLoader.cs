using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace Triage.Domain;

/// <summary>
/// Reads and validates the reference data files. Strict on purpose: unknown fields, wrong types,
/// dangling references and impossible values all stop the load with a message that names the file,
/// the entry and the field. Every object may carry a free-text <c>"note"</c>.
/// </summary>
internal static partial class ReferenceDataLoader
{
    private const string Root = "(root)";
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
            if (!byName.ContainsKey(name))
            {
                throw new ReferenceDataException($"{name}: missing.");
            }
        }

        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        Node RootOf(string file)
        {
            var root = new Node(file, Root, byName[file]);
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

        return new ReferenceData
        {
            Partners = partners,
            Areas = areas,
            Locations = locations,
            RateCard = rateCard,
            Funds = funds,
            Rules = rules,
            Policy = policy,
            Versions = versions,
        };
    }

    private static Dictionary<string, decimal> ReadRiskPremiums(Node root)
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

    private static List<Area> ReadAreas(Node root)
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

    private static List<Partner> ReadPartners(Node root, Dictionary<string, decimal> premiums)
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

    private static List<Location> ReadLocations(Node root)
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

    private static RateCard ReadRateCard(Node root, Dictionary<string, decimal> premiums, HashSet<string> areaIds, string version)
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

    private static List<TrustFund> ReadFunds(Node root, HashSet<string> partnerCodes, HashSet<string> areaIds)
    {
        root.OnlyFields("version", "funds");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TrustFund>();
        foreach (var entry in root.Entries("funds", "id"))
        {
            entry.OnlyFields("id", "name", "leadNations", "partners", "groups", "areas", "capacityEur");
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
            result.Add(new TrustFund(id, entry.String("name"), entry.Strings("leadNations", allowEmpty: true), partners, groups, areas, entry.Euros("capacityEur"), note));
        }

        return result;
    }

    private static List<EligibilityRule> ReadRules(Node root)
    {
        root.OnlyFields("version", "rules");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<EligibilityRule>();
        foreach (var entry in root.Entries("rules", "code"))
        {
            entry.OnlyFields("code", "effect", "message");
            var code = entry.String("code");
            var requestScoped = ReasonCodes.RequestScoped.Contains(code);
            if (!requestScoped && !ReasonCodes.ItemScoped.Contains(code))
            {
                throw entry.Error("code", $"unknown rule '{code}', expected one of {string.Join(", ", ReasonCodes.RequestScoped.Concat(ReasonCodes.ItemScoped))}");
            }

            if (!seen.Add(code))
            {
                throw entry.Error("code", $"rule '{code}' appears twice");
            }

            var effectText = entry.String("effect");
            if (!Enum.TryParse<RuleEffect>(effectText, ignoreCase: false, out var effect) || !Enum.IsDefined(effect) || int.TryParse(effectText, out _))
            {
                throw entry.Error("effect", $"unknown effect '{effectText}', expected one of {string.Join(", ", Enum.GetNames<RuleEffect>())}");
            }

            RuleEffect[] allowed = requestScoped
                ? [RuleEffect.Ineligible, RuleEffect.NeedsReview, RuleEffect.PoliticalReview]
                : [RuleEffect.ExcludeItem, RuleEffect.NeedsReview];
            if (!allowed.Contains(effect))
            {
                throw entry.Error("effect", $"'{code}' judges {(requestScoped ? "the request" : "a line item")}; its effect must be one of {string.Join(", ", allowed)}");
            }

            if (code == ReasonCodes.UnknownPartner && (result.Count > 0 || effect != RuleEffect.Ineligible))
            {
                throw entry.Error("code", "UNKNOWN_PARTNER must be the first rule, with effect Ineligible: the other rules need a known partner");
            }

            result.Add(new EligibilityRule(code, effect, entry.String("message")));
        }

        if (!seen.Contains(ReasonCodes.UnknownPartner))
        {
            throw root.Error("rules", "UNKNOWN_PARTNER must be the first rule");
        }

        return result;
    }

    private static ApprovalPolicy ReadPolicy(Node root, string version)
    {
        root.OnlyFields("version", "fundsWaitLimit", "politicalReviewStep", "steps", "tiers");
        var timings = new Dictionary<string, StepTiming>(StringComparer.Ordinal);
        foreach (var entry in root.Entries("steps", "step"))
        {
            entry.OnlyFields("step", "deadline", "reminder");
            var step = entry.Id("step", KebabCase(), "a kebab-case step name");
            if (timings.ContainsKey(step))
            {
                throw entry.Error("step", $"step '{step}' appears twice");
            }

            var deadline = entry.Duration("deadline");
            var reminder = entry.Duration("reminder");
            if (reminder >= deadline)
            {
                throw entry.Error("reminder", $"the reminder ({XmlConvert.ToString(reminder)}) must come before the deadline ({XmlConvert.ToString(deadline)})");
            }

            timings[step] = new StepTiming(deadline, reminder);
        }

        var political = root.String("politicalReviewStep");
        if (!timings.ContainsKey(political))
        {
            throw root.Error("politicalReviewStep", $"'{political}' is not one of the steps");
        }

        var tiers = new List<ApprovalTier>();
        var tierEntries = root.Entries("tiers", key: null).ToList();
        decimal? previous = null;
        foreach (var entry in tierEntries)
        {
            entry.OnlyFields("belowEur", "upToEur", "steps");
            var below = entry.OptionalEuros("belowEur");
            var upTo = entry.OptionalEuros("upToEur");
            var isLast = tiers.Count == tierEntries.Count - 1;
            if (below is not null && upTo is not null)
            {
                throw entry.Error("upToEur", "give belowEur or upToEur, not both");
            }

            var bound = below ?? upTo;
            if (isLast && bound is not null)
            {
                throw entry.Error(below is null ? "upToEur" : "belowEur", "the last tier takes every estimate above the others: give it no bound");
            }

            if (!isLast && bound is null)
            {
                throw entry.Error("belowEur", "every tier but the last needs belowEur or upToEur");
            }

            if (bound is { } b && previous is { } p && b <= p)
            {
                throw entry.Error(below is null ? "upToEur" : "belowEur", $"bounds must increase: {b} is not above {p}");
            }

            previous = bound ?? previous;
            var steps = entry.Strings("steps", allowEmpty: false);
            foreach (var step in steps.Where(s => !timings.ContainsKey(s)))
            {
                throw entry.Error("steps", $"unknown step '{step}', expected one of {string.Join(", ", timings.Keys)}");
            }

            if (steps.Contains(political))
            {
                throw entry.Error("steps", $"'{political}' is added by the partner's status, not by a tier");
            }

            tiers.Add(new ApprovalTier(below, upTo, steps));
        }

        if (tiers.Count == 0)
        {
            throw root.Error("tiers", "at least one tier is required");
        }

        return new ApprovalPolicy(version, root.Duration("fundsWaitLimit"), political, timings, tiers);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex IsoCode();

    /// <summary>A JSON object inside a file, with enough context to name it in errors.</summary>
    private readonly record struct Node(string File, string Entry, JsonElement Element)
    {
        public ReferenceDataException Error(string field, string problem) => new(File, Entry, field, problem);

        public void OnlyFields(params string[] fields)
        {
            foreach (var property in Element.EnumerateObject())
            {
                if (property.Name != "note" && !fields.Contains(property.Name))
                {
                    throw Error(property.Name, $"unknown field; expected {string.Join(", ", fields)} (and an optional note)");
                }
            }
        }

        public IEnumerable<Node> Entries(string field, string? key)
        {
            var array = Get(field);
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw Error(field, $"expected an array, got {Describe(array)}");
            }

            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var label = $"#{index}";
                if (key is not null && item.ValueKind == JsonValueKind.Object && item.TryGetProperty(key, out var k) && k.ValueKind == JsonValueKind.String)
                {
                    label = $"'{k.GetString()}' (#{index})";
                }

                var name = Entry == Root ? $"{field} {label}" : $"{Entry} {field} {label}";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new ReferenceDataException(File, name, field, $"expected an object, got {Describe(item)}");
                }

                index++;
                yield return new Node(File, name, item);
            }
        }

        public Node Object(string field)
        {
            var value = Get(field);
            return value.ValueKind == JsonValueKind.Object
                ? new Node(File, Entry == Root ? field : $"{Entry} {field}", value)
                : throw Error(field, $"expected an object, got {Describe(value)}");
        }

        public string String(string field)
        {
            var value = Get(field);
            if (value.ValueKind != JsonValueKind.String)
            {
                throw Error(field, $"expected a string, got {Describe(value)}");
            }

            var text = value.GetString()!;
            return string.IsNullOrWhiteSpace(text) ? throw Error(field, "must not be empty") : text;
        }

        public string Id(string field, Regex pattern, string what)
        {
            var text = String(field);
            return pattern.IsMatch(text) ? text : throw Error(field, $"'{text}' is not {what}");
        }

        public string? OptionalString(string field) =>
            Element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? String(field) : null;

        public bool Bool(string field)
        {
            var value = Get(field);
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(field, $"expected true or false, got {Describe(value)}"),
            };
        }

        public decimal Decimal(string field)
        {
            var value = Get(field);
            return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d)
                ? d
                : throw Error(field, $"expected a number, got {Describe(value)}");
        }

        public int Int(string field)
        {
            var value = Get(field);
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
                ? i
                : throw Error(field, $"expected a whole number, got {Describe(value)}");
        }

        public int? OptionalInt(string field) =>
            Element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? Int(field) : null;

        /// <summary>A non-negative amount in whole euros.</summary>
        public decimal Euros(string field)
        {
            var amount = Decimal(field);
            return amount >= 0 && amount == decimal.Truncate(amount) && amount <= 1_000_000_000_000m
                ? amount
                : throw Error(field, $"expected whole euros from 0 to 10^12, got {amount.ToString(CultureInfo.InvariantCulture)}");
        }

        public decimal? OptionalEuros(string field) =>
            Element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? Euros(field) : null;

        public TimeSpan Duration(string field)
        {
            var text = String(field);
            TimeSpan span;
            try
            {
                span = XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                throw Error(field, $"'{text}' is not an ISO 8601 duration such as PT30S or P5D");
            }

            return span > TimeSpan.Zero ? span : throw Error(field, $"'{text}' must be longer than zero");
        }

        public List<string> Strings(string field, bool allowEmpty)
        {
            var value = Get(field);
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Error(field, $"expected an array of strings, got {Describe(value)}");
            }

            var result = new List<string>();
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                {
                    throw Error(field, $"expected non-empty strings, got {Describe(item)}");
                }

                var text = item.GetString()!;
                if (result.Contains(text, StringComparer.Ordinal))
                {
                    throw Error(field, $"'{text}' is listed twice");
                }

                result.Add(text);
            }

            return result.Count == 0 && !allowEmpty ? throw Error(field, "must not be empty") : result;
        }

        private JsonElement Get(string field) =>
            Element.TryGetProperty(field, out var value) ? value : throw Error(field, "missing");

        private static string Describe(JsonElement value) =>
            value.ValueKind switch
            {
                JsonValueKind.String => $"the string \"{value.GetString()}\"",
                JsonValueKind.Number => $"the number {value.GetRawText()}",
                JsonValueKind.Null => "null",
                JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                JsonValueKind.Array => "an array",
                JsonValueKind.Object => "an object",
                _ => value.ValueKind.ToString(),
            };
    }
}
