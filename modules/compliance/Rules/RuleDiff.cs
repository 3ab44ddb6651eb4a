namespace NetInfoSuite.Modules.Compliance.Rules;

public enum DiffKind { Same, Removed, Added }

/// <summary>A paragraph of a comparison: kept, removed or added; a changed paragraph's pieces mark the characters that
/// changed.</summary>
public sealed record DiffLine(DiffKind Kind, IReadOnlyList<TextPiece> Pieces);

/// <summary>A readable comparison of two versions: paragraph by paragraph (longest common subsequence), and within a
/// paragraph that was changed (one removed right before one added), character by character.</summary>
internal static class RuleDiff
{
    private const int MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compare(string from, string to)
    {
        var (a, b) = (Paragraphs(from), Paragraphs(to));
        var lines = new List<DiffLine>();
        var ops = Lcs(a, b, string.Equals);
        for (var i = 0; i < ops.Count;)
        {
            if (ops[i].Kind == DiffKind.Same) { lines.Add(new DiffLine(DiffKind.Same, [new TextPiece(ops[i].Text, false)])); i++; continue; }
            // A run of changes: removed paragraphs, then added ones. The k-th removed and the k-th added are the same
            // paragraph changed: mark what changed in each.
            var removed = ops.Skip(i).TakeWhile(o => o.Kind == DiffKind.Removed).Select(o => o.Text).ToList();
            var added = ops.Skip(i + removed.Count).TakeWhile(o => o.Kind == DiffKind.Added).Select(o => o.Text).ToList();
            i += removed.Count + added.Count;
            for (var k = 0; k < Math.Max(removed.Count, added.Count); k++)
            {
                if (k < removed.Count && k < added.Count && (long)removed[k].Length * added[k].Length <= MaxCells)
                {
                    var chars = Lcs(removed[k].Select(c => c.ToString()).ToList(), added[k].Select(c => c.ToString()).ToList(), string.Equals);
                    lines.Add(new DiffLine(DiffKind.Removed, Pieces(chars, DiffKind.Removed)));
                    lines.Add(new DiffLine(DiffKind.Added, Pieces(chars, DiffKind.Added)));
                    continue;
                }
                if (k < removed.Count) lines.Add(new DiffLine(DiffKind.Removed, [new TextPiece(removed[k], false)]));
                if (k < added.Count) lines.Add(new DiffLine(DiffKind.Added, [new TextPiece(added[k], false)]));
            }
        }
        return lines;
    }

    private static List<string> Paragraphs(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0).ToList();

    // The characters of one side, runs of changed ones marked.
    private static IReadOnlyList<TextPiece> Pieces(List<(DiffKind Kind, string Text)> ops, DiffKind side)
    {
        var pieces = new List<TextPiece>();
        foreach (var (kind, text) in ops.Where(o => o.Kind == DiffKind.Same || o.Kind == side))
        {
            var changed = kind != DiffKind.Same;
            if (pieces.Count > 0 && pieces[^1].Hit == changed) pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + text };
            else pieces.Add(new TextPiece(text, changed));
        }
        return pieces;
    }

    private static List<(DiffKind Kind, string Text)> Lcs(List<string> a, List<string> b, Func<string, string, bool> equal)
    {
        // Common head and tail first: most revisions change a few paragraphs in the middle.
        var head = 0;
        while (head < a.Count && head < b.Count && equal(a[head], b[head])) head++;
        var tail = 0;
        while (tail < a.Count - head && tail < b.Count - head && equal(a[^(tail + 1)], b[^(tail + 1)])) tail++;
        var (n, m) = (a.Count - head - tail, b.Count - head - tail);
        var ops = a.Take(head).Select(x => (DiffKind.Same, x)).ToList();
        if ((long)n * m > MaxCells)
        {
            ops.AddRange(a.Skip(head).Take(n).Select(x => (DiffKind.Removed, x)));
            ops.AddRange(b.Skip(head).Take(m).Select(x => (DiffKind.Added, x)));
        }
        else
        {
            var len = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
                for (var j = m - 1; j >= 0; j--)
                    len[i, j] = equal(a[head + i], b[head + j]) ? len[i + 1, j + 1] + 1 : Math.Max(len[i + 1, j], len[i, j + 1]);
            var (x, y) = (0, 0);
            while (x < n || y < m)
            {
                if (x < n && y < m && equal(a[head + x], b[head + y])) { ops.Add((DiffKind.Same, a[head + x])); x++; y++; }
                else if (y < m && (x == n || len[x, y + 1] >= len[x + 1, y])) { ops.Add((DiffKind.Added, b[head + y])); y++; }
                else { ops.Add((DiffKind.Removed, a[head + x])); x++; }
            }
        }
        ops.AddRange(a.Skip(a.Count - tail).Select(x => (DiffKind.Same, x)));
        // Removed before added within a run of changes, so that a changed paragraph reads old then new.
        for (var i = 1; i < ops.Count; i++)
            for (var j = i; j > 0 && ops[j].Item1 == DiffKind.Removed && ops[j - 1].Item1 == DiffKind.Added; j--)
                (ops[j], ops[j - 1]) = (ops[j - 1], ops[j]);
        return ops;
    }
}
