using System.Buffers;
using System.Globalization;
using System.Numerics;

namespace Triage.Domain;

/// <summary>
/// Finds a funding plan: which fund pays how much of which line item.
/// <para>
/// <b>Formulation.</b> A transportation problem: each line item needs its cost; each fund offers its
/// available balance; an item may draw from a fund when the fund may pay for the partner and the item's
/// area (<see cref="TrustFund.MayPayFor(Partner, string)"/>). The most that can be covered is a maximum
/// flow. Because eligibility depends only on the area, the funds are grouped by the set of requested areas
/// they cover, and the maximum is computed with the min-cut (Hall) form
/// <c>covered = demand − max over area sets S of (demand(S) − balance of funds touching S)</c> over the
/// 2^k subsets of the k requested areas (k ≤ 12 with the shipped data).
/// </para>
/// <para>
/// <b>Preferences</b>, after covering the maximum: (1) fewer funds — if one fund can cover it alone, the
/// most specific such fund is used; otherwise funds are added in preference order until the maximum is
/// reachable and then every fund that is not needed is dropped, least preferred first, so no fund in the
/// plan is superfluous (a minimum set is a set-cover problem; this is exact for one fund and
/// inclusion-minimal beyond). (2) More specific funds — preference order is (specificity, fund id), where
/// specificity = the number of partners × the number of areas a fund may pay for
/// (<see cref="FundCatalog"/>): earmarked money (the Georgia fund: one partner, one area) goes before
/// general money (the common-funded line: every partner and area).
/// </para>
/// <para>
/// <b>Allocation.</b> Items are served in request order; each takes from the chosen funds in preference
/// order, then augmenting paths move earlier items to other funds when that frees money (Kuhn's method on
/// the flow network), which reaches the maximum flow. When no full plan exists the result is the best
/// partial plan (maximum covered, earlier items first) with the shortfall per item. Amounts are whole
/// euros throughout (integer flows). Same input, same plan.
/// </para>
/// </summary>
public static class FundingMatcher
{
    /// <summary>Above this many requested areas that some fund covers, the fund-selection step (2^k area
    /// sets) is skipped and all candidate funds are used in preference order; coverage stays maximal.
    /// Cannot happen with the 12 shipped areas.</summary>
    private const int MaxAreasForSelection = 16;

    /// <summary>Matches the costed items against the funds of <paramref name="data"/> with the given live
    /// balances. A fund without a balance entry, or with a balance of zero or less, has nothing available;
    /// balances of funds <paramref name="data"/> does not know are ignored.</summary>
    public static FundingPlan Match(ReferenceData data, string partnerCode, IReadOnlyList<CostedItem> items, IReadOnlyList<FundBalance> balances)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(balances);
        var partner = data.FindPartner(partnerCode)
            ?? throw new ArgumentException($"No partner with the code '{partnerCode}'.", nameof(partnerCode));
        var catalog = data.Catalog;

        // Items: whole euros, distinct numbers.
        var n = items.Count;
        var need = new long[n];
        var seenItems = new HashSet<int>();
        for (var i = 0; i < n; i++)
        {
            var item = items[i] ?? throw new ArgumentException($"Costed item #{i} is null.", nameof(items));
            need[i] = IsEuros(item.AmountEur)
                ? (long)item.AmountEur
                : throw new ArgumentException($"Item {item.Item}: {item.AmountEur.ToString(CultureInfo.InvariantCulture)} is not an amount in whole euros.", nameof(items));
            if (!seenItems.Add(item.Item))
            {
                throw new ArgumentException($"Item {item.Item} appears twice.", nameof(items));
            }
        }

