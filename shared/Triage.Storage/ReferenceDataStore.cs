using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>
/// The reference data in table storage, the one source of truth the workflow runs on. Table
/// <c>ReferenceData</c>:
/// <list type="bullet">
/// <item>every version of the whole set is immutable, in its own partition <c>v{version:D10}</c>: one row
/// per file (RowKey = the file name, e.g. <c>partners.json</c>, property <c>Json</c> = its text) and a
/// <c>meta</c> row (<see cref="ReferenceDataVersionInfo"/>), written together in one insert-only
/// entity-group transaction;</item>
/// <item>the pointer row (<c>current</c>, <c>current</c>): <c>Version</c>, with the current version's
/// metadata copied beside it, only ever changed under its ETag.</item>
/// </list>
/// A new version's rows are written first, then the pointer moves; a crash in between leaves an
/// unreferenced version, which is harmless (the next writer takes the next free number).
/// </summary>
public sealed partial class ReferenceDataStore
{
    public const string PointerKey = "current";
    public const string MetaRowKey = "meta";
    public const string SeedSource = "seed";
    public const string AdminSource = "admin";

    /// <summary>UTF-16 characters in one string property (64 KiB).</summary>
    public const int MaxFileChars = 32 * 1024;

    private const int MaxAttempts = 10;
    private const int MaxVersionProbes = 100;

    private readonly TableClient table;
    private readonly TimeProvider time;

    public ReferenceDataStore(StorageClients storage, TimeProvider? time = null)
    {
        table = storage.Table(storage.Names.ReferenceData);
        this.time = time ?? TimeProvider.System;
    }

    public static string PartitionKey(int version) => "v" + version.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>Hex SHA-256 over the files in <see cref="ReferenceData.FileNames"/> order.</summary>
    public static string Hash(IEnumerable<(string FileName, string Json)> files)
    {
        var text = new StringBuilder();
        foreach (var (name, json) in Ordered(files))
        {
            text.Append(name).Append('\0').Append(json).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Checks files as <c>SaveAsync</c>
    /// does: each fits one table property, and together they load (<see cref="ReferenceData.Load"/>);
    /// throws a <see cref="ReferenceDataException"/> naming the file (and entry and field) otherwise.</summary>
    public static (IReadOnlyList<(string FileName, string Json)> Files, ReferenceData Data) Validate(IEnumerable<(string FileName, string Json)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var list = files.ToList();
        foreach (var (name, json) in list)
        {
            if (json is { Length: > MaxFileChars })
            {
                throw new ReferenceDataException($"{name}: {json.Length} characters; a file may have at most {MaxFileChars}.");
            }
        }

        var data = ReferenceData.Load(list);
        return (Ordered(list), data);
    }

    /// <summary>The current version, or null when nothing was ever stored (or the table does not exist yet).</summary>
    public async Task<ReferenceDataVersionInfo?> GetCurrentAsync(CancellationToken cancellationToken) =>
        (await ReadPointerAsync(cancellationToken))?.Info;

    /// <summary>One version's metadata and files; null when there is no such version.</summary>
    public async Task<StoredReferenceData?> GetAsync(int version, CancellationToken cancellationToken)
    {
        ReferenceDataVersionInfo? info = null;
        var files = new List<(string, string)>();
        var partition = PartitionKey(version);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == MetaRowKey)
            {
                info = Info(row);
            }
            else
            {
                files.Add((row.RowKey, row.GetString("Json") ?? string.Empty));
            }
        }

        return info is null ? null : new StoredReferenceData(info, Ordered(files));
    }

    /// <summary>
    /// Validates the files (nothing is written if they do not load) and writes them as a new version,
    /// which becomes the current one. With <paramref name="expectedVersion"/>, refuses with a
    /// <see cref="ReferenceDataConflictException"/> when the current version is another (someone saved
    /// since the caller read it). Returns what was written.
    /// </summary>
    public async Task<ReferenceDataVersionInfo> SaveAsync(IEnumerable<(string FileName, string Json)> files, string by, string source, int? expectedVersion, CancellationToken cancellationToken)
    {
        var (valid, _) = Validate(files);
        return await SaveValidatedAsync(valid, new(by, source, null, null), expectedVersion, cancellationToken);
    }

    internal async Task<ReferenceDataVersionInfo> SaveValidatedAsync(IReadOnlyList<(string FileName, string Json)> files, ReferenceDataAuthor author, int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentException.ThrowIfNullOrWhiteSpace(author.By);
        ArgumentException.ThrowIfNullOrWhiteSpace(author.Source);
        var saved = await WriteAsync(files, author, embeddedVersion: null, current =>
            expectedVersion is not { } expected || (current?.Info.Version ?? 0) == expected
                ? true
                : throw new ReferenceDataConflictException(expected, current?.Info.Version ?? 0), cancellationToken);
        return saved!;
    }

