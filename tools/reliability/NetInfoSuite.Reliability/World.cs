using System.Net.Http.Json;
using MiniExcelLibs;
using NetInfoSuite.Testing;

/// <summary>A small city as the office has it: the city, counties, streets and communities; a city administrator, each
/// county's administrator, each street's editor (who signs relayed directives) and each community's grid operator.</summary>
internal sealed record World(Guid City, Guid[] Counties, string[] CountyCodes, Guid[] Streets, string[] StreetLogins, string[] CommunityCodes)
{
    public const string CityLogin = "rel-city";

    /// <summary>Seeds the tree and the users through the API as the administrator.</summary>
    public static async Task<World> SeedAsync(HttpClient admin, int counties, int streetsPerCounty, int communitiesPerStreet)
    {
        async Task<Guid> Unit(string code, string name, string level, Guid? parentId) =>
            (await Rig.Json(admin.PostAsJsonAsync("/api/directory/units", new { code, name, level, parentId }))).GetProperty("id").GetGuid();
        async Task User(string login, Guid unit, string role) =>
            await Rig.Json(admin.PostAsJsonAsync("/api/users", new { login, name = "可靠性" + login, orgUnitId = unit, roles = new[] { role },
                password = Rig.UserPassword, temporary = false }));

        var city = await Unit("231000", "牡丹江市", "City", null);
        await User(CityLogin, city, "CityAdmin");
        var (countyIds, countyCodes, streets, streetLogins, communities) = (new List<Guid>(), new List<string>(), new List<Guid>(), new List<string>(), new List<string>());
        for (var c = 0; c < counties; c++)
        {
            var code = $"2310{c + 1:00}";
            var county = await Unit(code, $"试验县{c + 1}", "County", city);
            await User($"rel-county-{c}", county, "CountyAdmin");
            countyIds.Add(county);
            countyCodes.Add(code);
            for (var s = 0; s < streetsPerCounty; s++)
            {
                var streetCode = $"{code}{s + 1:000}";
                var street = await Unit(streetCode, $"试验县{c + 1}街道{s + 1}", "Street", county);
                streets.Add(street);
                streetLogins.Add($"rel-street-{c}-{s}");
                await User(streetLogins[^1], street, "Editor");
                for (var m = 0; m < communitiesPerStreet; m++)
                {
                    var communityCode = $"{streetCode}{m + 1:000}";
                    await User($"op-{communityCode}", await Unit(communityCode, $"试验社区{communityCode}", "Community", street), "GridOperator");
                    communities.Add(communityCode);
                }
            }
        }
        return new World(city, [.. countyIds], [.. countyCodes], [.. streets], [.. streetLogins], [.. communities]);
    }

    /// <summary>A workbook of <paramref name="count"/> grid groups spread over the communities, each run by its community's
    /// operator; <paramref name="prefix"/> keeps the names of one workbook apart from another's.</summary>
    public byte[] GroupsWorkbook(int count, string prefix)
    {
        using var xlsx = new MemoryStream();
        xlsx.SaveAs(Enumerable.Range(0, count).Select(i =>
        {
            var community = CommunityCodes[i % CommunityCodes.Length];
            return new Dictionary<string, object>
            {
                ["群名称"] = $"{prefix}群{i:000000}", ["类型"] = "网格群", ["平台"] = "微信", ["所属村（社区）编码"] = community,
                ["管理员"] = "试验管理员", ["管理员账号"] = $"op-{community}", ["成员数"] = 200,
            };
        }));
        return xlsx.ToArray();
    }

    public static Task<HttpResponseMessage> ImportAsync(HttpClient office, byte[] workbook)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(workbook), "file", "groups.xlsx" } };
        return office.PostAsync("/api/grid-dispatch/groups/import", form);
    }

    /// <summary>A client of <paramref name="host"/> signed in as <paramref name="login"/>.</summary>
    public static async Task<HttpClient> ClientAsync(HostProcess host, string login, string? password = null)
    {
        var client = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        await client.SignInAsync(login, password ?? Rig.UserPassword);
        return client;
    }

    /// <summary>A city seeded on the host, <paramref name="groups"/> grid groups imported and one directive issued to them
    /// all (the world of the load cases): its tasks with their operators, and each operator's signed-in client.</summary>
    public static async Task<(World World, HttpClient Office, Guid Directive, List<(Guid Id, string Login)> Tasks, Dictionary<string, HttpClient> Operators)> IssuedAsync(
        HostProcess host, string db, int groups, string name, TimeSpan operatorTimeout)
    {
        var admin = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        await admin.SignInAsync("admin", Rig.AdminPassword);
        var world = await SeedAsync(admin, 1, 2, 2);
        var office = await ClientAsync(host, CityLogin);
        await Rig.Json(ImportAsync(office, world.GroupsWorkbook(groups, name)));
        var directive = await DraftAsync(office, name + " 负载", "Direct");
        await Rig.Json(office.PostAsync($"/api/grid-dispatch/directives/{directive}/issue", null));
        var tasks = (await Rig.RowsAsync(db, "select id, operators[1] from grid_dispatch.tasks where directive_id = $1 order by id", directive))
            .Select(r => ((Guid)r[0], (string)r[1])).ToList();
        var operators = new Dictionary<string, HttpClient>();
        foreach (var login in tasks.Select(t => t.Item2).Distinct())
        {
            operators[login] = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = operatorTimeout };
            await operators[login].SignInAsync(login, Rig.UserPassword);
        }
        return (world, office, directive, tasks, operators);
    }

    /// <summary>A new-media account owned by <paramref name="owner"/>, filed and (when <paramref name="active"/>) activated: its id.</summary>
    public static async Task<Guid> AccountAsync(HttpClient office, string name, string platform, string handle, Guid owner, bool active = true)
    {
        var id = (await Rig.Json(office.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name, platform, handle, category = "Government", ownerUnitId = owner, verified = true, secondAccountReason = "试验：同一单位的多个账号",
        }))).GetProperty("id").GetGuid();
        foreach (var to in active ? new[] { "Filed", "Active" } : ["Filed"])
            await Rig.Json(office.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to }));
        return id;
    }

    /// <summary>Registers <paramref name="count"/> WeChat Channels accounts of the counties and makes them active, four
    /// at a time; their ids.</summary>
    public async Task<Guid[]> ActiveAccountsAsync(HttpClient office, int count)
    {
        var ids = new Guid[count];
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
        {
            for (var i = w; i < count; i += 4)
                ids[i] = await AccountAsync(office, $"试验视频号{i:000}", "WeChatChannels", $"rel{i:000}", Counties[i % Counties.Length]);
        }));
        return ids;
    }

    /// <summary>Drafts and approves a directive to every grid group under the caller; its id. Issuing is left to the case.</summary>
    public static async Task<Guid> DraftAsync(HttpClient office, string title, string delivery)
    {
        var id = (await Rig.Json(office.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title, body = "可靠性试验", category = "General", urgency = "Routine", delivery, target = new { kinds = new[] { "GridGroup" } },
        }))).GetProperty("id").GetGuid();
        await Rig.Json(office.PostAsync($"/api/grid-dispatch/directives/{id}/approve", null));
        return id;
    }
}
