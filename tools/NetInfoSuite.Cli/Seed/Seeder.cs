using System.Diagnostics;
using System.Text.Json;
using MiniExcelLibs;

namespace NetInfoSuite.Cli.Seed;

/// <summary>What one part of the seed did.</summary>
public sealed record SeedPart(string Name, string Outcome, TimeSpan Took);

/// <summary>A user the seed created, with the one-time password the host gave it (null when the user was already there).</summary>
public sealed record SeededUser(string Login, string Name, string Role, string Unit, string? OneTimePassword, bool Existed);

/// <summary>Seeds a real-looking city through the host's public HTTP API only: the requests the console and other
/// clients send (workbook imports where the module has one, as an office would load its lists). Every part looks its
/// records up by natural key first (unit codes, logins, group name and village, platform and handle, account and day),
/// so running it again doubles nothing.</summary>
public sealed class Seeder(NetInfoApi api, CityPlan plan, IOutput output, Func<HttpClient> newClient, string operatorLogin)
{
    private readonly Dictionary<string, Guid> _unitIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _userIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<NetInfoApi>>> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _resets = new(1, 1);
    /// <summary>Requests sent at once where the work allows (the host serves them in parallel; two cores here).</summary>
    private const int Parallelism = 4;
    private HashSet<string> _loaded = [];

    public List<SeedPart> Parts { get; } = [];
    public List<SeededUser> Users { get; } = [];
    /// <summary>The users the seed signed in as to do their work (they end with a new one-time password).</summary>
    public IReadOnlyCollection<string> WorkedAs => _sessions.Keys.ToList();

    public async Task RunAsync(CancellationToken ct = default)
    {
        _loaded = await api.LoadedModulesAsync(ct);
        if (!_loaded.Contains("directory"))
        {
            output.Warn("组织机构模块（directory）未加载：其他各部分都依赖组织机构，无法填充。");
            return;
        }
        try
        {
            await PartAsync("组织机构", "directory", DirectoryAsync, ct);
            await PartAsync("用户", null, UsersAsync, ct);
            await PartAsync("网格群", "grid-dispatch", GroupsAsync, ct);
            await PartAsync("新媒体账号", "account-matrix", AccountsAsync, ct);
            await PartAsync("账号数据", "account-matrix", MetricsAsync, ct);
            await PartAsync("传播指令", "grid-dispatch", DirectivesAsync, ct);
            await PartAsync("指令反馈", "grid-dispatch", FeedbackAsync, ct);
            await PartAsync("传媒领域非公有资本登记", "compliance", MediaUnitsAsync, ct);
            await PartAsync("整改通知书", "compliance", NoticesAsync, ct);
            await PartAsync("好网民与采风活动", "netizen-registry", NetizensAsync, ct);
            await PartAsync("督导考评", "inspection", EvaluationAsync, ct);
        }
        finally
        {
            // Also after a refused request: the users the seed worked as must not be left with passwords nobody knows.
            try { await HandBackAsync(ct); }
            catch (Exception ex) when (ex is ApiException or HttpRequestException)
            {
                output.Warn($"未能为 {string.Join("、", _sessions.Keys)} 重置一次性密码（{ex.Message}）：请管理员在用户页面重置");
            }
        }
    }

    /// <summary>A session as one of the seeded users, for the work its role does (module records are made by the
    /// people who make them: a system administrator may not import groups or record metrics). The seed signs in with
    /// the user's one-time password (a new one if it has none), sets a random password it keeps in memory only, and at
    /// the end gives the user a fresh one-time password, printed with the others.</summary>
    private Task<NetInfoApi> AsAsync(string login, CancellationToken ct) =>
        string.Equals(login, operatorLogin, StringComparison.OrdinalIgnoreCase) ? Task.FromResult(api)
            : _sessions.GetOrAdd(login, l => new Lazy<Task<NetInfoApi>>(() => SignInAsAsync(l, ct))).Value;

    private async Task<NetInfoApi> SignInAsAsync(string login, CancellationToken ct)
    {
        string password;
        await _resets.WaitAsync(ct);
        try
        {
            password = Users.FirstOrDefault(u => u.Login == login)?.OneTimePassword
                       ?? (await api.PostAsync($"/api/users/{_userIds[login]}/reset-password", new { }, ct)).GetProperty("oneTimePassword").GetString()!;
        }
        finally { _resets.Release(); }
        var session = new NetInfoApi(newClient());
        await session.SignInAsync(login, password, ct);
        var chosen = "Seed#" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var tokens = await session.PostAsync("/api/auth/password", new { currentPassword = password, newPassword = chosen }, ct);
        session.UseTokens(tokens);
        return session;
    }

    private Task<NetInfoApi> CityAdminAsync(CancellationToken ct) => AsAsync(plan.Login("cityadmin"), ct);

    /// <summary>The users the seed worked as get a new one-time password (which also ends the seed's sessions); then
    /// every user whose one-time password is known is printed.</summary>
    private async Task HandBackAsync(CancellationToken ct)
    {
        var worked = _sessions.Where(x => x.Value.IsValueCreated && x.Value.Value.IsCompletedSuccessfully).Select(x => x.Key).ToList();
        var resets = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(worked, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (login, token) =>
        {
            var reset = await api.PostAsync($"/api/users/{_userIds[login]}/reset-password", new { }, token);
            resets[login] = reset.GetProperty("oneTimePassword").GetString()!;
            (await _sessions[login].Value).Http.Dispose();
        });
        foreach (var (login, password) in resets)
        {
            var index = Users.FindIndex(u => u.Login == login);
            Users[index] = Users[index] with { OneTimePassword = password };
        }
        var fresh = Users.Where(u => u.OneTimePassword is not null).ToList();
        if (fresh.Count > 0)
            output.Table("用户及一次性密码（只显示这一次；首次登录须修改）", ["登录名", "姓名", "角色", "单位", "一次性密码"],
                fresh.Select(u => new[] { u.Login, u.Name, u.Role, u.Unit, u.OneTimePassword! }));
        var reused = _sessions.Keys.Where(l => Users.Any(u => u.Login == l && u.Existed)).ToList();
        if (reused.Count > 0)
            output.Warn($"已有用户 {string.Join("、", reused)} 被填充程序用来录入数据，其密码已重置为上表中的一次性密码");
    }

