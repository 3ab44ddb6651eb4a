using Spectre.Console;

namespace NetInfoSuite.Cli;

/// <summary>Where the commands report: progress bars and tables on a terminal (Spectre.Console), plain lines in tests.</summary>
public interface IOutput
{
    void Line(string text);
    void Warn(string text);
    void Table(string title, string[] headers, IEnumerable<string[]> rows);
    /// <summary>Runs <paramref name="work"/> under a progress bar of <paramref name="total"/> steps; it calls the
    /// action given to it with the number of steps done since the last call.</summary>
    Task StepAsync(string title, int total, Func<Action<int>, Task> work);
}

public sealed class ConsoleOutput : IOutput
{
    public void Line(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));
    public void Warn(string text) => AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(text)}[/]");

    public void Table(string title, string[] headers, IEnumerable<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(title)) };
        foreach (var h in headers) table.AddColumn(Markup.Escape(h));
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }

    public async Task StepAsync(string title, int total, Func<Action<int>, Task> work)
    {
        // Piped into a log (run.sh --demo, CI), a bar would print as one frozen "0%" line: say what runs instead.
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.MarkupLine($"{Markup.Escape(title)}（{total}）…");
            await work(_ => { });
            return;
        }
        await AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
                await work(n => task.Increment(n));
                task.Value = task.MaxValue;
            });
    }
}

/// <summary>Collects what a command prints (tests read it).</summary>
public sealed class TextOutput : IOutput
{
    private readonly List<string> _lines = [];
    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }
    public void Line(string text) { lock (_lines) _lines.Add(text); }
    public void Warn(string text) => Line(text);
    public void Table(string title, string[] headers, IEnumerable<string[]> rows)
    {
        Line(title);
        Line(string.Join(" | ", headers));
        foreach (var row in rows) Line(string.Join(" | ", row));
    }
    public async Task StepAsync(string title, int total, Func<Action<int>, Task> work)
    {
        Line($"{title} ({total})");
        await work(_ => { });
    }
}
