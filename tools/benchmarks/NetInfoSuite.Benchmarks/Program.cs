using System.Globalization;
using System.Text;

// The benchmark suite (issue 8): every speed target beside the baseline or ceiling it is measured against, in
// the same run, on a durable embedded PostgreSQL started the way the host starts it.
//   NetInfoSuite.Benchmarks [--quick] [--out docs/benchmarks.md] [--only fan-out,console,…]
// Quick mode uses small sizes and few rounds: seconds, so CI runs it and the cases never rot; its figures are
// not figures. The full mode is run by hand (tools/benchmarks/run.sh) and its report committed.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.FirstOrDefault() == "load") return await LoadGenerator.RunAsync(args);
var quick = args.Contains("--quick");
var outFile = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? [];

var cases = new (string Id, Func<BenchContext, Task<Section>> Run)[]
{
    ("micro", MicroCases.RunAsync),
    ("pipeline", PipelineCases.RunAsync),
    ("console", ConsoleCases.RunAsync),
    ("fan-out", FanOutCases.RunAsync),
    ("feedback", FeedbackLoadCases.RunAsync),
    ("rankings", RankingCases.RunAsync),
    ("import", ImportCases.RunAsync),
    ("rules", RuleSearchCases.RunAsync),
    ("inspection", InspectionCases.RunAsync),
    ("registry", RegistryCases.RunAsync),
    ("host", HostCases.RunAsync),
    ("seed", SeedCases.RunAsync),
    ("upgrades", UpgradeCases.RunAsync),
    ("province", ProvinceCases.RunAsync),
};

await using var bench = await BenchContext.StartAsync(quick);
var sections = new List<Section>();
// "upgrades" and "province" (a province seed: tens of minutes) run only when asked for (--only province): their figures
// are kept in docs/benchmarks.md by hand.
string[] onlyWhenNamed = ["upgrades", "province"];
foreach (var (id, run) in cases.Where(c => only.Length == 0 ? !onlyWhenNamed.Contains(c.Id) : only.Contains(c.Id)))
{
    Console.Error.WriteLine($"bench: {id}…");
    sections.Add(await run(bench));
}

var report = Report(sections);
Console.WriteLine(report);
if (outFile is not null) await File.WriteAllTextAsync(outFile, report);
var missed = sections.SelectMany(s => s.Rows).Count(r => r.Met == false);
Console.Error.WriteLine($"bench: {sections.Sum(s => s.Rows.Count)} cases, {missed} goal(s) missed{(quick ? " (quick mode: sizes too small to judge)" : "")}");
return 0;

string Report(IReadOnlyList<Section> all)
{
    var md = new StringBuilder();
    md.AppendLine("# Benchmarks").AppendLine();
    md.AppendLine($"Written by `tools/benchmarks/run.sh{(quick ? " --quick" : "")}` on {DateTime.UtcNow:yyyy-MM-dd}. {Machine()}");
    if (quick) md.AppendLine().AppendLine("**QUICK MODE: small sizes, few rounds. A smoke run, not figures.**");
    md.AppendLine().AppendLine("These machines are shared and noisy: read the ratios to the baseline measured in the same run, not the absolute times.");
    foreach (var section in all)
    {
        md.AppendLine().AppendLine($"## {section.Title}").AppendLine().AppendLine(section.Method.Trim()).AppendLine();
        md.AppendLine("| case | measured | baseline, same run | ratio | goal | met |").AppendLine("|---|---|---|---|---|---|");
        foreach (var r in section.Rows)
            md.AppendLine($"| {r.Case} | {r.Measured} | {r.Baseline} | {r.Ratio} | {r.Goal} | {r.Met switch { true => "yes", false => "**no**", null => "" }} |");
    }
    return md.ToString();
}

static string Machine()
{
    var mem = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    var pg = Directory.GetDirectories("/usr/lib/postgresql").Select(Path.GetFileName).OrderBy(v => int.TryParse(v, out var n) ? n : 0).LastOrDefault();
    return $"Machine: {Environment.ProcessorCount} cores, {long.Parse(mem) / 1024 / 1024} GiB, Linux {Environment.OSVersion.Version}, " +
           $".NET {Environment.Version}, PostgreSQL {pg}.";
}