        // Live balances by fund index.
        var available = new long[catalog.Funds.Count];
        var given = new bool[catalog.Funds.Count];
        for (var b = 0; b < balances.Count; b++)
        {
            var balance = balances[b];
            if (!catalog.IndexById.TryGetValue(balance.FundId, out var f))
            {
                continue;
            }

            if (given[f])
            {
                throw new ArgumentException($"Fund '{balance.FundId}' has two balances.", nameof(balances));
            }

            given[f] = true;
            if (balance.AvailableEur > 0)
            {
                available[f] = IsEuros(balance.AvailableEur)
                    ? (long)balance.AvailableEur
                    : throw new ArgumentException($"Fund {balance.FundId}: {balance.AvailableEur.ToString(CultureInfo.InvariantCulture)} is not an amount in whole euros.", nameof(balances));
            }
        }

        // Requested areas → local bits 0..k-1 (order of first appearance).
        var areaBits = new Dictionary<string, int>(StringComparer.Ordinal);
        var itemBit = new int[n];
        for (var i = 0; i < n; i++)
        {
            var area = items[i].Area ?? string.Empty;
            if (!areaBits.TryGetValue(area, out var bit))
            {
                bit = areaBits.Count;
                areaBits[area] = bit;
            }

            itemBit[i] = bit;
        }

        var k = areaBits.Count;
        var useMasks = catalog.SupportsMasks && k <= 64;
        var requestAreaMask = new ulong[k];
        if (useMasks)
        {
            foreach (var (area, bit) in areaBits)
            {
                requestAreaMask[bit] = catalog.AreaIndex.TryGetValue(area, out var global) ? 1UL << global : 0;
            }
        }

        // Candidates: funds that may pay for the partner, have money, and cover a requested area; in preference order.
        var candidates = new List<int>();
        var signatures = new List<ulong>();
        foreach (var f in catalog.FundsFor(partner))
        {
            if (available[f] <= 0)
            {
                continue;
            }

            // Without masks (more than 64 areas) a fund is a candidate when it covers any requested area.
            ulong signature = 0;
            var touches = false;
            if (useMasks)
            {
                var fundMask = catalog.AreaMasks[f];
                for (var j = 0; j < k; j++)
                {
                    if ((fundMask & requestAreaMask[j]) != 0)
                    {
                        signature |= 1UL << j;
                    }
                }

                touches = signature != 0;
            }
            else
            {
                touches = areaBits.Keys.Any(area => catalog.Funds[f].Areas.Contains(area, StringComparer.Ordinal));
            }

            if (touches)
            {
                candidates.Add(f);
                signatures.Add(signature);
            }
        }

        // Fund selection works on the requested areas some candidate covers: demand in the others is
        // shortfall whatever we choose, and leaving them out keeps the 2^k area sets small.
        ulong covered = 0;
        foreach (var signature in signatures)
        {
            covered |= signature;
        }

        var coveredAreas = BitOperations.PopCount(covered);
        List<int> chosen;
        if (useMasks && coveredAreas <= MaxAreasForSelection)
        {
            var compact = new int[k];
            for (int j = 0, next = 0; j < k; j++)
            {
                compact[j] = (covered & (1UL << j)) != 0 ? next++ : -1;
            }

            var compactItemBit = new int[n];
            for (var i = 0; i < n; i++)
            {
                compactItemBit[i] = compact[itemBit[i]];
            }

            var compactSignatures = new List<ulong>(signatures.Count);
            foreach (var signature in signatures)
            {
                ulong packed = 0;
                for (var bits = signature; bits != 0; bits &= bits - 1)
                {
                    packed |= 1UL << compact[BitOperations.TrailingZeroCount(bits)];
                }

                compactSignatures.Add(packed);
            }

            chosen = SelectFunds(coveredAreas, compactItemBit, need, candidates, compactSignatures, available);
        }
        else
        {
            chosen = [.. Enumerable.Range(0, candidates.Count)];
        }

