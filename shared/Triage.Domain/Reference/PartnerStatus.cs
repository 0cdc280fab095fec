using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>Whether NATO cooperates with a partner now.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PartnerStatus>))]
public enum PartnerStatus
{
    /// <summary>Practical cooperation under the partner's framework.</summary>
    Active,

    /// <summary>Practical cooperation suspended (Russia since 2014, Belarus since 2022).</summary>
    Suspended,

    /// <summary>Outside every framework; NATO helps "when conditions permit", after a political review (Libya).</summary>
    ConditionsPermit,
}
