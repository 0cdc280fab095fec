using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Triage.Application.Identity;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// Changes the reference data the way an admin would edit the files: read the current version's files,
/// change one, and save them all as a new version (<see cref="ReferenceDataProvider.SaveAsync(IEnumerable{ValueTuple{string, string}}, ReferenceDataAuthor, int?, CancellationToken)"/>),
/// which validates them with the same loader as the seed files and writes nothing when they do not load.
/// The save names the version it read: when another change got in between, the edit is made again on
/// the newer files (so concurrent changes never lose each other), unless the caller named the version
/// it expects (<c>If-Match</c>), which then answers <see cref="ReferenceDataChangeStatus.Stale"/>.
/// </summary>
public sealed partial class ReferenceDataEditor
{
    private const int MaxAttempts = 8;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly ReferenceDataProvider reference;
    private readonly ILogger<ReferenceDataEditor> logger;

    public ReferenceDataEditor(ReferenceDataProvider reference, ILogger<ReferenceDataEditor> logger)
    {
        this.reference = reference;
        this.logger = logger;
    }

    /// <summary>Who the audit log names: the token's name and subject.</summary>
    public static string Who(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return string.IsNullOrWhiteSpace(caller.Name) || caller.Name == caller.Subject ? caller.Subject : $"{caller.Name} ({caller.Subject})";
    }

    /// <summary>Applies <paramref name="edit"/> to the current files (file name → JSON text, changed in
    /// place) and saves them as a new version; see the class.</summary>
    public async Task<ReferenceDataChangeResult> ApplyAsync(Func<Dictionary<string, string>, ReferenceDataEdit> edit, Caller by, int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await reference.RefreshAsync(cancellationToken);
            if (expectedVersion is { } expected && expected != current.Version)
            {
                return new(ReferenceDataChangeStatus.Stale, current.Version, Message: $"The reference data is at version {current.Version}, not {expected}.");
            }

            var files = (await reference.GetFilesAsync(current.Version, cancellationToken)).ToDictionary(f => f.FileName, f => f.Json, StringComparer.Ordinal);
            try
            {
                var change = edit(files);
                if (change.Refusal is { } refusal)
                {
                    return refusal;
                }

                var author = new ReferenceDataAuthor(Who(by), ReferenceDataStore.AdminSource, change.Change, change.Summary);
                var version = await reference.SaveAsync(files.Select(f => (f.Key, f.Value)), author, current.Version, cancellationToken);
                logger.LogInformation("Reference data version {Version}: {Change} by {By}: {Summary}", version, change.Change, author.By, change.Summary);
                return new(ReferenceDataChangeStatus.Saved, version);
            }
            catch (ReferenceDataConflictException e) when (expectedVersion is null)
            {
                logger.LogInformation("Reference data moved to version {Version} during a change; making it again on top", e.CurrentVersion);
            }
            catch (ReferenceDataConflictException e)
            {
                return new(ReferenceDataChangeStatus.Stale, e.CurrentVersion, Message: e.Message);
            }
            catch (ReferenceDataException e)
            {
                return ReferenceDataChangeResult.Invalid(FieldOf(e), e.Message);
            }
        }

        return ReferenceDataChangeResult.Conflict("The reference data kept changing while this change was made; try again.");
    }

    /// <summary>A file's JSON, parsed for an edit.</summary>
    public static JsonObject Parse(Dictionary<string, string> files, string fileName) =>
        files.TryGetValue(fileName, out var json) && JsonNode.Parse(json) is JsonObject root
            ? root
            : throw new ReferenceDataException($"{fileName}: missing or not a JSON object.");

    /// <summary>Writes an edited file back.</summary>
    public static void Write(Dictionary<string, string> files, string fileName, JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(root);
        files[fileName] = root.ToJsonString(Indented);
    }

    /// <summary>The entry of <paramref name="array"/> whose <paramref name="key"/> is <paramref name="id"/>.</summary>
    public static JsonObject? Find(JsonObject root, string array, string key, string id) =>
        (root[array] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(e => e[key] is JsonValue v && v.TryGetValue<string>(out var s) && s == id);

    /// <summary>The field of a loader error as the API names it: <c>areas[3].setupEur</c> for a field of an
    /// entry, the field itself at a file's root, <c>$</c> when the error names none.</summary>
    public static string FieldOf(ReferenceDataException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Field is not { } field)
        {
            return "$";
        }

        var entry = e.Entry is null ? null : EntryPattern().Match(e.Entry);
        return entry is { Success: true } ? $"{entry.Groups["array"].Value}[{entry.Groups["index"].Value}].{field}" : field;
    }

    [GeneratedRegex(@"(?<array>[A-Za-z]+) (?:'[^']*' )?\(?#(?<index>\d+)\)?$")]
    private static partial Regex EntryPattern();
}
