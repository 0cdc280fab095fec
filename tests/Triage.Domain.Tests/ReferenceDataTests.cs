using System.Text.Json.Nodes;

namespace Triage.Domain.Tests;

public sealed class ReferenceDataTests
{
    private static readonly ReferenceData Data = ReferenceData.LoadEmbedded();

    /// <summary>The embedded files with one of them changed.</summary>
    internal static List<(string FileName, string Json)> FilesWith(string file, Action<JsonNode> change)
    {
        var files = ReferenceData.EmbeddedFiles().ToList();
        var index = files.FindIndex(f => f.FileName == file);
        var node = JsonNode.Parse(files[index].Json)!;
        change(node);
        files[index] = (file, node.ToJsonString());
        return files;
    }

    private static ReferenceDataException LoadFails(IEnumerable<(string FileName, string Json)> files) =>
        Assert.Throws<ReferenceDataException>(() => ReferenceData.Load(files));

    [Fact]
    public void LoadEmbedded_LoadsOncePerProcess()
    {
        Assert.Same(ReferenceData.LoadEmbedded(), ReferenceData.LoadEmbedded());
    }

    [Fact]
    public void EveryFile_HasAVersion()
    {
        Assert.Equal(ReferenceData.FileNames.Order(), Data.Versions.Keys.Order());
        Assert.All(Data.Versions.Values, v => Assert.False(string.IsNullOrWhiteSpace(v)));
        Assert.Equal(Data.Versions["rate-card.json"], Data.RateCard.Version);
        Assert.Equal(Data.Versions["approval-policy.json"], Data.Policy.Version);
    }

    [Fact]
    public void Partners_Are41ByFramework_PlusLibya()
    {
        var byFramework = Data.Partners.Where(p => p.Framework is not null).GroupBy(p => p.Framework!).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(21, byFramework["PFP"]);
        Assert.Equal(7, byFramework["MD"]);
        Assert.Equal(4, byFramework["ICI"]);
        Assert.Equal(9, byFramework["PAG"]);
        Assert.Equal(41, byFramework.Values.Sum());
        var outside = Assert.Single(Data.Partners, p => p.Framework is null);
        Assert.Equal(("LBY", PartnerStatus.ConditionsPermit, "high"), (outside.Code, outside.Status, outside.Risk));
    }

    [Theory]
    [InlineData("MKD", "the former Yugoslav Republic of Macedonia", "PFP")]
    [InlineData("BIH", "Bosnia and Herzegovina", "PFP")]
    [InlineData("CHE", "Switzerland", "PFP")]
    [InlineData("DZA", "Algeria", "MD")]
    [InlineData("MRT", "Mauritania", "MD")]
    [InlineData("ARE", "United Arab Emirates", "ICI")]
    [InlineData("KOR", "Republic of Korea", "PAG")]
    [InlineData("IRQ", "Iraq", "PAG")]
    public void Partners_UseIsoAlpha3Codes(string code, string name, string framework)
    {
        var partner = Data.FindPartner(code);

        Assert.NotNull(partner);
        Assert.Equal(name, partner.Name);
        Assert.Equal(framework, partner.Framework);
    }

    [Fact]
    public void RussiaAndBelarus_AreSuspended_OthersNot()
    {
        Assert.Equal(["BLR", "RUS"], Data.Partners.Where(p => p.Status == PartnerStatus.Suspended).Select(p => p.Code).Order());
    }

    [Fact]
    public void DcbMembers_AreTheSevenPackages()
    {
        Assert.Equal(["BIH", "GEO", "IRQ", "JOR", "MDA", "MRT", "TUN"], Data.Partners.Where(p => p.Dcb).Select(p => p.Code).Order());
        Assert.Equal(2014, Data.FindPartner("GEO")!.DcbSince);
        Assert.Equal(2018, Data.FindPartner("TUN")!.DcbSince);
    }

    [Fact]
    public void HighRisk_IsLibyaIraqAfghanistan()
    {
        Assert.Equal(["AFG", "IRQ", "LBY"], Data.Partners.Where(p => p.Risk == "high").Select(p => p.Code).Order());
    }

