using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NetInfoSuite.Testing;

/// <summary>The built host run as its own process, as `dotnet run` or a deployment runs it:
/// for what only a real process shows (the embedded database, SIGTERM, SIGKILL).</summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output;

    private HostProcess(Process process, List<string> output, Uri url)
    {
        _process = process;
        _output = output;
        // The first sign-in after start (JIT, password hashing) took over 30 s once at load 19 on 2 cores.
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(120) };
    }

    public HttpClient Client { get; }
    public int Pid => _process.Id;
    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    public static Task<HostProcess> StartAsync(string workingDirectory, params string[] args) =>
        StartAsync(workingDirectory, RepoPaths.HostDll, new Dictionary<string, string>(), args);

    /// <summary>The host from another entry point (e.g. <see cref="RepoPaths.FakeClockHostDll"/>), with extra environment
    /// variables (e.g. TZ for the process's time zone).</summary>
    public static async Task<HostProcess> StartAsync(string workingDirectory, string dll, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        foreach (var a in (string[])[dll, "--Urls=http://127.0.0.1:0", .. args]) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>(); // everything the process prints, for as long as it runs
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (ListeningOn().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        // Generous: on a shared two-core machine a start (initdb included) has taken over a minute.
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(180)));
        if (first != listening.Task)
        {
            if (!process.HasExited) process.Kill();
            lock (lines) throw new InvalidOperationException("The host did not start:\n" + string.Join('\n', lines));
        }
        return new HostProcess(process, lines, listening.Task.Result);
    }

    /// <summary>Runs the host with exactly these arguments until it exits by itself (a start that must fail, or an
    /// operator's command): its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])[RepoPaths.HostDll, .. args]) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300)); // initdb alone has taken 45 s here
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The host was expected to exit but kept running:\n" + await stdout);
        }
        return (process.ExitCode, await stdout + "\n" + await stderr);
    }

    /// <summary>SIGTERM, as systemd or Ctrl+C would stop it; waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGKILL: no shutdown code runs at all.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // What it printed stays readable after a failed test: $TMPDIR/netinfo-host-<pid>.log.
        File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"netinfo-host-{Pid}.log"), Output);
        if (!_process.HasExited) await StopAsync();
        Client.Dispose();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
