using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using NetInfoSuite.Cli;
using NetInfoSuite.Cli.Database;
using NetInfoSuite.Cli.Lists;
using NetInfoSuite.Cli.Seed;
using NetInfoSuite.Host.Storage;
using Npgsql;

Console.OutputEncoding = Encoding.UTF8;
return await Commands.RunAsync(args, new ConsoleOutput());

namespace NetInfoSuite.Cli
{
    /// <summary>tools/netinfo &lt;verb&gt; [--option value]…: the operator's command line.</summary>
    public static class Commands
    {
        private static readonly string Usage = $"""
            用法 / usage: tools/netinfo <命令> [选项]

              seed     --url <主机地址> --login <登录名> --password <密码> [--scale city|small|province] [--seed N]
                       通过主机的公开 HTTP 接口填充一个牡丹江市规模的示例城市（再次运行不会重复）；
                       province：黑龙江省及其 13 个同等规模的市（空库上运行；[--cities N] 只填前 N 个市，
                       [--city-scale small] 每个市按 small 规模）
              export   --url … --login … --password … [--list 名单,…] [--out 文件夹] [--from 日期 --to 日期]
                       通过各模块的导出接口把主要名单导出为 Excel（默认全部；每日数据和文章默认最近一年）
              import   --url … --login … --password … --list <名单> --file <Excel 文件> [--valid-rows-only]
                       通过模块的导入接口导入一个名单（有错误的行会使整个文件被拒绝，除非 --valid-rows-only）
                       名单：{ModuleLists.Names(_ => true)}
              backup   --out <文件> [--connection <连接串> | --data-dir .netinfo/pg]
                       pg_dump -Fc 备份整个数据库，同一时刻的各表行数和内容校验和记录在 <文件>.counts.json
              restore  --from <文件> [--connection <连接串> | --data-dir .netinfo/pg]
                       pg_restore 恢复，并逐表核对行数和内容与备份时是否一致

            密码也可放在环境变量 NETINFO_PASSWORD 中。
            """;

