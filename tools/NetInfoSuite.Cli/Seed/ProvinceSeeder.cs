using System.Diagnostics;

namespace NetInfoSuite.Cli.Seed;

/// <summary>Seeds a province through the host's public HTTP API: the province's own unit and office, then every city
/// of <see cref="ProvincePlan"/> exactly as the city scale seeds 牡丹江 (each city's records made by that city's own
/// users, so each city is its own tenant's data). Every part looks its records up first, so running it again doubles
/// nothing.</summary>
public sealed class ProvinceSeeder(NetInfoApi api, ProvincePlan plan, IOutput output, Func<HttpClient> newClient, string operatorLogin)
{
    public List<SeedPart> Parts { get; } = [];
    public List<SeededUser> Users { get; } = [];
    public List<Seeder> Cities { get; } = [];

    public async Task RunAsync(CancellationToken ct = default)
    {
        if (!(await api.LoadedModulesAsync(ct)).Contains("directory"))
        {
            output.Warn("组织机构模块（directory）未加载：其他各部分都依赖组织机构，无法填充。");
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var province = plan.Province;
        var imported = await api.UploadAsync("/api/directory/import", Seeder.Workbook([new()
        {
            ["编码"] = province.Code, ["名称"] = province.Name, ["层级"] = province.Level, ["上级编码"] = "",
        }]), "组织机构.xlsx", ct);
        var provinceId = (await api.GetAsync($"/api/directory/units/by-code/{province.Code}", ct)).GetProperty("id").GetGuid();
        var existing = (await api.GetAllAsync("/api/users", ct)).Select(u => u.GetProperty("login").GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var random = new Random(plan.Seed * 31 + 11);
        foreach (var (login, role, roleName) in ProvincePlan.ProvinceUsers)
        {
            var name = CityPlan.PersonName(random); // drawn for every user, made or not: the same seed, the same names
            if (existing.Contains(login))
            {
                Users.Add(new(login, "", roleName, province.Name, null, Existed: true));
                continue;
            }
            var created = await api.PostAsync("/api/users", new { login, name, orgUnitId = provinceId, roles = new[] { role } }, ct);
            Users.Add(new(login, name, roleName, province.Name, created.GetProperty("oneTimePassword").GetString(), Existed: false));
        }
        var part = new SeedPart($"{province.Name} 本级", $"单位：新建 {imported.GetProperty("created").GetInt32()}；用户：新建 {Users.Count(u => !u.Existed)}",
            Stopwatch.GetElapsedTime(started));
        Parts.Add(part);
        output.Line($"{part.Name}：{part.Outcome}（{part.Took.TotalSeconds:0.0} 秒）");
        if (Users.Any(u => u.OneTimePassword is not null))
            output.Table("省级用户及一次性密码（只显示这一次；首次登录须修改）", ["登录名", "姓名", "角色", "单位", "一次性密码"],
                Users.Where(u => u.OneTimePassword is not null).Select(u => new[] { u.Login, u.Name, u.Role, u.Unit, u.OneTimePassword! }));

        foreach (var city in plan.CityPlans)
        {
            output.Line($"—— {city.City.Name}（{plan.CityPlans.IndexOf(city) + 1}/{plan.CityPlans.Count}）——");
            var seeder = new Seeder(api, city, output, newClient, operatorLogin);
            await seeder.RunAsync(ct);
            Cities.Add(seeder);
            Parts.AddRange(seeder.Parts.Select(p => p with { Name = $"{city.City.Name} {p.Name}" }));
            Users.AddRange(seeder.Users);
        }
    }
}
