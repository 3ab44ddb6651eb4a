using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

public sealed class RegistryTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task A_news_account_needs_a_valid_licence_and_a_second_account_on_a_platform_needs_a_reason()
    {
        var missing = await Register(new { name = "宁安新闻", platform = "Toutiao", handle = "ningan-news", category = "News", ownerUnitId = world.Ningan });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("\"licence\"", await missing.Content.ReadAsStringAsync());
        var expired = await Register(new
        {
            name = "宁安新闻", platform = "Toutiao", handle = "ningan-news", category = "News", ownerUnitId = world.Ningan,
            licence = new { number = "2312019", issuer = "省网信办", validFrom = "2019-01-01", validTo = "2024-12-31" },
        });
        Assert.Contains("licence.validTo", await expired.Content.ReadAsStringAsync());

        await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安网", "Website");
        var second = await Register(new { name = "宁安网二", platform = "Website", handle = "n2", category = "Service", ownerUnitId = world.Ningan });
        Assert.Contains("secondAccountReason", await second.Content.ReadAsStringAsync());
        var withReason = await Register(new { name = "宁安网二", platform = "Website", handle = "n2", category = "Service", ownerUnitId = world.Ningan, secondAccountReason = "政务服务专用" });
        Assert.Equal(HttpStatusCode.Created, withReason.StatusCode);
        Assert.Equal("政务服务专用", (await withReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secondAccountReason").GetString());
    }

    [Fact]
    public async Task The_lifecycle_is_filed_by_the_level_above_and_kept_as_history()
    {
        var created = await Register(new { name = "宁安政务", platform = "CountyApp", handle = "app", category = "Government", ownerUnitId = world.Ningan });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var county = await world.Host.ClientForAsync(world.Ningan, "CountyAdmin");

        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to = "Filed" })).StatusCode);
        var skipped = await world.CityAdmin.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to = "Active" });
        Assert.Equal(HttpStatusCode.BadRequest, skipped.StatusCode);
        Assert.Contains("账号状态不能从“已申请”变为“运营中”", await skipped.Content.ReadAsStringAsync());
        foreach (var to in new[] { "Filed", "Active", "Suspended" })
            (await world.CityAdmin.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to })).EnsureSuccessStatusCode();
        var closed = await world.CityAdmin.PostAsJsonAsync($"/api/account-matrix/accounts/{id}/status", new { to = "Closed", note = "并入融媒体中心" });

        var history = (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("history").EnumerateArray()
            .Select(e => e.GetProperty("status").GetString()).ToArray();
        Assert.Equal(["Applied", "Filed", "Active", "Suspended", "Closed"], history);
    }

    [Fact]
    public async Task An_account_is_dormant_after_14_days_without_a_post_and_not_on_the_14th()
    {
        var quiet14 = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "十四天", "Weibo", secondReason: "测试");
        var quiet15 = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "十五天", "Weibo", secondReason: "测试");
        var never = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "从未发布", "Weibo", secondReason: "测试");
        (await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new object[]
            {
                new { accountId = quiet14, day = "2026-11-12", posts = 1 }, // 14 days before 11-26: inside the window
                new { accountId = quiet15, day = "2026-11-11", posts = 2 }, // 15 days before: outside it
                new { accountId = quiet15, day = "2026-11-20", posts = 0, followers = 100 }, // a day without a post does not count
            },
        })).EnsureSuccessStatusCode();

        var dormant = (await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/dormant?at=2026-11-26")).EnumerateArray()
            .ToDictionary(d => d.GetProperty("accountId").GetGuid());

        Assert.False(dormant.ContainsKey(quiet14));
        Assert.Equal(15, dormant[quiet15].GetProperty("daysSinceLastPost").GetInt32());
        Assert.Equal(JsonValueKind.Null, dormant[never].GetProperty("daysSinceLastPost").ValueKind);
    }

    [Fact]
    public async Task The_dormant_threshold_follows_the_configured_rule_for_the_category_and_level()
    {
        // MatrixWorld configures county service accounts at 30 days; government accounts keep the national 14.
        var service = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安服务号", "Kuaishou", "Service");
        var government = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安政务快手", "Kuaishou", secondReason: "政务");
        (await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            daily = new object[] { new { accountId = service, day = "2026-06-11", posts = 1 }, new { accountId = government, day = "2026-06-11", posts = 1 } },
        })).EnsureSuccessStatusCode();

        var byRule = (await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/dormant?at=2026-07-01")).EnumerateArray()
            .ToDictionary(d => d.GetProperty("accountId").GetGuid(), d => d.GetProperty("threshold").GetInt32());
        Assert.False(byRule.ContainsKey(service));          // 20 days: within its 30
        Assert.Equal(14, byRule[government]);
        var asked = (await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/dormant?at=2026-07-01&days=14")).EnumerateArray()
            .Select(d => d.GetProperty("accountId").GetGuid()).ToList();
        Assert.Contains(service, asked);                    // an explicit number applies to every account
        Assert.Equal(HttpStatusCode.NotFound, (await world.DongningEditor.GetAsync($"/api/account-matrix/dormant?at=2026-07-01&unit={world.Ningan}")).StatusCode);
    }

    [Fact]
    public async Task A_directive_naming_matrix_accounts_gives_each_a_repost_task()
    {
        var account = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安视频号", "WeChatChannels");
        var street = await world.UnitAsync("231084001", "宁安一街", "Street", world.Ningan);
        var community = await world.UnitAsync("231084001001", "一街社区", "Community", street);
        (await world.CityAdmin.PostAsJsonAsync("/api/grid-dispatch/groups", new
        {
            name = "一街群", kind = "GridGroup", platform = "WeChat", orgUnitId = community, memberCount = 100, operators = Array.Empty<object>(),
        })).EnsureSuccessStatusCode();
        var draft = await world.CityAdmin.PostAsJsonAsync("/api/grid-dispatch/directives", new
        {
            title = "转发：防范电信诈骗", body = "请各账号转发", category = "AntiFraud", urgency = "Urgent", delivery = "Direct",
            target = new { accounts = new[] { account } },
        });
        var directive = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approver = await world.Host.ClientForAsync(world.City, "CityAdmin"); // who drafts does not approve
        (await approver.PostAsync($"/api/grid-dispatch/directives/{directive}/approve", null)).EnsureSuccessStatusCode();
        (await world.CityAdmin.PostAsync($"/api/grid-dispatch/directives/{directive}/issue", null)).EnsureSuccessStatusCode();
        await world.Host.OutboxDeliveredAsync(); // made by the matrix after the commit

        var tasks = (await world.NinganEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/reposts/{directive}")).EnumerateArray().ToList();
        Assert.Equal([account], tasks.Select(t => t.GetProperty("accountId").GetGuid()).ToArray());
        Assert.Empty((await world.DongningEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/reposts/{directive}")).EnumerateArray());
        var done = await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/reposts/{directive}/{account}", new { link = "https://channels.weixin.qq.com/x" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var progress = (await world.NinganEditor.GetFromJsonAsync<JsonElement>("/api/account-matrix/reposts")).EnumerateArray()
            .Single(p => p.GetProperty("directiveId").GetGuid() == directive);
        Assert.Equal(("转发：防范电信诈骗", 1, 1), (progress.GetProperty("title").GetString(), progress.GetProperty("accounts").GetInt32(), progress.GetProperty("done").GetInt32()));
    }

    [Fact]
    public async Task Message_figures_count_replies_the_median_time_the_waits_past_the_limit_and_three_months_unanswered()
    {
        var account = await world.ActiveAccountAsync(world.DongningEditor, world.Dongning, "东宁留言板", "Website");
        (await world.DongningEditor.PostAsJsonAsync("/api/account-matrix/messages", new
        {
            messages = new object[]
            {
                new { accountId = account, at = "2026-11-20T08:00:00Z", text = "暖气不热", category = "民生" },
                new { accountId = account, at = "2026-11-10T08:00:00Z", text = "道路结冰", category = "交通" },
                new { accountId = account, at = "2026-11-25T08:00:00Z", text = "冬捕门票", category = "文旅" },
                new { accountId = account, at = "2026-07-01T08:00:00Z", text = "噪音扰民", category = "环境" },
            },
        })).EnsureSuccessStatusCode();
        var ids = new List<Guid>();
        await using (var connection = new Npgsql.NpgsqlConnection(world.Host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("select id from account_matrix.mt_doc_netizenmessage where data ->> 'accountId' = $1 order by data ->> 'at' desc", connection);
            cmd.Parameters.AddWithValue(account.ToString()); // other tests of this class record messages too
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0)); // 11-25, 11-20, 11-10, 07-01
        }
        (await world.DongningEditor.PostAsJsonAsync($"/api/account-matrix/messages/{ids[1]}", new { reply = "已联系供热公司", repliedAt = "2026-11-20T10:00:00Z" })).EnsureSuccessStatusCode();
        (await world.DongningEditor.PostAsJsonAsync($"/api/account-matrix/messages/{ids[2]}", new { reply = "已撒融雪剂", repliedAt = "2026-11-15T08:00:00Z" })).EnsureSuccessStatusCode();

        var figures = await world.DongningEditor.GetFromJsonAsync<JsonElement>($"/api/account-matrix/messages/figures?unit={world.Dongning}&at=2026-11-26");

        Assert.Equal(4, figures.GetProperty("received").GetInt32());
        Assert.Equal(2, figures.GetProperty("replied").GetInt32());
        Assert.Equal(61.0, figures.GetProperty("medianReplyHours").GetDouble());       // (2 h + 120 h) / 2
        Assert.Equal(2, figures.GetProperty("waitingOverLimit").GetInt32());            // 120 h to reply; 07-01 never
        Assert.Equal(1, figures.GetProperty("unansweredOverThreeMonths").GetInt32());   // 07-01
        Assert.Equal(HttpStatusCode.NotFound,
            (await world.NinganEditor.GetAsync($"/api/account-matrix/messages/figures?unit={world.Dongning}&at=2026-11-26")).StatusCode);
    }

    [Fact]
    public async Task A_topic_tracks_each_participating_accounts_tagged_posts()
    {
        var a = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安冬捕号", "WeChat", secondReason: "专题");
        var b = await world.ActiveAccountAsync(world.NinganEditor, world.Ningan, "宁安文旅号", "WeChat", secondReason: "专题");
        (await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/metrics", new
        {
            articles = new object[]
            {
                new { id = "t1", accountId = a, day = "2026-12-28", title = "冬捕倒计时", headline = true, reads = 3000 },
                new { id = "t2", accountId = a, day = "2026-12-29", title = "冬捕开幕", headline = true, reads = "10万+" },
                new { id = "t3", accountId = b, day = "2026-11-01", title = "早于专题", headline = false, reads = 10 },
            },
        })).EnsureSuccessStatusCode();
        var created = await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/topics", new
        {
            title = "镜泊湖冬捕专题", from = "2026-12-25", to = "2027-01-10", description = "冬捕节宣传", accounts = new[] { a, b },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var outside = await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/topics/{id}/posts", new { posts = new[] { "t1", "t3" } });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode); // t3 falls before the topic
        var tagged = await world.NinganEditor.PostAsJsonAsync($"/api/account-matrix/topics/{id}/posts", new { posts = new[] { "t1", "t2" } });

        var progress = (await tagged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("progress").EnumerateArray()
            .Select(p => (p.GetProperty("accountId").GetGuid(), p.GetProperty("posts").GetInt32(), p.GetProperty("reads").GetInt64())).ToArray();
        Assert.Equal([(a, 2, 103_001L), (b, 0, 0L)], progress);
    }

    [Fact]
    public async Task Training_attendance_is_counted_per_unit()
    {
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/training", new
        {
            date = "2026-10-15", topic = "新媒体运营", trainer = "省网信办",
            attendees = new[] { new { name = "张", unitId = world.Ningan }, new { name = "李", unitId = world.Ningan }, new { name = "王", unitId = world.Dongning } },
        })).EnsureSuccessStatusCode();
        (await world.CityAdmin.PostAsJsonAsync("/api/account-matrix/training", new
        {
            date = "2026-10-20", topic = "舆情应对", trainer = "市委网信办", attendees = new[] { new { name = "张", unitId = world.Ningan } },
        })).EnsureSuccessStatusCode();
        var refused = await world.NinganEditor.PostAsJsonAsync("/api/account-matrix/training", new
        {
            date = "2026-10-21", topic = "x", trainer = "y", attendees = new[] { new { name = "王", unitId = world.Dongning } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // 东宁 is outside 宁安's subtree

        var attendance = (await world.CityAdmin.GetFromJsonAsync<JsonElement>("/api/account-matrix/training/attendance?from=2026-10-01&to=2026-10-31"))
            .EnumerateArray().ToDictionary(u => u.GetProperty("unitId").GetGuid(), u => (u.GetProperty("sessions").GetInt32(), u.GetProperty("attendees").GetInt32()));
        Assert.Equal((2, 3), attendance[world.Ningan]);
        Assert.Equal((1, 1), attendance[world.Dongning]);
    }

    private Task<HttpResponseMessage> Register(object body) => world.NinganEditor.PostAsJsonAsync("/api/account-matrix/accounts", body);
}