        public static async Task<int> RunAsync(string[] args, IOutput output, CancellationToken ct = default)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                output.Line(Usage);
                return args.Length == 0 ? 1 : 0;
            }
            Dictionary<string, string> options;
            try { options = Options(args.Skip(1).ToArray()); }
            catch (ArgumentException ex) { return Fail(output, ex.Message); }
            try
            {
                return args[0] switch
                {
                    "seed" => await SeedAsync(options, output, ct),
                    "export" => await ExportAsync(options, output, ct),
                    "import" => await ImportAsync(options, output, ct),
                    "backup" => await BackupAsync(options, output, ct),
                    "restore" => await RestoreAsync(options, output, ct),
                    _ => Fail(output, $"未知命令“{args[0]}”\n{Usage}"),
                };
            }
            catch (ApiException ex)
            {
                output.Warn($"主机拒绝了请求：{ex.Title}（HTTP {ex.Status}）");
                output.Warn($"  {ex.Request}");
                foreach (var (field, messages) in ex.Errors)
                    foreach (var message in messages)
                        output.Warn(field.Length > 0 ? $"  {field}: {message}" : $"  {message}");
                return 1;
            }
            catch (HttpRequestException ex)
            {
                return Fail(output, $"无法连接主机：{ex.Message}");
            }
            catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or NpgsqlException or IOException)
            {
                return Fail(output, ex.Message);
            }
        }

        private static int Fail(IOutput output, string message)
        {
            output.Warn(message);
            return 2;
        }

        /// <summary>Options that take no value.</summary>
        private static readonly HashSet<string> Flags = new(StringComparer.OrdinalIgnoreCase) { "valid-rows-only" };

        private static Dictionary<string, string> Options(string[] args)
        {
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"无法识别的参数“{args[i]}”");
                var name = args[i][2..];
                if (name.Contains('=')) { options[name[..name.IndexOf('=')]] = name[(name.IndexOf('=') + 1)..]; continue; }
                if (Flags.Contains(name)) { options[name] = "true"; continue; }
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"选项 --{name} 缺少值");
                options[name] = args[++i];
            }
            return options;
        }

        private static string Required(Dictionary<string, string> options, string name, string? environment = null) =>
            options.TryGetValue(name, out var value) && value.Length > 0 ? value
            : environment is not null && Environment.GetEnvironmentVariable(environment) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : throw new InvalidOperationException($"缺少 --{name}");

        private static async Task<int> SeedAsync(Dictionary<string, string> options, IOutput output, CancellationToken ct)
        {
            var name = options.GetValueOrDefault("scale", "city");
            var province = name.Equals("province", StringComparison.OrdinalIgnoreCase);
            var scale = (province ? SeedScale.Parse(options.GetValueOrDefault("city-scale", "city")) : SeedScale.Parse(name))
                        ?? throw new InvalidOperationException(province
                            ? $"--city-scale 须为 city 或 small（“{options["city-scale"]}”）"
                            : $"--scale 须为 city、small 或 province（“{name}”）");
            if (!int.TryParse(options.GetValueOrDefault("seed", "1"), out var seed)) throw new InvalidOperationException("--seed 须为整数");
            if (!int.TryParse(options.GetValueOrDefault("cities", "13"), out var cities) || cities is < 1 or > 13)
                throw new InvalidOperationException("--cities 须为 1 到 13 的整数");
            var (api, url, login) = await SignedInAsync(options, ct);
            HttpClient NewClient() => new() { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) };
            if (province) await SeedProvinceWithAsync(api, login, NewClient, scale, seed, cities, output, ct);
            else await SeedWithAsync(api, login, NewClient, scale, seed, output, ct);
            return 0;
        }

        /// <summary>A client of --url signed in as --login with --password (or NETINFO_PASSWORD).</summary>
        private static async Task<(NetInfoApi Api, Uri Url, string Login)> SignedInAsync(Dictionary<string, string> options, CancellationToken ct)
        {
            if (!Uri.TryCreate(Required(options, "url"), UriKind.Absolute, out var url)) throw new InvalidOperationException("--url 须为主机地址，如 http://127.0.0.1:5080");
            var api = NetInfoApi.For(url);
            var login = Required(options, "login");
            await api.SignInAsync(login, Required(options, "password", "NETINFO_PASSWORD"), ct);
            return (api, url, login);
        }

        private static async Task<int> ExportAsync(Dictionary<string, string> options, IOutput output, CancellationToken ct)
        {
            var lists = ModuleLists.Choose(options.GetValueOrDefault("list"), import: false);
            var to = Date(options, "to") ?? Seeder.BeijingToday();
            var from = Date(options, "from") ?? to.AddDays(-364);
            if (from > to) throw new InvalidOperationException("--from 不能晚于 --to");
            var (api, _, _) = await SignedInAsync(options, ct);
            var failed = await ModuleLists.ExportAsync(api, lists, options.GetValueOrDefault("out", "导出"), from, to, output, ct);
            return failed == 0 ? 0 : 1;
        }

        private static async Task<int> ImportAsync(Dictionary<string, string> options, IOutput output, CancellationToken ct)
        {
            var list = ModuleLists.Choose(options.GetValueOrDefault("list"), import: true)[0];
            var file = Required(options, "file");
            var validRowsOnly = options.GetValueOrDefault("valid-rows-only") is "true";
            var (api, _, _) = await SignedInAsync(options, ct);
            await ModuleLists.ImportAsync(api, list, file, validRowsOnly, output, ct);
            return 0;
        }

        private static DateOnly? Date(Dictionary<string, string> options, string name) =>
            !options.TryGetValue(name, out var text) ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date) ? date
            : throw new InvalidOperationException($"--{name} 须为日期，如 2026-01-31（“{text}”）");

        /// <summary>The seed with a client already signed in as <paramref name="login"/> (tests pass the test host's
        /// client); <paramref name="newClient"/> makes clients for the users the seed works as.</summary>
        public static async Task<Seeder> SeedWithAsync(NetInfoApi api, string login, Func<HttpClient> newClient, SeedScale scale, int seed,
            IOutput output, CancellationToken ct = default)
        {
            var started = Stopwatch.GetTimestamp();
            var seeder = new Seeder(api, new CityPlan(scale, seed), output, newClient, login);
            output.Line($"填充 {CityPlan.Mudanjiang.Name}（规模 {scale.Name}，种子 {seed}）→ {api.Http.BaseAddress}");
            await seeder.RunAsync(ct);
            output.Table("填充结果", ["部分", "结果", "耗时（秒）"], seeder.Parts.Select(p => new[] { p.Name, p.Outcome, p.Took.TotalSeconds.ToString("0.0") }));
            output.Line($"共用时 {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} 秒");
            return seeder;
        }

        /// <summary>The province seed (<see cref="ProvinceSeeder"/>) with a client already signed in as <paramref name="login"/>:
        /// the province and its first <paramref name="cities"/> cities, each at <paramref name="cityScale"/>.</summary>
        public static async Task<ProvinceSeeder> SeedProvinceWithAsync(NetInfoApi api, string login, Func<HttpClient> newClient, SeedScale cityScale,
            int seed, int cities, IOutput output, CancellationToken ct = default)
        {
            var started = Stopwatch.GetTimestamp();
            var seeder = new ProvinceSeeder(api, new ProvincePlan(cityScale, seed, cities), output, newClient, login);
            output.Line($"填充 {ProvincePlan.ProvinceName} 及 {cities} 个市（每市规模 {cityScale.Name}，种子 {seed}）→ {api.Http.BaseAddress}");
            await seeder.RunAsync(ct);
            output.Table("填充结果", ["部分", "结果", "耗时（秒）"], seeder.Parts.Select(p => new[] { p.Name, p.Outcome, p.Took.TotalSeconds.ToString("0.0") }));
            output.Line($"共用时 {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} 秒");
            return seeder;
        }

        private static async Task<int> BackupAsync(Dictionary<string, string> options, IOutput output, CancellationToken ct)
        {
            var file = Required(options, "out");
            await using var database = await DatabaseAsync(options, output, ct);
            var started = Stopwatch.GetTimestamp();
            BackupManifest? manifest = null;
            await output.StepAsync("备份（pg_dump）", 1, async tick => { manifest = await BackupRestore.BackupAsync(database.ConnectionString, file, ct); tick(1); });
            output.Line($"已备份到 {Path.GetFullPath(file)}（{new FileInfo(file).Length / 1024.0 / 1024:0.0} MB，{manifest!.Tables.Count} 张表，" +
                        $"{manifest.Tables.Sum(t => t.Rows)} 行，{Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} 秒）；行数和校验和记录在 {BackupRestore.ManifestPath(Path.GetFullPath(file))}");
            return 0;
        }

        private static async Task<int> RestoreAsync(Dictionary<string, string> options, IOutput output, CancellationToken ct)
        {
            var file = Required(options, "from");
            await using var database = await DatabaseAsync(options, output, ct);
            List<CountCheck> checks = [];
            await output.StepAsync("恢复（pg_restore）", 1, async tick => { checks = await BackupRestore.RestoreAsync(database.ConnectionString, file, ct); tick(1); });
            output.Table("恢复核对：各表行数和内容", ["模式", "表", "备份时", "恢复后", "一致"],
                checks.Select(c => new[] { c.Schema, c.Table, c.InBackup?.ToString() ?? "（无）", c.Restored?.ToString() ?? "（无）", c.Equal ? "✓" : c.SameContent ? "✗" : "✗ 内容不同" }));
            var different = checks.Count(c => !c.Equal);
            if (different > 0)
            {
                output.Warn($"有 {different} 张表的行数或内容与备份时不同");
                return 3;
            }
            output.Line($"已恢复：{checks.Count} 张表的行数和内容与备份时一致");
            return 0;
        }

        /// <summary>The database to back up or restore: --connection, else the embedded cluster in --data-dir (its running
        /// server, or started for the command and stopped after).</summary>
        private static async Task<DatabaseHandle> DatabaseAsync(Dictionary<string, string> options, IOutput output, CancellationToken ct)
        {
            if (options.TryGetValue("connection", out var connection)) return new DatabaseHandle(connection, null);
            var dataDir = Path.GetFullPath(options.GetValueOrDefault("data-dir", ".netinfo/pg"));
            var database = options.GetValueOrDefault("database", "netinfo");
            if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
                throw new InvalidOperationException($"{dataDir} 中没有嵌入式数据库：用 --data-dir 指定，或用 --connection 指定服务器");
            var socketDir = SocketDirFor(dataDir);
            if (File.Exists(Path.Combine(socketDir, ".s.PGSQL.5432")))
                return new DatabaseHandle(new NpgsqlConnectionStringBuilder { Host = socketDir, Port = 5432, Username = "netinfo", Database = database }.ConnectionString, null);
            output.Line($"启动嵌入式数据库 {dataDir}（命令结束后停止）");
            var embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDir = dataDir, Database = database }, Serilog.Core.Logger.None, ct);
            return new DatabaseHandle(embedded.AdminConnectionFor(database), embedded);
        }

        // The embedded launcher's rule (EmbeddedPostgres.SocketDirFor): long data folders get a private socket folder in /tmp.
        private static string SocketDirFor(string dataDir)
        {
            if (Encoding.UTF8.GetByteCount(dataDir) + 16 <= 100) return dataDir;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDir)))[..12];
            return Path.Combine(Path.GetTempPath(), $"netinfo-pg-{hash}");
        }

        private sealed class DatabaseHandle(string connectionString, EmbeddedPostgres? started) : IAsyncDisposable
        {
            public string ConnectionString { get; } = connectionString;
            public async ValueTask DisposeAsync()
            {
                if (started is not null) await started.DisposeAsync();
            }
        }
    }
}