        return Allocate(items, itemBit, need, catalog, partner, useMasks, [.. chosen.Select(c => (candidates[c], signatures[c]))], available);
    }

    /// <summary>Picks the funds (indices into candidates, in preference order): one fund if one suffices,
    /// else the shortest preference-order prefix that reaches the maximum, less the funds it does not need.</summary>
    private static List<int> SelectFunds(int k, int[] itemBit, long[] need, List<int> candidates, List<ulong> signatures, long[] available)
    {
        var size = 1 << k;
        var full = size - 1;
        var pool = ArrayPool<long>.Shared;
        var demand = pool.Rent(size);
        var within = pool.Rent(size);
        var cover = pool.Rent(size);
        try
        {
            // demand[S] = total need of the areas in S.
            var areaDemand = new long[k];
            for (var i = 0; i < need.Length; i++)
            {
                if (itemBit[i] >= 0)
                {
                    areaDemand[itemBit[i]] += need[i];
                }
            }

            demand[0] = 0;
            for (var s = 1; s < size; s++)
            {
                demand[s] = demand[s & (s - 1)] + areaDemand[BitOperations.TrailingZeroCount(s)];
            }

            var totalDemand = demand[full];
            if (totalDemand == 0 || candidates.Count == 0)
            {
                return [];
            }

            var bestGap = Gap(candidates.Count);
            var coverable = totalDemand - bestGap;
            if (coverable == 0)
            {
                return [];
            }

            // One fund alone covers min(balance, demand of its areas).
            for (var c = 0; c < candidates.Count; c++)
            {
                if (Math.Min(available[candidates[c]], demand[(int)signatures[c]]) == coverable)
                {
                    return [c];
                }
            }

            // The shortest prefix of the preference order that reaches the maximum. Coverage only grows
            // with the prefix. A cheap necessary condition (each area alone, and all areas together, are
            // covered up to the gap) gives a lower bound; from there gallop (+1, +2, +4, …) to bracket the
            // answer and binary search it, so few full evaluations are needed however many funds there are.
            var areaCover = new long[k];
            long prefixBalance = 0;
            var shortest = candidates.Count;
            for (var c = 0; c < candidates.Count; c++)
            {
                var amount = available[candidates[c]];
                prefixBalance += amount;
                for (var bits = (int)signatures[c]; bits != 0; bits &= bits - 1)
                {
                    areaCover[BitOperations.TrailingZeroCount(bits)] += amount;
                }

                if (totalDemand - prefixBalance <= bestGap && EachAreaCovered(areaDemand, areaCover, bestGap))
                {
                    shortest = c + 1;
                    break;
                }
            }

            var longest = shortest;
            for (var step = 1; longest < candidates.Count && Gap(longest) != bestGap; step *= 2)
            {
                shortest = longest + 1;
                longest = Math.Min(candidates.Count, longest + step);
            }

            while (shortest < longest)
            {
                var middle = shortest + ((longest - shortest) / 2);
                if (Gap(middle) == bestGap)
                {
                    longest = middle;
                }
                else
                {
                    shortest = middle + 1;
                }
            }

            Gap(shortest);
            var chosen = Enumerable.Range(0, shortest).ToList();

            // Drop what is not needed, least preferred first. A fund (areas g, balance b) can go when
            // b ≤ slack(S) for every area set S touching g, where slack(S) = bestGap − demand(S) + cover(S).
            // With minSlack[a] = min slack(S) over the sets S containing area a, that check is O(k). After a
            // removal minSlack moves exactly for the fund's own areas and only within bounds for the others,
            // so it is kept as bounds [low, high] and recomputed (O(k 2^k)) only when they cannot decide.
            var slack = cover; // reuse: cover is not needed once slack is known
            for (var s = 0; s < size; s++)
            {
                slack[s] = bestGap - demand[s] + cover[s];
            }

            var low = new long[k];
            var high = new long[k];
            MinSlack(slack, size, low);
            Array.Copy(low, high, k);
            for (var x = chosen.Count - 1; x >= 0 && chosen.Count > 1; x--)
            {
                var c = chosen[x];
                var signature = (int)signatures[c];
                var amount = available[candidates[c]];
                if (amount > Room(high, signature))
                {
                    continue; // needed
                }

                if (amount > Room(low, signature))
                {
                    MinSlack(slack, size, low);
                    Array.Copy(low, high, k);
                    if (amount > Room(low, signature))
                    {
                        continue;
                    }
                }

                for (var s = 1; s < size; s++)
                {
                    if ((s & signature) != 0)
                    {
                        slack[s] -= amount;
                    }
                }

                for (var a = 0; a < k; a++)
                {
                    low[a] -= amount;
                    if ((signature & (1 << a)) != 0)
                    {
                        high[a] -= amount;
                    }
                }

                chosen.RemoveAt(x);
            }

            return chosen;
        }
        finally
        {
            pool.Return(demand);
            pool.Return(within);
            pool.Return(cover);
        }

        // The part of the demand the first `prefix` candidates cannot cover: the maximum over area sets S
        // of demand(S) − balance of the funds touching S. Leaves cover[S] filled for that prefix.
        long Gap(int prefix)
        {
            Array.Clear(within, 0, size);
            long total = 0;
            for (var c = 0; c < prefix; c++)
            {
                within[(int)signatures[c]] += available[candidates[c]];
                total += available[candidates[c]];
            }

            // Subset sums: within[T] = balance of the funds whose areas all lie in T.
            for (var bit = 1; bit < size; bit <<= 1)
            {
                for (var block = 0; block < size; block += bit << 1)
                {
                    for (var s = block + bit; s < block + (bit << 1); s++)
                    {
                        within[s] += within[s - bit];
                    }
                }
            }

            long gap = 0;
            for (var s = 0; s < size; s++)
            {
                cover[s] = total - within[full ^ s];
                gap = Math.Max(gap, demand[s] - cover[s]);
            }

            return gap;
        }
    }

    private static bool EachAreaCovered(long[] areaDemand, long[] areaCover, long gap)
    {
        for (var a = 0; a < areaDemand.Length; a++)
        {
            if (areaDemand[a] - areaCover[a] > gap)
            {
                return false;
            }
        }

        return true;
    }

    private static long Room(long[] minSlack, int signature)
    {
        var room = long.MaxValue;
        for (var bits = signature; bits != 0; bits &= bits - 1)
        {
            room = Math.Min(room, minSlack[BitOperations.TrailingZeroCount(bits)]);
        }

        return room;
    }

    private static void MinSlack(long[] slack, int size, long[] minSlack)
    {
        Array.Fill(minSlack, long.MaxValue);
        for (var s = 1; s < size; s++)
        {
            var value = slack[s];
            for (var bits = s; bits != 0; bits &= bits - 1)
            {
                var a = BitOperations.TrailingZeroCount(bits);
                if (value < minSlack[a])
                {
                    minSlack[a] = value;
                }
            }
        }
    }

    private static FundingPlan Allocate(
        IReadOnlyList<CostedItem> items,
        int[] itemBit,
        long[] need,
        FundCatalog catalog,
        Partner partner,
        bool haveSignatures,
        List<(int Fund, ulong Signature)> funds,
        long[] available)
    {
        // Item x fund matrices, flattened and pooled: with many funds they would land on the large object heap.
        var cells = Math.Max(1, items.Count * funds.Count);
        var eligible = ArrayPool<bool>.Shared.Rent(cells);
        var flow = ArrayPool<long>.Shared.Rent(cells);
        try
        {
            Array.Clear(flow, 0, cells);
            return Allocate(items, itemBit, need, catalog, partner, haveSignatures, funds, available, eligible, flow);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(eligible);
            ArrayPool<long>.Shared.Return(flow);
        }
    }

    private static FundingPlan Allocate(
        IReadOnlyList<CostedItem> items,
        int[] itemBit,
        long[] need,
        FundCatalog catalog,
        Partner partner,
        bool haveSignatures,
        List<(int Fund, ulong Signature)> funds,
        long[] available,
        bool[] eligible,
        long[] flow)
    {
        var n = items.Count;
        var m = funds.Count;
        for (var i = 0; i < n; i++)
        {
            for (var f = 0; f < m; f++)
            {
                eligible[(i * m) + f] = haveSignatures
                    ? (funds[f].Signature & (1UL << itemBit[i])) != 0
                    : catalog.Funds[funds[f].Fund].MayPayFor(partner, items[i].Area);
            }
        }

        var left = new long[m];
        long totalLeft = 0;
        for (var f = 0; f < m; f++)
        {
            left[f] = available[funds[f].Fund];
            totalLeft += left[f];
        }

        var remaining = (long[])need.Clone();
        var fromItem = new int[n];
        var fromFund = new int[m];
        var queue = new Queue<int>();
        for (var i = 0; i < n; i++)
        {
            // Direct: from the chosen funds in preference order.
            for (var f = 0; f < m && remaining[i] > 0; f++)
            {
                if (eligible[(i * m) + f] && left[f] > 0)
                {
                    var take = Math.Min(remaining[i], left[f]);
                    flow[(i * m) + f] += take;
                    left[f] -= take;
                    totalLeft -= take;
                    remaining[i] -= take;
                }
            }

            // Augmenting paths: item i → fund f1 → (an item j paid by f1) → fund f2 → … → a fund with money left.
            // (Pointless once every chosen fund is spent.)
            while (remaining[i] > 0 && totalLeft > 0)
            {
                Array.Fill(fromItem, -2);
                Array.Fill(fromFund, -2);
                fromItem[i] = -1;
                queue.Clear();
                queue.Enqueue(i);
                var end = -1;
                while (queue.Count > 0 && end < 0)
                {
                    var j = queue.Dequeue();
                    for (var f = 0; f < m; f++)
                    {
                        if (!eligible[(j * m) + f] || fromFund[f] != -2)
                        {
                            continue;
                        }

                        fromFund[f] = j;
                        if (left[f] > 0)
                        {
                            end = f;
                            break;
                        }

                        for (var other = 0; other < n; other++)
                        {
                            if (fromItem[other] == -2 && flow[(other * m) + f] > 0)
                            {
                                fromItem[other] = f;
                                queue.Enqueue(other);
                            }
                        }
                    }
                }

                if (end < 0)
                {
                    break;
                }

                // Bottleneck along the path, walking back from the fund with money.
                var delta = Math.Min(remaining[i], left[end]);
                for (var f = end; ;)
                {
                    var j = fromFund[f];
                    if (j == i)
                    {
                        break;
                    }

                    var previous = fromItem[j];
                    delta = Math.Min(delta, flow[(j * m) + previous]);
                    f = previous;
                }

                left[end] -= delta;
                totalLeft -= delta;
                remaining[i] -= delta;
                for (var f = end; ;)
                {
                    var j = fromFund[f];
                    flow[(j * m) + f] += delta;
                    if (j == i)
                    {
                        break;
                    }

                    var previous = fromItem[j];
                    flow[(j * m) + previous] -= delta;
                    f = previous;
                }
            }
        }

        var allocations = new List<Allocation>();
        var shortfalls = new List<Shortfall>();
        long shortfall = 0;
        var order = Enumerable.Range(0, m).OrderBy(f => catalog.Funds[funds[f].Fund].Id, StringComparer.Ordinal).ToArray();
        var byItem = Enumerable.Range(0, n).OrderBy(i => items[i].Item).ToArray();
        foreach (var i in byItem)
        {
            foreach (var f in order)
            {
                if (flow[(i * m) + f] > 0)
                {
                    allocations.Add(new Allocation(items[i].Item, catalog.Funds[funds[f].Fund].Id, flow[(i * m) + f]));
                }
            }

            if (remaining[i] > 0)
            {
                shortfalls.Add(new Shortfall(items[i].Item, items[i].Area, remaining[i]));
                shortfall += remaining[i];
            }
        }

        return new FundingPlan(allocations, shortfalls, shortfall == 0, shortfall);
    }

    private static bool IsEuros(decimal amount) =>
        amount >= 0 && amount == decimal.Truncate(amount) && amount <= 1_000_000_000_000_000m;
}
