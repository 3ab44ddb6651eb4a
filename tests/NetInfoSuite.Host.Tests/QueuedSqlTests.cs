using System.Text.RegularExpressions;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests;

/// <summary>A statement queued into a session's unit of work must not return rows: Marten reads the batch's result sets in
/// order, and a row queued before a versioned document's store was taken as that store's result, so a stale write passed
/// its optimistic check and its session committed (the outbox's old <c>select pg_notify(…)</c>, ADR 0042).</summary>
public sealed partial class QueuedSqlTests
{
    [GeneratedRegex(@"QueueSqlCommand\(\s*\$*@?""+\s*select\b", RegexOptions.IgnoreCase)]
    private static partial Regex QueuedSelect();

    [Fact]
    public void No_queued_statement_returns_rows()
    {
        var offenders = new[] { "host", "modules", "contracts" }
            .SelectMany(root => Directory.GetFiles(Path.Combine(RepoPaths.Root, root), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => QueuedSelect().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f)).ToList();
        Assert.True(offenders.Count == 0, "Queued statements that return rows (use NOTIFY, or \"do $$ begin end $$\" to make a session commit): "
                                          + string.Join(", ", offenders));
    }

    [Fact]
    public void The_rule_catches_a_queued_select()
    {
        Assert.Matches(QueuedSelect(), "session.QueueSqlCommand(\"select 1\");");
        Assert.Matches(QueuedSelect(), "session.QueueSqlCommand($\"select pg_notify('{channel}', '')\");");
        Assert.DoesNotMatch(QueuedSelect(), "session.QueueSqlCommand($\"notify {channel}\");");
        Assert.DoesNotMatch(QueuedSelect(), "session.QueueSqlCommand($\"insert into t select * from unnest(?::uuid[])\");");
    }
}
