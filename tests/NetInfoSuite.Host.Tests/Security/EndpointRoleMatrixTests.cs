using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Contracts.Security;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Testing;
using Npgsql;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>Every module (and 宁安市's local plugin) with records on both sides of each boundary: 宁安市's (a sibling of
/// 东安区) and the city's own (above 东安区); 东安二街道's (a sibling of 新安街道) and 东安区's own (above 新安街道).</summary>
public sealed class MatrixHost(PostgresServer postgres) : SecuredHost(postgres)
{
    /// <summary>Texts and ids a caller at 东安区 must never see, and the ids it must never reach.</summary>
    public Boundary FromCounty { get; } = new();
    /// <summary>The same for a caller at 新安街道 (everything above too).</summary>
    public Boundary FromStreet { get; } = new();
    public Guid[] NinganUnits { get; private set; } = [];
    /// <summary>东安二街道, 新安街道's sibling.</summary>
    public Guid Street2 { get; private set; }

    protected override PluginFolder Plugins() =>
        PluginFolder.With("directory", "grid-dispatch", "account-matrix", "compliance", "netizen-registry", "inspection", "probe").WithLocal("231084", "jingpo-winter-fishing");

    protected override async Task SeedAsync()
    {
        var ninganStreet = await Create("231084101", "宁安镇", "Street", Ningan);
        var ninganCommunity = await Create("231084102", "西关社区", "Community", ninganStreet);
        var street2 = Street2 = await Create("231002002", "东安二街道", "Street", Dongan);
        var street2Community = await Create("231002003", "二街社区", "Community", street2);
        NinganUnits = [Ningan, ninganStreet, ninganCommunity];
        var city = await Host.ClientForAsync(City, "CityAdmin");
        var ninganEditor = await Host.ClientForAsync(Ningan, "Editor");
        var ninganAdmin = await Host.ClientForAsync(Ningan, "CountyAdmin");
        var donganAdmin = await Host.ClientForAsync(Dongan, "CountyAdmin");

        // 宁安市's records: out of reach from 东安区 and below.
        FromCounty.Add("宁安市", Ningan);
        FromCounty.Add("宁安镇", ninganStreet);
        FromCounty.Add("西关社区", ninganCommunity);
        FromCounty.Add("宁安镇网站整改事项", await Id(city.PostAsJsonAsync("/api/compliance/notices", new
        {
            recipient = ninganStreet, subject = "宁安镇网站整改事项", problems = "首页长期未更新。", requirements = "立即更新。",
            deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)), cases = Array.Empty<Guid>(),
        })));
        FromCounty.Add("宁安网评员考核细则", await Id(ninganAdmin.PostAsJsonAsync("/api/compliance/rules", new
        {
            title = "宁安网评员考核细则", issuingBody = "宁安市委网信办", status = "Draft", text = "宁安网评员每季度考核一次。",
        })));
        FromCounty.Add("宁安西关网格群", await Id(city.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name = "宁安西关网格群", kind = "GridGroup", platform = "WeChat", orgUnitId = ninganCommunity, memberCount = 320,
            operators = new[] { new { name = "宁安网格员", phone = "13900005678" } },
        })));
        var account = await Account(city, "宁安发布", Ningan);
        FromCounty.Add("宁安发布", account);
        FromCounty.Add("宁安冬捕专题", await Id(ninganEditor.PostAsJsonAsync("/api/account-matrix/topics", new
        {
            title = "宁安冬捕专题", from = "2026-12-25", to = "2027-01-10", description = "冬捕节宣传", accounts = new[] { account },
        })));
        var piece = await Id(ninganEditor.PostAsJsonAsync("/api/account-matrix/publications",
            new { title = "宁安冬捕开幕稿", body = "镜泊湖冬捕今日开幕。", accounts = new[] { account } }));
        await Ok(ninganEditor.PostAsync($"/api/account-matrix/publications/{piece}/submit", null));
        FromCounty.Add("宁安冬捕开幕稿", piece);
        FromCounty.Add("宁安冬捕活动", await Id(ninganEditor.PostAsJsonAsync("/api/jingpo-winter-fishing/campaigns",
            new { name = "宁安冬捕活动", firstDay = "2026-12-28", lastDay = "2027-01-03" })));
        FromCounty.Add("宁安防火草稿", await Id(ninganAdmin.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "宁安防火草稿", body = "请提醒居民注意防火。", category = "ExtremeWeather", urgency = "Routine", delivery = "Direct",
        })));
        FromCounty.Add("宁安用户甲", await Id(Host.Client.PostAsJsonAsync("/api/users", new
        {
            login = "ningan-jia", name = "宁安用户甲", orgUnitId = Ningan, roles = new[] { "Editor" }, password = "User#Pass-2026", temporary = false,
        })));
        FromCounty.Add("宁安网络人士", await Id(ninganEditor.PostAsJsonAsync("/api/netizen-registry/profiles", new
        {
            alias = "宁安网络人士", field = "SelfMedia", unitId = Ningan, consent = "NotInformed",
            platforms = new[] { new { platform = "Douyin", handle = "ningan_dy", followers = 12000 } },
        })));
        var ninganPlan = await Id(ninganAdmin.PostAsJsonAsync("/api/inspection/plans", new { name = "宁安街道考评方案", year = 2026, template = "gov-new-media" }));
        await Ok(ninganAdmin.PostAsJsonAsync($"/api/inspection/plans/{ninganPlan}/groups", new { name = "宁安街道组", units = new[] { ninganStreet } }));
        FromCounty.Add("宁安街道考评方案", ninganPlan);
        await Ok(ninganEditor.PostAsJsonAsync("/api/probe/notes", new { id = Guid.NewGuid(), text = "宁安市的记录" }));
        FromCounty.Texts.Add("宁安市的记录");
        // The city's own: its draft and its account.
        FromCounty.Add("市级草稿指令", await Id(city.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "市级草稿指令", body = "尚未审批的指令。", category = "ExtremeWeather", urgency = "Routine", delivery = "Direct",
        })));
        FromCounty.Add("牡丹江发布", await Account(city, "牡丹江发布", City));
        FromCounty.Ids.Add(City);

        // From 新安街道: all of the above, 东安二街道's records and 东安区's own.
        FromStreet.AddAll(FromCounty);
        FromStreet.Add("东安二街道", street2);
        FromStreet.Add("二街社区", street2Community);
        FromStreet.Add("二街网格群", await Id(city.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name = "二街网格群", kind = "GridGroup", platform = "WeChat", orgUnitId = street2Community, memberCount = 120,
            operators = new[] { new { name = "二街网格员", phone = "13900001234" } },
        })));
        FromStreet.Add("东安发布", await Account(city, "东安发布", Dongan));
        FromStreet.Add("东安区草稿", await Id(donganAdmin.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "东安区草稿", body = "区里尚未审批的指令。", category = "ExtremeWeather", urgency = "Routine", delivery = "Direct",
        })));
        FromStreet.Ids.Add(Dongan);
    }

    /// <summary>Every row of 宁安市 in every table (its tenant's rows and any row naming one of its units), the audit
    /// trail aside (it records the attempts); with the number of rows, so an empty snapshot cannot pass.</summary>
    public async Task<(long Rows, string Hash)> NinganSnapshotAsync()
    {
        await using var conn = new NpgsqlConnection(Host.ConnectionString);
        await conn.OpenAsync();
        var tables = new List<(string Table, bool Tenanted)>();
        await using (var cmd = new NpgsqlCommand("""
            select format('%I.%I', c.table_schema, c.table_name), bool_or(c.column_name = 'tenant_id')
            from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
            where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
              and c.table_name not like 'audit_trail%'
            group by 1 order by 1
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetBoolean(1)));
        var rows = 0L;
        var all = new StringBuilder();
        var units = string.Join(" or ", NinganUnits.Select(u => $"t::text like '%{u}%'"));
        foreach (var (table, tenanted) in tables)
        {
            var where = tenanted ? $"t.tenant_id = '231084' or {units}" : units;
            await using var cmd = new NpgsqlCommand($"select count(*), coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from {table} t where {where}", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            rows += reader.GetInt64(0);
            all.Append(table).Append('=').Append(reader.GetString(1)).Append(';');
        }
        return (rows, all.ToString());
    }

    private static async Task<Guid> Account(HttpClient city, string name, Guid owner)
    {
        var id = await Id(city.PostAsJsonAsync("/api/account-matrix/accounts", new
        {
            name, platform = "WeChat", handle = "h" + Guid.NewGuid().ToString("N")[..8], category = "Government", ownerUnitId = owner, verified = true,
        }));
        foreach (var to in new[] { "Filed", "Active" })
            await Ok(city.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to }));
        return id;
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<Guid> Id(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}

/// <summary>What lies outside a caller's reach: records (their texts and ids must not show; their ids must not be
/// reached) and the units above (reached by id only: a unit names its parent's id, which is no leak).</summary>
public sealed class Boundary
{
    public List<string> Texts { get; } = [];
    /// <summary>Every id to try in a route: the records' and the units above.</summary>
    public List<Guid> Ids { get; } = [];
    private readonly List<Guid> _records = [];

    public void Add(string text, Guid id)
    {
        Texts.Add(text);
        Ids.Add(id);
        _records.Add(id);
    }

    public void AddAll(Boundary other)
    {
        Texts.AddRange(other.Texts);
        Ids.AddRange(other.Ids);
        _records.AddRange(other._records);
    }

    /// <summary>The first text, or record id other than <paramref name="sent"/> (the id the request itself named, which
    /// a page may echo), of this boundary in <paramref name="body"/>; or null.</summary>
    public string? ShownIn(string body, Guid? sent = null, bool idsToo = true) =>
        Texts.FirstOrDefault(t => body.Contains(t, StringComparison.Ordinal))
        ?? (idsToo ? _records.Where(i => i != sent).Select(i => i.ToString()).FirstOrDefault(i => body.Contains(i, StringComparison.OrdinalIgnoreCase)) : null);
}

/// <summary>Every endpoint the running host exposes (its own and every loaded plugin's, pages included, found at run
/// time, so later modules are covered without touching this test) called by every role at the city, at a county
/// (东安区) and at a street (新安街道): 401 anonymously, 403 without the permission, and 404 (or a list without them)
/// for the records of a sibling unit and of the unit above; 宁安市's data is unchanged afterwards.</summary>
public sealed class EndpointRoleMatrixTests(MatrixHost fixture) : IClassFixture<MatrixHost>
{
    /// <param name="Accepts">the body type it declares (null: JSON), so that what answers is the permission check, not the routing's 415</param>
    private sealed record Endpoint(string Method, string Route, string? Permission, bool Anonymous, string? Accepts);

    private List<Endpoint> Endpoints() => fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            .Select(method => new Endpoint(method, e.RoutePattern.RawText ?? "",
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy)
                    .FirstOrDefault(p => p?.StartsWith("perm:", StringComparison.Ordinal) == true)?["perm:".Length..],
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault())))
        // API documentation and Blazor's own plumbing are the framework's, not ours.
        .Where(e => !e.Route.StartsWith("/scalar", StringComparison.Ordinal) && !e.Route.StartsWith("/openapi", StringComparison.Ordinal)
                    && !e.Route.StartsWith("/_framework", StringComparison.Ordinal))
        .ToList();

    [Fact]
    public void Every_endpoint_declares_a_permission_or_is_explicitly_anonymous()
    {
        var endpoints = Endpoints();
        foreach (var module in new[] { "/api/directory", "/api/grid-dispatch", "/api/account-matrix", "/api/compliance", "/api/inspection", "/api/jingpo-winter-fishing", "/api/probe", "/grid-dispatch", "/compliance", "/inspection" })
            Assert.Contains(endpoints, e => e.Route.StartsWith(module, StringComparison.Ordinal));
        Assert.Empty(endpoints.Where(e => e.Permission is null && !e.Anonymous).Select(e => $"{e.Method} {e.Route}"));
    }

    [Fact]
    public async Task Without_signing_in_only_anonymous_endpoints_answer()
    {
        // The API answers 401; a console page sends the browser to the sign-in page.
        foreach (var e in Endpoints().Where(e => !e.Anonymous))
        {
            var response = await Call(fixture.Host.AnonymousClient, e, Fill(e.Route, null), null);
            var refused = e.Route.StartsWith("/api", StringComparison.Ordinal)
                ? response.StatusCode == HttpStatusCode.Unauthorized
                : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/sign-in";
            Assert.True(refused, $"{e.Method} {e.Route} answered {(int)response.StatusCode} to nobody");
        }
    }

    [Fact]
    public async Task Each_role_at_each_level_reaches_exactly_the_endpoints_its_permissions_allow()
    {
        var registry = fixture.Host.Services.GetRequiredService<PermissionRegistry>();
        // Revoking ends the client's own token: it goes last.
        var endpoints = Endpoints().Where(e => !e.Anonymous).OrderBy(e => e.Route.EndsWith("/revoke", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();
        foreach (var (unit, level) in new[] { (fixture.City, "city"), (fixture.Dongan, "county"), (fixture.Street, "street") })
        foreach (var role in Enum.GetValues<Role>())
        {
            var client = await fixture.Host.ClientForAsync(unit, role.ToString());
            foreach (var e in endpoints)
            {
                var allowed = registry.Grants([role], e.Permission!);
                using var response = await Call(client, e, Fill(e.Route, null), null);
                var status = response.StatusCode;
                var denied = status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                // The answer's body too: a rare wrong answer under load must say where it came from.
                if (allowed == denied)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    failures.Add($"{role}@{level} {e.Method} {e.Route}: expected {(allowed ? "allowed" : "403")}, got {(int)status} {body[..Math.Min(300, body.Length)]}");
                }
            }
        }
        SecurityFigures.Write($"role matrix: {endpoints.Count} operations tried per role at each of 3 levels, {Enum.GetValues<Role>().Length} roles, {failures.Count} wrong answers");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task No_role_below_the_city_reaches_a_sibling_units_or_the_unit_aboves_records_and_the_other_county_is_unchanged()
    {
        var registry = fixture.Host.Services.GetRequiredService<PermissionRegistry>();
        var before = await fixture.NinganSnapshotAsync();
        Assert.True(before.Rows >= 10, $"宁安市 has only {before.Rows} rows to watch");
        // Signing in, out and changing one's own password act on the caller alone (SignInTests, ConcurrencyAttackTests).
        var endpoints = Endpoints().Where(e => !e.Anonymous && e.Permission is not null && !e.Route.StartsWith("/api/auth", StringComparison.Ordinal)
                                              && !e.Route.EndsWith("/revoke", StringComparison.Ordinal)
                                              // The probe (a test plugin) fails on purpose there, to test the 500 answer itself.
                                              && e.Route != "/api/probe/boom").ToList();
        var failures = new List<string>();
        var tried = new Dictionary<string, int>();
        foreach (var (unit, level, boundary, sibling) in new[]
                 {
                     (fixture.Dongan, "county", fixture.FromCounty, fixture.Ningan),
                     (fixture.Street, "street", fixture.FromStreet, fixture.Street2),
                 })
        foreach (var role in Enum.GetValues<Role>())
        {
            var client = await fixture.Host.ClientForAsync(unit, role.ToString());
            var count = 0;
            foreach (var e in endpoints.Where(e => registry.Grants([role], e.Permission!)))
            {
                var who = $"{role}@{level} {e.Method} {e.Route}";
                if (!Regex.IsMatch(e.Route, @"\{\w+:guid\}"))
                {
                    // Lists and writes without an id: filtered or aimed at the sibling unit, never a sibling's record shown.
                    foreach (var (url, sent) in new[] { (Fill(e.Route, null), (Guid?)null), (Fill(e.Route, null) + AimedAt(sibling), sibling) })
                    {
                        count++;
                        var response = await Call(client, e, url, sibling);
                        var body = await response.Content.ReadAsStringAsync();
                        // The audit trail records this very test's attempts, naming the ids it tried: there only texts count.
                        var idsToo = !e.Route.StartsWith("/api/audit", StringComparison.Ordinal);
                        if ((int)response.StatusCode >= 500) failures.Add($"{who} {url}: answered {(int)response.StatusCode}");
                        else if (response.IsSuccessStatusCode && boundary.ShownIn(body, sent, idsToo) is { } shown) failures.Add($"{who} {url}: shows «{shown}»");
                    }
                    continue;
                }
                foreach (var id in boundary.Ids)
                {
                    count++;
                    var url = Fill(e.Route, id);
                    var response = await Call(client, e, url, sibling);
                    var status = (int)response.StatusCode;
                    // A read of a record out of reach is 404 as if it did not exist, or (a list under it, e.g. one's own
                    // accounts' reposts of a directive) a list without any of its records; a change is refused (404, or 400
                    // for a body refused first) and changes nothing (the snapshot below).
                    if (e.Method == "GET")
                    {
                        if (status == 404) continue;
                        if (response.IsSuccessStatusCode && boundary.ShownIn(await response.Content.ReadAsStringAsync(), id) is null) continue;
                        failures.Add($"{who} {url}: answered {status}{(response.IsSuccessStatusCode ? " showing a record out of reach" : "")}");
                    }
                    else if (status is not (400 or 404 or 409)) failures.Add($"{who} {url}: answered {status}");
                }
            }
            tried[$"{role}@{level}"] = count;
        }

        var after = await fixture.NinganSnapshotAsync();
        SecurityFigures.Write($"scope matrix: operations tried per role {string.Join(", ", tried.Select(t => $"{t.Key} {t.Value}"))}; {failures.Count} wrong answers (leaks or 5xx)");
        Assert.True(failures.Count == 0, $"{failures.Count} wrong answer(s):\n{string.Join("\n", failures)}");
        Assert.Equal(before, after);
    }

    /// <summary>The route with its parameters filled: ids with <paramref name="id"/> (a fresh one when null), other values with "x".</summary>
    private static string Fill(string route, Guid? id) =>
        Regex.Replace(route, @"\{(\w+)(:guid|:int)?\}", m => m.Groups[2].Value switch
        {
            ":guid" => (id ?? Guid.NewGuid()).ToString(),
            ":int" => "1",
            _ => "x",
        });

    /// <summary>The query parameters a list or figure takes to name a unit, all naming <paramref name="unit"/>.</summary>
    private static string AimedAt(Guid unit) => $"?orgUnitId={unit}&unitId={unit}&ownerUnitId={unit}&parentId={unit}&unit={unit}";

    private static Task<HttpResponseMessage> Call(HttpClient client, Endpoint e, string url, Guid? sibling)
    {
        var request = new HttpRequestMessage(new HttpMethod(e.Method), url);
        if (e.Method is "POST" or "PUT" or "PATCH")
            request.Content = e.Accepts == "multipart/form-data" ? new MultipartFormDataContent()
                : e.Accepts is { } type && !type.Contains("json", StringComparison.Ordinal) ? new StringContent("", Encoding.UTF8, type)
                : sibling is { } unit
                    // A change naming the sibling unit wherever a body names a unit.
                    ? JsonContent.Create(new { orgUnitId = unit, unitId = unit, ownerUnitId = unit, parentId = unit, targets = new[] { unit }, name = "越界", text = "越界", to = "Active" })
                    : new StringContent("{}", Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }
}