    [Fact]
    public void Areas_AreTheTwelveOffered_EachWithARate()
    {
        Assert.Equal(12, Data.Areas.Count);
        Assert.All(Data.Areas, a => Assert.NotNull(Data.FindRate(a.Id)));
        Assert.NotNull(Data.FindArea("ammunition-management"));
        Assert.Null(Data.FindArea("space-exploration"));
    }

    [Fact]
    public void Funds_CarryTheDomainFigures_AndSayWhatIsInvented()
    {
        Assert.Equal(478_000m, Data.FindFund("georgia")!.CapacityEur);
        Assert.Equal(["Estonia", "Latvia", "Lithuania"], Data.FindFund("georgia")!.LeadNations);
        Assert.Equal(2_301_000m + 2_000_000m, Data.FindFund("building-integrity")!.CapacityEur);
        Assert.Contains("0.885", Data.FindFund("building-integrity")!.Note, StringComparison.Ordinal);
        Assert.Equal(["JOR"], Data.FindFund("jordan-ammunition")!.Partners);
        Assert.Equal(["ammunition-management"], Data.FindFund("jordan-ammunition")!.Areas);
        foreach (var id in new[] { "dcb", "jordan-ammunition", "partnership-common" })
        {
            Assert.Contains("INVENTED", Data.FindFund(id)!.Note, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Lookups_PartnerCodesIgnoreCase_OthersExact()
    {
        Assert.Equal("LBY", Data.FindPartner("lby")!.Code);
        Assert.Null(Data.FindArea("Counter-IED"));
        Assert.NotNull(Data.FindLocation("in-country"));
        Assert.Null(Data.FindFund("nope"));
    }

    [Fact]
    public void With_RebuildsTheLookups()
    {
        var fund = Data.FindFund("georgia")! with { Id = "georgia-2" };
        var changed = Data with { Funds = [fund] };

        Assert.NotNull(changed.FindFund("georgia-2"));
        Assert.Null(changed.FindFund("georgia"));
        Assert.NotNull(Data.FindFund("georgia"));
        Assert.Equal(Data.Partners.Count, changed.Partners.Count);
    }

    [Fact]
    public void InitialBalances_AreTheCapacities()
    {
        Assert.Equal(Data.Funds.Select(f => (f.Id, f.CapacityEur)), Data.InitialBalances().Select(b => (b.FundId, b.AvailableEur)));
    }

    [Fact]
    public void BrokenFile_MessageNamesFileEntryAndField()
    {
        var files = FilesWith("partners.json", root =>
            root["partners"]!.AsArray().Single(p => (string?)p!["code"] == "LBY")!["risk"] = "extreme");

        var error = LoadFails(files);

        Assert.Equal("partners.json", error.File);
        Assert.Contains("'LBY'", error.Entry, StringComparison.Ordinal);
        Assert.Equal("risk", error.Field);
        Assert.StartsWith("partners.json: entry partners 'LBY' (#41), field 'risk':", error.Message, StringComparison.Ordinal);
        Assert.Contains("extreme", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("funds.json", "funds", "georgia", "capacityEur", "-5")]
    [InlineData("funds.json", "funds", "georgia", "capacityEur", "12.5")]
    [InlineData("funds.json", "funds", "georgia", "partners", "[\"XXX\"]")]
    [InlineData("funds.json", "funds", "georgia", "areas", "[\"space\"]")]
    [InlineData("areas.json", "areas", "counter-ied", "openTo", "[\"NATO\"]")]
    [InlineData("areas.json", "areas", "counter-ied", "id", "\"Counter IED\"")]
    [InlineData("locations.json", "locations", "in-country", "factor", "0")]
    [InlineData("locations.json", "locations", "in-country", "inPartnerCountry", "\"yes\"")]
    [InlineData("partners.json", "partners", "GEO", "status", "\"friendly\"")]
    [InlineData("partners.json", "partners", "GEO", "framework", "\"NAFTA\"")]
    [InlineData("partners.json", "partners", "GEO", "code", "\"GE\"")]
    [InlineData("rate-card.json", "areas", "counter-ied", "participantsPerTeam", "0")]
    [InlineData("rate-card.json", "areas", "counter-ied", "setupEur", "\"lots\"")]
    [InlineData("eligibility-rules.json", "rules", "DUPLICATE_ACTIVE", "effect", "\"Ineligible\"")]
    [InlineData("eligibility-rules.json", "rules", "DUPLICATE_ACTIVE", "effect", "\"Maybe\"")]
    [InlineData("approval-policy.json", "steps", "dsg", "deadline", "\"ten days\"")]
    [InlineData("approval-policy.json", "steps", "dsg", "reminder", "\"P30D\"")]
    public void BadValue_NamesFileEntryAndField(string file, string array, string id, string field, string json)
    {
        var files = FilesWith(file, root =>
        {
            var entry = root[array]!.AsArray().Single(e => e!.AsObject().Select(p => p.Value).OfType<JsonValue>().Any(v => v.TryGetValue<string>(out var s) && s == id))!;
            entry[field] = JsonNode.Parse(json);
        });

        var error = LoadFails(files);

        Assert.Equal(file, error.File);
        Assert.Matches(@"#\d+", error.Entry);
        Assert.Contains(field is "code" or "id" ? json.Trim('"') : $"'{id}'", error.Entry, StringComparison.Ordinal);
        Assert.Equal(field, error.Field);
        Assert.StartsWith($"{file}: entry {error.Entry}, field '{field}': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownField_IsRefused()
    {
        var error = LoadFails(FilesWith("funds.json", root => root["funds"]![0]!["capacity"] = 5));

        Assert.Equal("capacity", error.Field);
        Assert.Contains("unknown field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingField_IsRefused()
    {
        var error = LoadFails(FilesWith("partners.json", root => root["partners"]![3]!.AsObject().Remove("risk")));

        Assert.Equal("risk", error.Field);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicatePartner_IsRefused()
    {
        var error = LoadFails(FilesWith("partners.json", root => root["partners"]![1]!["code"] = "ARM"));

        Assert.Equal("code", error.Field);
        Assert.Contains("duplicate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingVersion_IsRefused()
    {
        var error = LoadFails(FilesWith("areas.json", root => root.AsObject().Remove("version")));

        Assert.Equal(("areas.json", "(root)", "version"), (error.File, error.Entry, error.Field));
    }

    [Fact]
    public void AreaWithoutRate_IsRefused()
    {
        var error = LoadFails(FilesWith("rate-card.json", root => root["areas"]!.AsArray().RemoveAt(0)));

        Assert.Equal("areas", error.Field);
        Assert.Contains("defence-institution-building", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPartnerRule_MustComeFirst()
    {
        var error = LoadFails(FilesWith("eligibility-rules.json", root =>
        {
            var rules = root["rules"]!.AsArray();
            var first = rules[0]!;
            rules.RemoveAt(0);
            rules.Add(first);
        }));

        Assert.Contains("UNKNOWN_PARTNER", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyTiers_MustIncrease_AndEndUnbounded()
    {
        var notIncreasing = LoadFails(FilesWith("approval-policy.json", root => root["tiers"]![1]!["upToEur"] = 100));
        var boundedLast = LoadFails(FilesWith("approval-policy.json", root => root["tiers"]![2]!["upToEur"] = 9_000_000));

        Assert.Equal("upToEur", notIncreasing.Field);
        Assert.Equal("upToEur", boundedLast.Field);
        Assert.Contains("#2", boundedLast.Entry, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJson_NamesTheFileAndLine()
    {
        var files = ReferenceData.EmbeddedFiles().Select(f => f.FileName == "locations.json" ? (f.FileName, "{\n  \"version\": \"1\",\n  oops\n}") : f);

        var error = LoadFails(files);

        Assert.StartsWith("locations.json: not valid JSON (line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_AndUnknownFile_AreRefused()
    {
        var missing = LoadFails(ReferenceData.EmbeddedFiles().Where(f => f.FileName != "funds.json"));
        var unknown = LoadFails(ReferenceData.EmbeddedFiles().Append(("extra.json", "{}")));

        Assert.Equal("funds.json: missing.", missing.Message);
        Assert.StartsWith("extra.json:", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_AreAllowedAnywhere()
    {
        var data = ReferenceData.Load(FilesWith("locations.json", root => root["locations"]![0]!["note"] = "why this factor"));

        Assert.Equal(Data.Locations.Count, data.Locations.Count);
    }
}
