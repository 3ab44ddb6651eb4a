using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Host.Tests.Security;

/// <summary>The four causes of issue 14's 500s, refused with 400 naming the field by rules that hold for every
/// endpoint: control characters in a body, query or route value; {} or null for a required member; a huge login;
/// dates far outside the office's years.</summary>
public sealed class PlainTextRuleTests(SecuredHost fixture) : IClassFixture<SecuredHost>
{
    private static async Task AssertRefused(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u001b[31m")]
    [InlineData("a\u0007b")]
    public async Task Control_characters_are_refused_wherever_text_comes_in(string text)
    {
        var escaped = JsonSerializer.Serialize(text);
        await AssertRefused(await fixture.Host.Client.PostAsync("/api/directory/units",
            Json($$"""{"code":"231099","name":{{escaped}},"level":"County","parentId":"{{fixture.City}}"}""")), "name");
        await AssertRefused(await fixture.Host.AnonymousClient.PostAsync("/api/auth/token",
            Json($$"""{"login":{{escaped}},"password":"x"}""")), "login");
        await AssertRefused(await fixture.Host.Client.GetAsync("/api/directory/units?name=" + Uri.EscapeDataString(text)), "name");
        if (!text.Contains('\0')) // a path with U+0000 is refused by the web server itself
            await AssertRefused(await fixture.Host.Client.GetAsync("/api/directory/units/by-code/" + Uri.EscapeDataString(text)), "code");
    }

    [Fact]
    public async Task Text_with_line_breaks_rare_characters_and_emoji_is_kept_exactly()
    {
        const string name = "𠮷𪚥 网格\t群 😀";
        var created = await fixture.Host.Client.PostAsJsonAsync("/api/directory/units",
            new { code = "231098", name, level = "County", parentId = fixture.City });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(name, (await fixture.Host.Client.GetFromJsonAsync<JsonElement>($"/api/directory/units/{id}")).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"login":"x1","name":"n","roles":null}""")]
    public async Task A_missing_or_null_required_member_is_refused(string json)
    {
        var response = await fixture.Host.Client.PostAsync("/api/users", Json(json));
        await AssertRefused(response, "roles");
    }

    [Fact]
    public async Task A_one_megabyte_login_is_refused_without_a_500()
    {
        var response = await fixture.Host.NewClient().PostAsJsonAsync("/api/auth/token", new { login = new string('a', 1024 * 1024), password = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_id_whose_first_characters_read_as_a_date_is_an_id_not_a_date()
    {
        // "8692ad12-1" parses as 1 December 8692 ("ad" is the era): about one random GUID in 10,000 starts like a date.
        var response = await fixture.Host.Client.GetAsync("/api/directory/units/8692ad12-1000-4000-8000-000000000000");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    public async Task Dates_far_outside_the_offices_years_are_refused(string day)
    {
        await AssertRefused(await fixture.Host.Client.GetAsync($"/api/audit?from={day}"), "from");
        await AssertRefused(await fixture.Host.Client.GetAsync($"/api/audit?from=2026-01-01&to={day}T00:00:00Z"), "to");
    }
}