    /// <summary>Writes a new version and moves the pointer to it, while <paramref name="proceed"/> (asked
    /// with the pointer read before each attempt) says so; null when it said no.</summary>
    private async Task<ReferenceDataVersionInfo?> WriteAsync(
        IReadOnlyList<(string FileName, string Json)> files, ReferenceDataAuthor author, int? embeddedVersion,
        Func<Pointer?, bool> proceed, CancellationToken cancellationToken)
    {
        var hash = Hash(files);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var pointer = await ReadPointerAsync(cancellationToken);
            if (!proceed(pointer))
            {
                return null;
            }

            var info = new ReferenceDataVersionInfo(
                (pointer?.Info.Version ?? 0) + 1,
                time.GetUtcNow(),
                author.By,
                author.Source,
                embeddedVersion ?? pointer?.Info.EmbeddedVersion ?? ReferenceData.EmbeddedVersion,
                pointer?.Info.Version,
                hash,
                author.Change,
                author.Summary);

            // A taken number belongs to a concurrent writer, or to one that stopped before moving the pointer.
            var probes = 0;
            while (!await TryInsertVersionAsync(info, files, cancellationToken))
            {
                if (++probes == MaxVersionProbes)
                {
                    throw new InvalidOperationException($"No free reference data version after {info.Version - probes}: {probes} numbers taken.");
                }

                info = info with { Version = info.Version + 1 };
            }

            if (await TryMovePointerAsync(pointer, info, cancellationToken))
            {
                return info;
            }

            // The pointer moved since it was read: what was just written stays unreferenced; start again.
        }

        throw new InvalidOperationException($"The reference data pointer kept moving; gave up after {MaxAttempts} attempts.");
    }

    private async Task<bool> TryInsertVersionAsync(ReferenceDataVersionInfo info, IReadOnlyList<(string FileName, string Json)> files, CancellationToken cancellationToken)
    {
        var partition = PartitionKey(info.Version);
        var actions = new List<TableTransactionAction>(files.Count + 1)
        {
            new(TableTransactionActionType.Add, MetaEntity(partition, MetaRowKey, info)),
        };
        actions.AddRange(files.Select(f => new TableTransactionAction(
            TableTransactionActionType.Add, new TableEntity(partition, f.FileName) { ["Json"] = f.Json })));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private async Task<bool> TryMovePointerAsync(Pointer? from, ReferenceDataVersionInfo to, CancellationToken cancellationToken)
    {
        if (from is null)
        {
            return await table.TryAddAsync(PointerEntity(to), cancellationToken);
        }

        try
        {
            await table.UpdateEntityAsync(PointerEntity(to), from.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private async Task<Pointer?> ReadPointerAsync(CancellationToken cancellationToken)
    {
        try
        {
            var row = await table.FindAsync(PointerKey, PointerKey, cancellationToken);
            return row is null ? null : new Pointer(Info(row), row.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // the table does not exist yet
        }
    }

    /// <summary>The versions that were current, newest first, from <paramref name="from"/> (null: the
    /// current one) down the chain of <c>BasedOn</c> the pointer left, so a version written by a writer that
    /// lost the race for the pointer (never current) is not in it; <c>Next</c> is where the next page starts.
    /// The audit log.</summary>
    public async Task<(IReadOnlyList<ReferenceDataVersionInfo> Items, int? Next)> HistoryAsync(int? from, int pageSize, CancellationToken cancellationToken)
    {
        var items = new List<ReferenceDataVersionInfo>();
        var current = await GetCurrentAsync(cancellationToken);
        int? next = current is null ? null : Math.Min(from ?? current.Version, current.Version);
        while (next is { } version && items.Count < pageSize)
        {
            var info = await GetInfoAsync(version, cancellationToken);
            if (info is null)
            {
                break;
            }

            items.Add(info);
            next = info.BasedOn;
        }

        return (items, next);
    }

    private async Task<ReferenceDataVersionInfo?> GetInfoAsync(int version, CancellationToken cancellationToken)
    {
        var row = await table.FindAsync(PartitionKey(version), MetaRowKey, cancellationToken);
        return row is null ? null : Info(row);
    }

    private static TableEntity PointerEntity(ReferenceDataVersionInfo info) => MetaEntity(PointerKey, PointerKey, info);

    private static TableEntity MetaEntity(string partitionKey, string rowKey, ReferenceDataVersionInfo info)
    {
        var row = new TableEntity(partitionKey, rowKey)
        {
            ["Version"] = info.Version,
            ["SavedAt"] = info.SavedAt,
            ["SavedBy"] = info.SavedBy,
            ["Source"] = info.Source,
            ["EmbeddedVersion"] = info.EmbeddedVersion,
            ["Sha256"] = info.Sha256,
            ["Change"] = info.Change,
            ["Summary"] = info.Summary,
        };
        if (info.BasedOn is { } basedOn)
        {
            row["BasedOn"] = basedOn;
        }

        return row;
    }

    private static ReferenceDataVersionInfo Info(TableEntity row) => new(
        row.GetInt32("Version") ?? throw new InvalidOperationException($"Reference data row {row.PartitionKey}/{row.RowKey} has no Version."),
        row.GetDateTimeOffset("SavedAt") ?? DateTimeOffset.MinValue,
        row.GetString("SavedBy") ?? string.Empty,
        row.GetString("Source") ?? string.Empty,
        row.GetInt32("EmbeddedVersion") ?? 0,
        row.GetInt32("BasedOn"),
        row.GetString("Sha256") ?? string.Empty,
        row.GetString("Change"),
        row.GetString("Summary"));

    private static List<(string FileName, string Json)> Ordered(IEnumerable<(string FileName, string Json)> files) =>
        [.. files.OrderBy(f => FileOrder(f.FileName)).ThenBy(f => f.FileName, StringComparer.Ordinal)];

    private static int FileOrder(string name)
    {
        for (var i = 0; i < ReferenceData.FileNames.Count; i++)
        {
            if (ReferenceData.FileNames[i] == name)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private sealed record Pointer(ReferenceDataVersionInfo Info, ETag ETag);
}