    private async Task PartAsync(string name, string? module, Func<CancellationToken, Task<string>> part, CancellationToken ct)
    {
        if (module is not null && !_loaded.Contains(module))
        {
            output.Warn($"跳过{name}：模块 {module} 未加载");
            Parts.Add(new(name, "跳过（模块未加载）", TimeSpan.Zero));
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = await part(ct);
        var took = Stopwatch.GetElapsedTime(started);
        Parts.Add(new(name, outcome, took));
        output.Line($"{name}：{outcome}（{took.TotalSeconds:0.0} 秒）");
    }

    // ---- directory: one workbook through the directory's own import (it creates new codes, leaves known ones) ----
    private async Task<string> DirectoryAsync(CancellationToken ct)
    {
        var result = default(JsonElement);
        await output.StepAsync("组织机构导入", plan.Units.Count, async tick =>
        {
            var rows = plan.Units.Select(u => new Dictionary<string, object?>
            {
                ["编码"] = u.Code, ["名称"] = u.Name, ["层级"] = u.Level, ["上级编码"] = u.ParentCode ?? "",
            });
            result = await api.UploadAsync("/api/directory/import", Workbook(rows), "组织机构.xlsx", ct);
            tick(plan.Units.Count);
        });
        foreach (var unit in await api.GetAllAsync("/api/directory/units", ct))
            _unitIds[unit.GetProperty("code").GetString()!] = unit.GetProperty("id").GetGuid();
        return $"新建 {result.GetProperty("created").GetInt32()}，改名 {result.GetProperty("renamed").GetInt32()}，" +
               $"已有 {result.GetProperty("unchanged").GetInt32()}（共 {plan.Units.Count} 个单位：{Counties} 个县级单位、" +
               $"{plan.Streets.Count} 个乡镇（街道）、{plan.Communities.Count} 个村（社区）、{plan.Departments.Count} 个市直单位）";
    }

    private int Counties => plan.City.Counties.Count;

    public Guid UnitId(string code) => _unitIds.TryGetValue(code, out var id) ? id
        : throw new InvalidOperationException($"单位 {code} 不在组织机构中（导入未成功？）");

    // ---- users: one per role at the city, an administrator and an editor per county, a grid operator per county ----
    internal static List<(string Login, string Role, string UnitCode, string RoleName)> PlannedUsers(CityPlan plan)
    {
        var users = new List<(string, string, string, string)>
        {
            (plan.Login("cityadmin"), "CityAdmin", plan.City.Code, "市级管理员"),
            (plan.Login("city.editor"), "Editor", plan.City.Code, "编辑"),
            (plan.Login("city.reviewer"), "Reviewer", plan.City.Code, "审核员"),
            (plan.Login("city.inspector"), "Inspector", plan.City.Code, "督导考评员"),
            (plan.Login("city.compliance"), "ComplianceOfficer", plan.City.Code, "生态治理专员"),
            (plan.Login("city.registry"), "RegistryOfficer", plan.City.Code, "网络人士登记员"),
            (plan.Login("city.auditor"), "Auditor", plan.City.Code, "审计员"),
            (plan.Login("city.viewer"), "Viewer", plan.City.Code, "只读用户"),
        };
        foreach (var county in plan.City.Counties)
        {
            users.Add((plan.Login($"{county.Slug}.admin"), "CountyAdmin", county.Code, "县级管理员"));
            users.Add((plan.Login($"{county.Slug}.editor"), "Editor", county.Code, "编辑"));
            users.Add((plan.Login($"{county.Slug}.grid"), "GridOperator", FirstStreet(plan, county).Code, "网格员"));
        }
        return users;
    }

    /// <summary>The street whose groups the county's seeded grid operator runs (and reports on).</summary>
    internal static PlannedUnit FirstStreet(CityPlan plan, County county) =>
        plan.Streets.First(c => c.Code.StartsWith(county.Code, StringComparison.Ordinal));

    private async Task<string> UsersAsync(CancellationToken ct)
    {
        foreach (var user in await api.GetAllAsync("/api/users", ct))
            _userIds[user.GetProperty("login").GetString()!] = user.GetProperty("id").GetGuid();
        var existing = _userIds.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var random = new Random(plan.Seed * 31 + 1);
        var planned = PlannedUsers(plan);
        var unitNames = plan.Units.ToDictionary(u => u.Code, u => u.Name);
        var names = planned.Select(_ => CityPlan.PersonName(random)).ToList(); // drawn in order: the same seed, the same names
        var results = new SeededUser[planned.Count];
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, Guid>();
        await output.StepAsync("用户", planned.Count, async tick =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, planned.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (i, token) =>
                {
                    var (login, role, unitCode, roleName) = planned[i];
                    if (existing.Contains(login))
                    {
                        results[i] = new(login, "", roleName, unitNames[unitCode], null, Existed: true);
                    }
                    else
                    {
                        var created = await api.PostAsync("/api/users", new { login, name = names[i], orgUnitId = UnitId(unitCode), roles = new[] { role } }, token);
                        ids[login] = created.GetProperty("id").GetGuid();
                        results[i] = new(login, names[i], roleName, unitNames[unitCode], created.GetProperty("oneTimePassword").GetString(), Existed: false);
                    }
                    tick(1);
                });
        });
        foreach (var (login, id) in ids) _userIds[login] = id;
        Users.AddRange(results);
        var made = Users.Count(u => !u.Existed);
        return $"新建 {made}，已有 {Users.Count - made}";
    }

    // ---- grid groups: one workbook through the grid module's import (a group already there, same name and village, is skipped) ----
    internal static List<Dictionary<string, object?>> GroupRows(CityPlan plan)
    {
        var random = new Random(plan.Seed * 31 + 2);
        var rows = new List<Dictionary<string, object?>>(plan.Scale.Groups);
        var communities = plan.Communities;
        var operators = plan.City.Counties.ToDictionary(c => FirstStreet(plan, c).Code, c => plan.Login($"{c.Slug}.grid"));
        var platforms = new[] { "微信", "微信", "微信", "微信", "企业微信", "钉钉", "QQ" };
        for (var i = 0; i < communities.Count; i++)
        {
            var community = communities[i];
            var count = plan.Scale.Groups / communities.Count + (i < plan.Scale.Groups % communities.Count ? 1 : 0);
            var isVillage = community.Name.EndsWith('村');
            for (var g = 0; g < count; g++)
            {
                var (name, kind) = g == 0
                    ? (community.Name + (isVillage ? "村民群" : "居民群"), isVillage ? "村民群" : "居民群")
                    : ($"{community.Name}网格{CityPlan.ChineseNumber(g)}群", "网格群");
                rows.Add(new()
                {
                    ["群名称"] = name, ["类型"] = kind, ["平台"] = platforms[random.Next(platforms.Length)], ["所属村（社区）编码"] = community.Code,
                    ["管理员"] = CityPlan.PersonName(random), ["管理员电话"] = CityPlan.Phone(random),
                    ["管理员账号"] = operators.GetValueOrDefault(community.ParentCode!, ""), ["成员数"] = random.Next(60, 500),
                });
            }
        }
        return rows;
    }

    private async Task<string> GroupsAsync(CancellationToken ct)
    {
        var rows = GroupRows(plan);
        var result = default(JsonElement);
        await output.StepAsync("网格群导入", rows.Count, async tick =>
        {
            result = await (await CityAdminAsync(ct)).UploadAsync("/api/grid-dispatch/groups/import", Workbook(rows), "网格群.xlsx", ct);
            tick(rows.Count);
        });
        return $"新建 {result.GetProperty("created").GetInt32()}，已有 {result.GetProperty("skipped").GetInt32()}（共 {rows.Count} 个群）";
    }

    // ---- accounts: the registry workbook, then filed and activated as the level above does ----
    private static readonly (string Platform, string Slug, string Suffix)[] Platforms =
    [
        ("微信公众号", "wx", "发布"), ("微博", "wb", "微博"), ("抖音", "dy", "抖音号"), ("视频号", "sph", "视频号"), ("今日头条", "tt", "头条号"),
        ("快手", "ks", "快手号"), ("客户端", "app", ""), ("哔哩哔哩", "bili", "B站号"), ("网站", "web", "门户网站"),
    ];

    internal static List<Dictionary<string, object?>> AccountRows(CityPlan plan)
    {
        var random = new Random(plan.Seed * 31 + 3);
        // Owners: the city's departments and the counties first, then streets, each on platforms in turn; one account per
        // unit and platform (a second would need its reason).
        var owners = plan.Departments.Concat(plan.Units.Where(u => u.Level == CityPlan.LevelCounty)).Concat(plan.Streets).ToList();
        var rows = new List<Dictionary<string, object?>>();
        for (var round = 0; round < Platforms.Length; round++)
            foreach (var owner in owners)
            {
                var isCounty = owner.Level == CityPlan.LevelCounty;
                var isStreet = owner.Level == CityPlan.LevelStreet;
                if (isStreet && round > 1) continue;
                var (platform, slug, suffix) = Platforms[round];
                if (platform == "客户端" && !isCounty) continue; // county apps (掌上…) belong to the counties
                var shortName = owner.Level switch
                {
                    CityPlan.LevelDepartment => owner.Name.StartsWith("市委", StringComparison.Ordinal) ? plan.City.ShortName + owner.Name
                        : owner.Name == "团市委" ? $"共青团{plan.City.ShortName}市委" : plan.City.ShortName + owner.Name[1..],
                    CityPlan.LevelStreet => plan.CountyOf(owner).Name.TrimEnd('区', '市', '县') + owner.Name,
                    _ => owner.Name,
                };
                var name = platform == "客户端" ? "掌上" + owner.Name.TrimEnd('区', '市', '县') : shortName + suffix;
                var news = owner.Name == "市融媒体中心" || (isCounty && platform == "今日头条");
                var service = platform == "客户端" || owner.Name is "市医疗保障局" or "市人力资源和社会保障局" or "市税务局" or "市交通运输局";
                rows.Add(new()
                {
                    ["名称"] = news && isCounty ? owner.Name + "融媒" : name, ["平台"] = platform, ["账号"] = $"{plan.City.Slug}{owner.Code.ToLowerInvariant()}{slug}",
                    ["类别"] = news ? "新闻类" : service ? "服务类" : "政务类", ["主管单位编码"] = owner.Code,
                    ["运营人员"] = $"{CityPlan.PersonName(random)} {CityPlan.Phone(random)}；{CityPlan.PersonName(random)}",
                    ["已认证"] = random.Next(10) < 8 ? "是" : "否",
                    ["许可证编号"] = news ? $"23120{random.Next(10_000, 99_999)}" : "", ["发证机关"] = news ? "黑龙江省互联网信息办公室" : "",
                    ["许可证生效日期"] = news ? "2024-01-01" : "", ["许可证有效期至"] = news ? "2029-12-31" : "", ["第二账号理由"] = "",
                });
            }
        // Of every unit-and-platform pair the city could have, an even spread of the scale's count (every platform, news
        // accounts among them), in a fixed order.
        var picked = Enumerable.Range(0, Math.Min(plan.Scale.Accounts, rows.Count)).Select(i => rows[(int)((long)i * rows.Count / plan.Scale.Accounts)]).ToList();
        if (!picked.Any(r => (string?)r["类别"] == "新闻类") && rows.FirstOrDefault(r => (string?)r["类别"] == "新闻类") is { } newsAccount)
            picked[^1] = newsAccount;
        return picked;
    }

    private async Task<string> AccountsAsync(CancellationToken ct)
    {
        var rows = AccountRows(plan);
        var result = default(JsonElement);
        var city = await CityAdminAsync(ct);
        var moved = 0;
        await output.StepAsync("新媒体账号导入", rows.Count, async tick =>
        {
            result = await city.UploadAsync("/api/account-matrix/accounts/import", Workbook(rows), "账号.xlsx", ct);
            tick(rows.Count);
        });
        // Filed (approved by the level above) and active, as accounts in use are: those still waiting move on.
        var waiting = (await city.GetAllAsync("/api/account-matrix/accounts", ct))
            .Where(a => a.GetProperty("status").GetString() is "Applied" or "Filed").ToList();
        await output.StepAsync("账号备案与启用", waiting.Count, async tick =>
        {
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (account, token) =>
            {
                var id = account.GetProperty("id").GetGuid();
                if (account.GetProperty("status").GetString() == "Applied")
                    await city.PostAsync($"/api/account-matrix/accounts/{id}/status", new { to = "Filed", note = "材料齐全，准予备案" }, token);
                await city.PostAsync($"/api/account-matrix/accounts/{id}/status", new { to = "Active", note = "开通运营" }, token);
                Interlocked.Increment(ref moved);
                tick(1);
            });
        });
        return $"新建 {result.GetProperty("registered").GetInt32()}，已有 {result.GetProperty("alreadyRegistered").GetInt32()}，备案启用 {moved}";
    }

    // ---- metrics: a year of daily figures for every account and per-article figures for the WeChat ones ----
    private static readonly string[] Topics =
    [
        "冰雪旅游", "防范电信网络诈骗", "文明城市创建", "乡村振兴", "优化营商环境", "安全生产", "防汛抗旱", "森林防火", "消费券发放",
        "医保政策", "就业招聘", "中俄边境贸易", "镜泊湖景区", "垃圾分类", "老旧小区改造", "秋粮收获", "黑木耳产业", "寒地黑土",
    ];
    private static readonly string[] Phrases =
    [
        "最新通知", "一图读懂", "权威发布", "这些变化要知道", "速看！", "温馨提示", "开展专项行动", "工作取得新进展", "政策解读", "现场直击",
    ];

    private async Task<string> MetricsAsync(CancellationToken ct)
    {
        var city = await CityAdminAsync(ct);
        var accounts = (await city.GetAllAsync("/api/account-matrix/accounts", ct))
            .Select(a => (Id: a.GetProperty("id").GetGuid(), Handle: a.GetProperty("handle").GetString()!, Platform: a.GetProperty("platform").GetString()!,
                Name: a.GetProperty("name").GetString()!))
            .OrderBy(a => a.Handle, StringComparer.Ordinal).ToList();
        var today = BeijingToday();
        var first = today.AddDays(-plan.Scale.MetricDays);
        var days = plan.Scale.MetricDays;
        var (dailyCount, articleCount) = (0, 0);
        const int batch = 8_000;
        await output.StepAsync($"账号数据（{first:yyyy-MM-dd} 至 {today.AddDays(-1):yyyy-MM-dd}）", accounts.Count * days, async tick =>
        {
            var daily = new List<object>();
            var articles = new List<object>();
            async Task FlushAsync()
            {
                if (daily.Count + articles.Count == 0) return;
                await city.PostAsync("/api/account-matrix/metrics", new { daily, articles }, ct);
                tick(daily.Count);
                (dailyCount, articleCount) = (dailyCount + daily.Count, articleCount + articles.Count);
                daily = [];
                articles = [];
            }
            foreach (var account in accounts)
            {
                // Each account's figures come from its own generator: the same seed gives the same year, whatever else changed.
                var random = new Random(plan.Seed ^ StableHash(account.Handle));
                var audience = (long)Math.Pow(10, 3 + random.NextDouble() * 2.5); // 1,000 to ~300,000 followers
                var followers = audience;
                var activity = 0.4 + random.NextDouble() * 0.6;
                for (var d = 0; d < days; d++)
                {
                    var day = first.AddDays(d);
                    var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                    var posts = random.NextDouble() < activity * (weekend ? 0.5 : 1) ? 1 + random.Next(weekend ? 2 : 5) : 0;
                    var newFollowers = random.Next(0, (int)Math.Max(2, audience / 400));
                    followers += newFollowers - random.Next(0, (int)Math.Max(2, audience / 2000));
                    var reads = posts == 0 ? 0 : posts * (long)(audience * (0.02 + random.NextDouble() * 0.15));
                    var headlineReads = reads * 6 / 10;
                    daily.Add(new
                    {
                        accountId = account.Id, day, followers = Math.Max(followers, 0), newFollowers, posts, headlinePosts = posts > 0 ? 1 : 0,
                        originalPosts = posts == 0 ? 0 : random.Next(posts + 1), reads, headlineReads, likes = reads / 40, wows = reads / 90,
                        shares = reads / 70, comments = reads / 200, reposts = posts == 0 ? 0 : random.Next(0, 4), originalReposts = 0,
                        originalComments = reads / 400, downloads = account.Platform == "CountyApp" ? random.Next(20, 400) : 0,
                    });
                    if (account.Platform == "WeChat" && posts > 0)
                        articles.Add(new
                        {
                            id = $"{account.Handle}-{day:yyyyMMdd}-1", accountId = account.Id, day,
                            title = $"{Topics[random.Next(Topics.Length)]}｜{Phrases[random.Next(Phrases.Length)]}", headline = true,
                            reads = headlineReads, wows = headlineReads / 90, likes = headlineReads / 40, shares = headlineReads / 70, comments = headlineReads / 200,
                        });
                    if (daily.Count >= batch) await FlushAsync();
                }
            }
            await FlushAsync();
        });
        return $"{accounts.Count} 个账号 × {days} 天：每日数据 {dailyCount} 行，文章 {articleCount} 篇（同一账号同一天再导入即覆盖）";
    }

    // ---- restricted media units (传媒领域非公有资本): the compliance registry's workbook; a unit is known by its credit code ----
    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>A 统一社会信用代码 (GB 32100-2015) of a company registered in the area: its check character computed.</summary>
    internal static string CreditCode(Random random, string area)
    {
        var code = "91" + area + "MA" + string.Concat(Enumerable.Range(0, 7).Select(_ => CreditAlphabet[random.Next(CreditAlphabet.Length)]));
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += CreditAlphabet.IndexOf(code[i]) * CreditWeights[i];
        var check = 31 - sum % 31;
        return code + CreditAlphabet[check == 31 ? 0 : check];
    }

    internal const int MediaUnitCount = 31;

    internal static List<Dictionary<string, object?>> MediaUnitRows(CityPlan plan)
    {
        var random = new Random(plan.Seed * 31 + 5);
        var kinds = new[] { ("企业", "传媒有限公司", "广告发布、影视节目制作"), ("网站", "网络科技有限公司", "互联网信息服务"),
            ("新媒体账号", "文化传播有限公司", "新媒体运营、短视频制作"), ("客户端", "信息技术有限公司", "移动客户端开发与运营"), ("企业", "文化传媒有限公司", "图书报刊零售、演出经纪") };
        var words = CityPlan.Pick(random, CityPlan.PlaceWords, MediaUnitCount);
        var today = BeijingToday();
        return Enumerable.Range(0, MediaUnitCount).Select(i =>
        {
            var county = i % 3 == 0 ? null : plan.City.Counties[random.Next(plan.City.Counties.Count)];
            var (kind, suffix, scope) = kinds[random.Next(kinds.Length)];
            var prohibited = i % 5 == 0;
            return new Dictionary<string, object?>
            {
                ["单位名称"] = (county is null ? plan.City.ShortName : county.Name.TrimEnd('区', '市', '县')) + words[i] + suffix,
                ["统一社会信用代码"] = CreditCode(random, county?.Code ?? plan.City.Code), ["类型"] = kind,
                ["非公有资本占比（%）"] = prohibited ? random.Next(51, 100) : random.Next(5, 50), ["负面清单类别"] = prohibited ? "禁止类" : "限制类",
                ["经营范围"] = scope, ["备案日期"] = today.AddDays(-random.Next(30, 900)).ToString("yyyy-MM-dd"),
                ["状态"] = i % 11 == 10 ? "暂停" : "正常", ["监管单位编码"] = county?.Code ?? plan.City.Code,
                ["备注"] = prohibited ? "禁止类事项，已责令整改" : "",
            };
        }).ToList();
    }

    private async Task<string> MediaUnitsAsync(CancellationToken ct)
    {
        var rows = MediaUnitRows(plan);
        var result = default(JsonElement);
        await output.StepAsync("传媒领域非公有资本登记导入", rows.Count, async tick =>
        {
            result = await (await CityAdminAsync(ct)).UploadAsync("/api/compliance/media-units/import", Workbook(rows), "传媒领域非公有资本登记.xlsx", ct);
            tick(rows.Count);
        });
        return $"新登记 {result.GetProperty("created").GetInt32()}，已登记（按信用代码更新）{result.GetProperty("updated").GetInt32()}";
    }

    // ---- directives: drafted by the city's editor, approved and issued by the city administrator (four eyes) ----
    private static readonly (string Category, string Urgency, string Title, string Body)[] DirectiveTemplates =
    [
        ("AntiFraud", "Routine", "防范电信网络诈骗：警惕“刷单返利”骗局", "请各网格群转发市公安局反诈中心提示：凡是刷单返利都是诈骗，不轻信、不转账，接到可疑电话请拨打 96110 咨询。"),
        ("ExtremeWeather", "Emergency", "暴雪橙色预警：做好防寒防冻和出行安全", "市气象台发布暴雪橙色预警，未来 12 小时我市大部地区有大到暴雪。请立即转发，提醒居民减少外出、注意取暖安全、防范一氧化碳中毒。"),
        ("Policy", "Routine", "转发《关于做好今冬供暖保障工作的通知》解读", "请转发市住建局供暖政策解读，告知居民供暖投诉电话 12345，网格员留意独居老人家中供暖情况。"),
        ("Emergency", "Urgent", "森林草原防火紧急提示", "进入防火紧要期，严禁野外用火、烧荒、上坟烧纸。请各村屯网格群立即转发，并在群内提醒护林员到岗。"),
        ("General", "Routine", "“牡丹江冰雪季”文旅活动宣传", "请转发冰雪季系列活动海报与镜泊湖冬捕节日程，鼓励居民参与并分享家乡冰雪之美。"),
        ("Policy", "Routine", "城乡居民医保集中参保缴费提醒", "本年度城乡居民医保集中缴费期截至 12 月 31 日，请转发缴费渠道说明，提醒未参保居民及时缴费。"),
        ("AntiFraud", "Urgent", "冒充“医保局”来电诈骗预警", "近期出现冒充医保部门以“医保卡异常”为由实施诈骗的案件，请立即转发提醒，医保部门不会电话要求转账。"),
        ("ExtremeWeather", "Urgent", "寒潮蓝色预警：注意防寒保暖", "受寒潮影响，气温将下降 8 至 10 度，请转发提醒居民添衣保暖、农户做好棚室和畜禽防冻。"),
        ("Policy", "Routine", "文明城市创建：文明养犬倡议书", "请转发文明养犬倡议书，提醒居民出门牵绳、及时清理犬只粪便。"),
        ("General", "Routine", "征集“最美网格员”线索", "市委网信办开展“最美网格员”征集活动，请在群内转发征集公告，欢迎居民推荐身边的好网格员。"),
    ];

    internal sealed record PlannedDirective(string Title, string Category, string Urgency, string Body, string? TargetCode, string FinalStatus);

    internal static List<PlannedDirective> DirectivePlan(CityPlan plan, int year)
    {
        var list = new List<PlannedDirective>();
        for (var i = 0; i < plan.Scale.Directives; i++)
        {
            var (category, urgency, title, body) = DirectiveTemplates[i % DirectiveTemplates.Length];
            title = title.Replace("牡丹江", plan.City.ShortName, StringComparison.Ordinal);
            var county = plan.City.Counties[i % plan.City.Counties.Count];
            // Every fifth goes city-wide; the others to a county, or to the street its seeded operator runs.
            var target = i % 5 == 0 ? null : i % 2 == 0 ? FirstStreet(plan, county).Code : county.Code;
            var status = i == plan.Scale.Directives - 1 ? "Draft" : i == plan.Scale.Directives - 2 ? "Approved" : "Issued";
            list.Add(new($"〔{year}〕第{i + 1}号 {title}", category, urgency, body, target, status));
        }
        return list;
    }

    private async Task<string> DirectivesAsync(CancellationToken ct)
    {
        var year = BeijingToday().Year;
        var planned = DirectivePlan(plan, year);
        var admin = await CityAdminAsync(ct);
        var existing = (await admin.GetAllAsync("/api/grid-dispatch/directives", ct, pageSize: 200))
            .ToDictionary(d => d.GetProperty("title").GetString()!, d => (Id: d.GetProperty("id").GetGuid(), Status: d.GetProperty("status").GetString()!));
        var (drafted, issued, tasks) = (0, 0, 0);
        await output.StepAsync("传播指令", planned.Count, async tick =>
        {
            // Drafted in their numbers' order (the list shows the newest first), then approved and issued several at once.
            var directives = new List<(PlannedDirective Plan, Guid Id, string Status)>();
            foreach (var d in planned)
            {
                if (!existing.TryGetValue(d.Title, out var known))
                {
                    var editor = await AsAsync(plan.Login("city.editor"), ct);
                    var target = new
                    {
                        orgUnits = d.TargetCode is null ? Array.Empty<Guid>() : new[] { UnitId(d.TargetCode) }, kinds = Array.Empty<string>(),
                        groups = Array.Empty<Guid>(), accounts = Array.Empty<Guid>(),
                    };
                    var draft = await editor.PostAsync("/api/grid-dispatch/directives",
                        new { title = d.Title, body = d.Body, category = d.Category, urgency = d.Urgency, target, delivery = "Direct" }, ct);
                    known = (draft.GetProperty("id").GetGuid(), "Draft");
                    drafted++;
                }
                directives.Add((d, known.Id, known.Status));
            }
            await Parallel.ForEachAsync(directives, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (x, token) =>
            {
                var status = x.Status;
                if (status == "Draft" && x.Plan.FinalStatus != "Draft")
                {
                    await admin.PostAsync($"/api/grid-dispatch/directives/{x.Id}/approve", new { }, token);
                    status = "Approved";
                }
                if (status == "Approved" && x.Plan.FinalStatus == "Issued")
                {
                    var result = await admin.PostAsync($"/api/grid-dispatch/directives/{x.Id}/issue", new { }, token);
                    Interlocked.Add(ref tasks, result.GetProperty("tasks").GetInt32());
                    Interlocked.Increment(ref issued);
                }
                tick(1);
            });
        });
        return $"新起草 {drafted}，新下发 {issued}（{tasks} 个群任务），共 {planned.Count} 条（末两条停在草稿、已审批）";
    }

    // ---- feedback: each county's seeded grid operator reports on the tasks of its groups; some stay open (and become
    // overdue once their deadline passes: emergency directives after 30 minutes, urgent ones after 4 hours) ----
    private async Task<string> FeedbackAsync(CancellationToken ct)
    {
        var (done, unable, open) = (0, 0, 0);
        await output.StepAsync("网格员反馈", plan.City.Counties.Count, async tick =>
        {
            await Parallel.ForEachAsync(plan.City.Counties, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (county, token) =>
            {
                var operatorApi = await AsAsync(plan.Login($"{county.Slug}.grid"), token);
                var tasks = await operatorApi.GetAllAsync("/api/grid-dispatch/tasks/mine?openOnly=true", token, pageSize: 200);
                foreach (var group in tasks.GroupBy(t => t.GetProperty("directiveId").GetGuid()).Select(g => g.ToList()))
                {
                    // Per task, from the seed, its directive's title and its group: done, unable, or no word yet.
                    var outcome = group.ToLookup(t => ((uint)StableHash($"{plan.Seed}/{Text(t, "directiveTitle")}/{Text(t, "groupName")}") % 100) switch
                    {
                        < 75 => "done", < 83 => "unable", _ => "open",
                    });
                    Interlocked.Add(ref open, outcome["open"].Count());
                    foreach (var chunk in outcome["done"].Chunk(51))
                    {
                        await operatorApi.PostAsync($"/api/grid-dispatch/tasks/{chunk[0].GetProperty("id").GetGuid()}/feedback", new
                        {
                            clientKey = $"seed-{chunk[0].GetProperty("id").GetGuid():N}", unable = false, reached = Reached(chunk[0]),
                            note = "已在群内转发并置顶", also = chunk.Skip(1).Select(t => new { taskId = t.GetProperty("id").GetGuid(), reached = Reached(t) }).ToArray(),
                        }, token);
                        Interlocked.Add(ref done, chunk.Length);
                    }
                    foreach (var chunk in outcome["unable"].Chunk(51))
                    {
                        await operatorApi.PostAsync($"/api/grid-dispatch/tasks/{chunk[0].GetProperty("id").GetGuid()}/feedback", new
                        {
                            clientKey = $"seed-{chunk[0].GetProperty("id").GetGuid():N}", unable = true, unableReason = "群主更换，正在重新拉群",
                            also = chunk.Skip(1).Select(t => new { taskId = t.GetProperty("id").GetGuid(), reached = (int?)null }).ToArray(),
                        }, token);
                        Interlocked.Add(ref unable, chunk.Length);
                    }
                }
                tick(1);
            });
        });
        return $"已反馈 {done}，无法完成 {unable}，未反馈 {open}（其余群的任务等待各自网格员）";
    }

    private int Reached(JsonElement task) => 40 + (int)((uint)StableHash($"{plan.Seed}/{Text(task, "groupName")}") % 400);

    // ---- rectification notices (整改通知书): issued by the city's compliance officer to the counties, answered by the
    // county administrators, verified or returned; each left in the state its number gives it ----
    private static readonly (string Problem, string Requirement)[] NoticeProblems =
    [
        ("政务新媒体账号长期未更新", "对辖区政务新媒体逐一排查，无力维护的账号按程序关停或整合"),
        ("门户网站存在高危安全漏洞", "立即修复漏洞并完成复测，报送整改前后的扫描报告"),
        ("转载新闻信息未注明来源", "规范转载流程，只转载国家规定范围内的稿源并注明出处"),
        ("信息发布未落实“三审三校”", "完善信息发布审核制度，明确审核责任人并留存审核记录"),
        ("评论区有害信息处置不及时", "建立评论区值守机制，发现有害信息 2 小时内处置"),
        ("网站使用不规范地图", "更换为审图号有效的标准地图并在页面标注审图号"),
        ("公开信息中含有个人身份信息", "立即删除含个人信息的页面，开展个人信息保护自查"),
        ("账号认证主体与主管单位不符", "向平台申请变更认证主体，变更完成前暂停发布"),
        ("网站备案信息与实际不一致", "更新 ICP 备案与公安联网备案信息"),
        ("外链页面跳转至境外网站", "清理全部失效和违规外链，建立外链定期巡检"),
        ("微信群管理员未落实实名", "群管理员完成实名登记，群主签订管理责任书"),
        ("短视频账号发布内容导向偏差", "删除相关内容，组织运营人员开展导向培训"),
    ];

    internal sealed record PlannedNotice(string Subject, string CountyCode, string CountySlug, string Problems, string Requirements, int DeadlineDays, string FinalStatus);

    internal static List<PlannedNotice> NoticePlan(CityPlan plan)
    {
        var count = plan.Scale.Name == "city" ? 36 : 6;
        var finals = new[] { "Issued", "Acknowledged", "ReportSubmitted", "Verified", "Returned", "Verified" };
        return Enumerable.Range(0, count).Select(i =>
        {
            var county = plan.City.Counties[i % plan.City.Counties.Count];
            var (problem, requirement) = NoticeProblems[i % NoticeProblems.Length];
            return new PlannedNotice($"关于{county.Name}{problem}的整改通知", county.Code, county.Slug,
                $"经巡查发现，{county.Name}{problem}，不符合网络生态治理有关规定。", requirement, 7 + i % 4 * 7, finals[i % finals.Length]);
        }).ToList();
    }

    private async Task<string> NoticesAsync(CancellationToken ct)
    {
        var planned = NoticePlan(plan);
        var officer = await AsAsync(plan.Login("city.compliance"), ct);
        var existing = (await officer.GetAllAsync("/api/compliance/notices", ct, pageSize: 200))
            .GroupBy(n => n.GetProperty("subject").GetString()!)
            .ToDictionary(g => g.Key, g => (Id: g.First().GetProperty("id").GetGuid(), Status: g.First().GetProperty("status").GetString()!));
        var today = BeijingToday();
        var (issued, moved) = (0, 0);
        await output.StepAsync("整改通知书", planned.Count, async tick =>
        {
            // Issued in order (their numbers follow), then each county's answered by its administrator, counties at once.
            var notices = new List<(PlannedNotice Plan, Guid Id, string Status)>();
            foreach (var n in planned)
            {
                if (!existing.TryGetValue(n.Subject, out var known))
                {
                    var created = await officer.PostAsync("/api/compliance/notices", new
                    {
                        recipient = UnitId(n.CountyCode), subject = n.Subject, problems = n.Problems, requirements = n.Requirements,
                        deadline = today.AddDays(n.DeadlineDays), cases = Array.Empty<Guid>(),
                    }, ct);
                    known = (created.GetProperty("id").GetGuid(), "Issued");
                    issued++;
                }
                notices.Add((n, known.Id, known.Status));
            }
            await Parallel.ForEachAsync(notices.GroupBy(x => x.Plan.CountySlug), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (ofCounty, token) =>
                {
                    foreach (var (n, id, status) in ofCounty)
                    {
                        var target = n.FinalStatus;
                        var current = status;
                        // Walk the notice along its life until it reaches its planned state (a returned one: reported, then returned).
                        while (current != target)
                        {
                            var county = await AsAsync(plan.Login($"{n.CountySlug}.admin"), token);
                            (string Path, NetInfoApi By, object Body, string Next)? step = current switch
                            {
                                "Issued" => ("acknowledge", county, new { note = "已签收，立即组织整改" }, "Acknowledged"),
                                "Acknowledged" or "Returned" when target != "Acknowledged" =>
                                    ("report", county, new { report = $"已按要求完成整改：{n.Requirements}。", files = Array.Empty<Guid>() }, "ReportSubmitted"),
                                "ReportSubmitted" when target == "Verified" => ("verify", officer, new { note = "经核查，整改到位" }, "Verified"),
                                "ReportSubmitted" when target == "Returned" =>
                                    ("return", officer, new { reason = "整改报告未附复测结果，请补充后重新报送", deadline = today.AddDays(14) }, "Returned"),
                                _ => null,
                            };
                            if (step is not { } next) break;
                            await next.By.PostAsync($"/api/compliance/notices/{id}/{next.Path}", next.Body, token);
                            current = next.Next;
                            Interlocked.Increment(ref moved);
                        }
                        tick(1);
                    }
                });
        });
        return $"新下发 {issued}，推进 {moved} 步（共 {planned.Count} 份：待签收、已签收、待核查、已办结、退回再整改）";
    }

    // ---- good netizens (好网民): 40 personalities registered with consent, each a typical example; one field trip ----
    private static readonly string[] AliasShapes = ["{0}小{1}", "镜泊湖畔的{1}", "{0}老{1}说事", "雪城{1}姐", "{0}{1}哥", "北国{1}君"];
    private static readonly string[] AliasWords = ["木耳", "冰凌", "松涛", "林海", "雪乡", "江鱼", "白桦", "红松", "黑土", "稻香", "山楂", "榛蘑", "冬捕", "界河", "渤海"];

    internal sealed record PlannedNetizen(string Alias, string Field, string CountyCode, string Platform, string Handle, long Followers, string Story);

    internal static List<PlannedNetizen> NetizenPlan(CityPlan plan)
    {
        var random = new Random(plan.Seed * 31 + 7);
        var count = plan.Scale.Name == "city" ? 40 : 4;
        var fields = new[] { "SelfMedia", "OnlineWriter", "Streamer", "OpinionLeader" };
        var platforms = new[] { "Douyin", "WeChat", "Weibo", "Kuaishou", "Xiaohongshu", "Bilibili" };
        var stories = new[] { "长期义务宣传防范电信诈骗知识，短视频累计播放超千万次", "暴雪天气中自发组织直播，帮助滞留旅客找到住处",
            "坚持用镜头记录边境小城的变化，作品多次被中央媒体转载", "带动村民直播销售黑木耳，帮助村集体增收", "发起“随手拍不文明”活动，推动问题整改",
            "疫情期间义务为社区老人代购药品并发布求助信息" };
        var aliases = new HashSet<string>();
        var list = new List<PlannedNetizen>();
        for (var i = 0; list.Count < count; i++)
        {
            var county = plan.City.Counties[i % plan.City.Counties.Count];
            var alias = string.Format(AliasShapes[random.Next(AliasShapes.Length)], county.Name.TrimEnd('区', '市', '县'), AliasWords[random.Next(AliasWords.Length)]);
            if (!aliases.Add(alias)) continue;
            list.Add(new(alias, fields[random.Next(fields.Length)], county.Code, platforms[random.Next(platforms.Length)], $"{plan.City.Slug}_{county.Slug}_{i:000}",
                (long)Math.Pow(10, 3.5 + random.NextDouble() * 3), stories[random.Next(stories.Length)]));
        }
        return list;
    }

    private async Task<string> NetizensAsync(CancellationToken ct)
    {
        var planned = NetizenPlan(plan);
        var city = await CityAdminAsync(ct);
        var known = (await city.GetAllAsync("/api/netizen-registry/profiles", ct))
            .ToDictionary(p => p.GetProperty("alias").GetString()!, p => (Id: p.GetProperty("id").GetGuid(), Typical: p.TryGetProperty("typical", out var t) && t.ValueKind == JsonValueKind.Object));
        var today = BeijingToday();
        var (registered, typical) = (0, 0);
        var ids = new List<Guid>();
        await output.StepAsync("好网民", planned.Count, async tick =>
        {
            foreach (var n in planned)
            {
                if (!known.TryGetValue(n.Alias, out var profile))
                {
                    var created = await city.PostAsync("/api/netizen-registry/profiles", new
                    {
                        alias = n.Alias, field = n.Field, unitId = UnitId(n.CountyCode), consent = "Consented", consentOn = today.AddDays(-60),
                        platforms = new[] { new { platform = n.Platform, handle = n.Handle, followers = n.Followers } }, tags = new[] { "好网民" },
                    }, ct);
                    profile = (created.GetProperty("id").GetGuid(), false);
                    registered++;
                }
                if (!profile.Typical)
                {
                    await city.PutAsync($"/api/netizen-registry/profiles/{profile.Id}/typical", new
                    {
                        story = $"{n.Alias}{n.Story}。", recognisedOn = today.AddDays(-30),
                        publications = new[] { new { platform = "微信公众号", url = $"https://www.{plan.City.Slug}.gov.cn/hwm/{n.Handle}" } },
                    }, ct);
                    typical++;
                }
                ids.Add(profile.Id);
                tick(1);
            }
        });

        // The field trip (采风活动) the good netizens join, with what they published about it.
        var tripName = $"“网络名人看{plan.City.ShortName}”采风活动";
        var trip = (await city.GetAsync("/api/netizen-registry/trips", ct)).EnumerateArray()
            .FirstOrDefault(t => t.GetProperty("name").GetString() == tripName);
        if (trip.ValueKind != JsonValueKind.Object)
            trip = await city.PostAsync("/api/netizen-registry/trips", new
            {
                name = tripName, from = today.AddDays(-20), to = today.AddDays(-18), places = new[] { "镜泊湖", "绥芬河国门", "横道河子俄罗斯风情小镇", "威虎山影视城" },
                unitId = UnitId(plan.City.Code),
            }, ct);
        var tripId = trip.GetProperty("id").GetGuid();
        var joined = trip.GetProperty("participants").EnumerateArray().Select(p => p.GetGuid()).ToHashSet();
        var missing = ids.Where(id => !joined.Contains(id)).ToList();
        if (missing.Count > 0) await city.PostAsync($"/api/netizen-registry/trips/{tripId}/participants", new { profiles = missing }, ct);
        var contents = 0;
        foreach (var (n, id) in planned.Zip(ids).Take(Math.Min(10, planned.Count)))
        {
            await city.PutAsync($"/api/netizen-registry/trips/{tripId}/contents", new
            {
                profileId = id, platform = n.Platform, url = $"https://v.example.cn/{n.Handle}/{plan.City.Slug}-caifeng", title = $"{n.Alias}：跟着镜头看{plan.City.ShortName}",
                reads = n.Followers * 3, likes = n.Followers / 8,
            }, ct);
            contents++;
        }
        return $"新登记 {registered}，新评为典型 {typical}（共 {planned.Count} 位好网民）；采风活动 1 项，{ids.Count} 人参加，作品 {contents} 篇";
    }

    // ---- annual evaluation (督导考评): the built-in government new-media plan for the ten counties; the inspectors'
    // entries (findings, bonus points) given for every county, the figures other modules feed scored by the plan ----
    private async Task<string> EvaluationAsync(CancellationToken ct)
    {
        var year = BeijingToday().Year;
        var name = $"{year}年度全市政务新媒体督导考评";
        var city = await CityAdminAsync(ct);
        var existing = (await city.GetAllAsync($"/api/inspection/plans?year={year}", ct, pageSize: 200))
            .FirstOrDefault(p => p.GetProperty("name").GetString() == name);
        var created = existing.ValueKind != JsonValueKind.Object;
        var view = created
            ? await city.PostAsync("/api/inspection/plans", new { name, year, template = "gov-new-media" }, ct)
            : await city.GetAsync($"/api/inspection/plans/{existing.GetProperty("id").GetGuid()}", ct);
        var planId = view.GetProperty("id").GetGuid();
        var counties = plan.City.Counties.Select(c => UnitId(c.Code)).ToArray();
        if (view.GetProperty("groups").GetArrayLength() == 0)
            view = await city.PostAsync($"/api/inspection/plans/{planId}/groups", new { name = "县（市、区）", units = counties }, ct);
        if (view.GetProperty("status").GetString() != "Draft")
            return $"考评方案“{name}”已发布，不再打分";
        var leaves = view.GetProperty("indicators").EnumerateArray()
            .Where(i => i.GetProperty("leaf").GetBoolean() && !(i.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String)
                        && i.GetProperty("method").GetString() is "Manual" or "Deduction" or "Bonus")
            .Select(i => (Id: i.GetProperty("id").GetGuid(), Name: i.GetProperty("name").GetString()!, Method: i.GetProperty("method").GetString()!,
                Points: i.GetProperty("points").GetDouble()))
            .ToList();
        var entries = 0;
        await output.StepAsync("考评打分", counties.Length * leaves.Count, async tick =>
        {
            // Each county's card by one request at a time (an entry rescores the card), the counties at once.
            await Parallel.ForEachAsync(plan.City.Counties.Zip(counties), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (target, token) =>
                {
                    var (county, unit) = target;
                    foreach (var leaf in leaves)
                    {
                    var h = (uint)StableHash($"{plan.Seed}/{county.Code}/{leaf.Name}");
                    object body = leaf.Method switch
                    {
                        "Deduction" => new { findings = (int)(h % 4), comment = h % 4 == 0 ? "抽查未发现问题" : $"抽查发现 {h % 4} 处问题，已反馈整改" },
                        "Bonus" => new { score = Math.Round(leaf.Points * (h % 5) / 8 * 2) / 2, comment = h % 5 == 0 ? "无加分事项" : "报送典型做法，经核实予以加分" },
                        _ => new { score = Math.Round(leaf.Points * (0.7 + h % 31 / 100.0) * 2) / 2, comment = "查阅台账、现场检查" },
                    };
                    await city.PutAsync($"/api/inspection/plans/{planId}/cards/{unit}/entries/{leaf.Id}", body, token);
                    Interlocked.Increment(ref entries);
                    tick(1);
                    }
                });
        });
        return $"{(created ? "新建" : "已有")}考评方案“{name}”（10 个县（市、区）），录入 {entries} 项打分";
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ToString() : "";

    internal static readonly TimeZoneInfo BeijingTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Today in Beijing: the office's day, whatever the operator's machine is set to.</summary>
    internal static DateOnly BeijingToday() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, BeijingTime).DateTime);

    // string.GetHashCode differs per process; the seed must not.
    internal static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }

    internal static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }
}
