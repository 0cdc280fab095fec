namespace Triage.Domain;

/// <summary>Checks line item quantities before anything is screened or costed. An unknown area is not
/// a field error: it is the eligibility reason <see cref="ReasonCodes.AreaNotOffered"/>.</summary>
public static class RequestRules
{
    /// <summary>Most line items in one request.</summary>
    public const int MaxItems = 50;

    /// <summary>Most participants in one line item.</summary>
    public const int MaxParticipants = 5_000;

    /// <summary>Longest line item: three years.</summary>
    public const int MaxWeeks = 156;

    /// <summary>Longest area or location id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Every problem with the items, with paths like <c>items[2].participants</c>; empty when valid.</summary>
    public static IReadOnlyList<FieldError> ValidateItems(ReferenceData data, IReadOnlyList<LineItem>? items)
    {
        ArgumentNullException.ThrowIfNull(data);
        var errors = new List<FieldError>();
        if (items is null || items.Count == 0)
        {
            errors.Add(new FieldError("items", "at least one line item is required"));
            return errors;
        }

        if (items.Count > MaxItems)
        {
            errors.Add(new FieldError("items", $"at most {MaxItems} line items are allowed, got {items.Count}"));
            return errors;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var path = $"items[{i}]";
            var item = items[i];
            if (item is null)
            {
                errors.Add(new FieldError(path, "a line item is required"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Area))
            {
                errors.Add(new FieldError($"{path}.area", "an area is required"));
            }
            else if (item.Area.Length > MaxIdLength)
            {
                errors.Add(new FieldError($"{path}.area", $"at most {MaxIdLength} characters"));
            }

            if (item.Participants < 1 || item.Participants > MaxParticipants)
            {
                errors.Add(new FieldError($"{path}.participants", $"must be between 1 and {MaxParticipants}, got {item.Participants}"));
            }

            if (item.Weeks < 1 || item.Weeks > MaxWeeks)
            {
                errors.Add(new FieldError($"{path}.weeks", $"must be between 1 and {MaxWeeks}, got {item.Weeks}"));
            }

            if (string.IsNullOrWhiteSpace(item.Location))
            {
                errors.Add(new FieldError($"{path}.location", $"a location is required, one of {KnownLocations(data)}"));
            }
            else if (data.FindLocation(item.Location) is null)
            {
                var shown = item.Location.Length > MaxIdLength ? item.Location[..MaxIdLength] + "…" : item.Location;
                errors.Add(new FieldError($"{path}.location", $"unknown location '{shown}', expected one of {KnownLocations(data)}"));
            }
        }

        return errors;
    }

    private static string KnownLocations(ReferenceData data) => string.Join(", ", data.Locations.Select(l => l.Id));
}
