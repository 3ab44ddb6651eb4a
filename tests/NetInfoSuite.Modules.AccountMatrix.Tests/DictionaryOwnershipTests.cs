using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace NetInfoSuite.Modules.AccountMatrix.Tests;

/// <summary>The city-wide dictionary is the city's: a county's reviewer changed and deleted words every county's
/// review uses (issue 14). A county keeps its own words beside the city's.</summary>
public sealed class DictionaryOwnershipTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    private static object Words(params (string Word, string Kind)[] words) =>
        new { words = words.Select(w => new { word = w.Word, kind = w.Kind, suggestion = (string?)null }) };

    private static async Task<List<JsonElement>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/account-matrix/words")).EnumerateArray().ToList();

    [Fact]
    public async Task A_county_cannot_change_or_delete_city_words_but_keeps_its_own()
    {
        var cityReviewer = await world.Host.ClientForAsync(world.City, "Reviewer");
        var ningan = await world.Host.ClientForAsync(world.Ningan, "Reviewer");
        var dongning = await world.Host.ClientForAsync(world.Dongning, "Reviewer");
        (await cityReviewer.PutAsJsonAsync("/api/account-matrix/words", Words(("全市敏感词", "Sensitive")))).EnsureSuccessStatusCode();

        var change = await ningan.PutAsJsonAsync("/api/account-matrix/words", Words(("全市敏感词", "CommonlyWrong")));
        var delete = await ningan.DeleteAsync("/api/account-matrix/words/全市敏感词");
        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Contains("words[0].word", await change.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        var cityWord = (await ListAsync(dongning)).Single(w => w.GetProperty("word").GetString() == "全市敏感词");
        Assert.Equal("Sensitive", cityWord.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, cityWord.GetProperty("owner").ValueKind);

        // 宁安's own word is 宁安's: 东宁 does not see it, and 宁安 may remove it.
        (await ningan.PutAsJsonAsync("/api/account-matrix/words", Words(("宁安本地词", "Sensitive")))).EnsureSuccessStatusCode();
        Assert.Contains(await ListAsync(ningan), w => w.GetProperty("word").GetString() == "宁安本地词" && w.GetProperty("owner").GetString() == "231084");
        Assert.DoesNotContain(await ListAsync(dongning), w => w.GetProperty("word").GetString() == "宁安本地词");
        Assert.Equal(HttpStatusCode.NotFound, (await dongning.DeleteAsync("/api/account-matrix/words/宁安本地词")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ningan.DeleteAsync("/api/account-matrix/words/宁安本地词")).StatusCode);

        // The city still changes its own.
        Assert.Equal(HttpStatusCode.NoContent, (await cityReviewer.DeleteAsync("/api/account-matrix/words/全市敏感词")).StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"words":null}""")]
    public async Task A_missing_word_list_is_refused_naming_it(string json)
    {
        var reviewer = await world.Host.ClientForAsync(world.City, "Reviewer");
        var response = await reviewer.PutAsync("/api/account-matrix/words", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("words", out _));
    }
}
