namespace NetInfoSuite.Modules.Inspection.Domain;

/// <summary>The indicator tree in reading order: parents before children, siblings in their order.</summary>
internal static class PlanTree
{
    public sealed record Node(Indicator Indicator, int Depth, bool Leaf, double Points);

    public static IReadOnlyList<Node> Of(Plan plan)
    {
        var children = plan.Indicators.ToLookup(i => i.Parent);
        var ids = plan.Indicators.Select(i => i.Id).ToHashSet();
        var nodes = new List<Node>();
        double Points(Indicator i) => children[i.Id].Any() ? children[i.Id].Sum(Points) : i.Points;
        void Add(Indicator i, int depth)
        {
            var leaf = !children[i.Id].Any();
            nodes.Add(new Node(i, depth, leaf, Points(i)));
            foreach (var child in children[i.Id].OrderBy(c => c.Order)) Add(child, depth + 1);
        }
        foreach (var root in plan.Indicators.Where(i => i.Parent is not { } p || !ids.Contains(p)).OrderBy(i => i.Order)) Add(root, 0);
        return nodes;
    }

    /// <summary>What a target earns with every indicator at its best: the leaves' points, bonus and veto items aside.</summary>
    public static double FullMarks(IReadOnlyList<Node> tree) =>
        tree.Where(n => n.Leaf && n.Indicator.Method is not (ScoringMethod.Bonus or ScoringMethod.Veto)).Sum(n => n.Points);
}
