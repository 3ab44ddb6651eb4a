using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Autofac;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetInfoSuite.Contracts.Errors;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Host.Tests.Security;
using NetInfoSuite.Testing;
using Xunit;

namespace NetInfoSuite.Host.Tests.Tenancy;

/// <summary>IT decides what each tenant may use; a county switches its modules on and off at run time.</summary>
public sealed class ModuleAccessTests(SecuredHost fixture) : IClassFixture<SecuredHost>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        // Each test starts from no rules and every module on.
        await fixture.Host.Client.PutAsJsonAsync("/api/tenancy/rules", new { rules = Array.Empty<object>() });
        var store = fixture.Host.Services.GetRequiredService<IDocumentStore>();
        await store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(NetInfoSuite.Host.Tenancy.TenantModules));
        await fixture.Host.Services.GetRequiredService<NetInfoSuite.Host.Tenancy.ModuleAccess>().RefreshAsync(default);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_module_switched_off_by_a_county_is_gone_on_a_second_instance_within_seconds_without_restart()
    {
        await using var second = await TestHost.StartOnAsync(fixture.Host.ConnectionString, ["directory", "probe"]);
        var countyAdmin = await fixture.Host.ClientForAsync(fixture.Dongan, "CountyAdmin");
        var onSecond = second.NewClient();
        await onSecond.SignInAsync((await countyAdmin.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("login").GetString()!,
            "User#Pass-2026");
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/api/probe/changes")).StatusCode);

        var off = await countyAdmin.PutAsJsonAsync("/api/tenancy/modules/probe", new { enabled = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);

        var seen = await Eventually(async () => (await onSecond.GetAsync("/api/probe/changes")).StatusCode == HttpStatusCode.NotFound);
        Assert.True(seen < TimeSpan.FromSeconds(10), $"the second instance saw the change after {seen}");
        var problem = await (await onSecond.GetAsync("/api/probe/changes")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:netinfo:problem:module-disabled", problem.GetProperty("type").GetString());
        // Other tenants keep it.
        var ningan = await fixture.Host.ClientForAsync(fixture.Ningan, "Editor");
        Assert.Equal(HttpStatusCode.OK, (await ningan.GetAsync("/api/probe/changes")).StatusCode);

        await countyAdmin.PutAsJsonAsync("/api/tenancy/modules/probe", new { enabled = true });
        await Eventually(async () => (await onSecond.GetAsync("/api/probe/changes")).StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_IT_rules_decide_which_tenants_may_enable_a_module()
    {
        var rules = new
        {
            rules = new object[]
            {
                new { effect = "Deny", tenants = new[] { "*" }, modules = new[] { "probe" } },
                new { effect = "Allow", tenants = new[] { "231002" }, modules = new[] { "probe" } },
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await fixture.Host.Client.PutAsJsonAsync("/api/tenancy/rules", rules)).StatusCode);
        var ninganAdmin = await fixture.Host.ClientForAsync(fixture.Ningan, "CountyAdmin");
        var donganEditor = await fixture.Host.ClientForAsync(fixture.Street, "Editor");

        var enable = await ninganAdmin.PutAsJsonAsync("/api/tenancy/modules/probe", new { enabled = true });
        var list = await ninganAdmin.GetFromJsonAsync<JsonElement[]>("/api/tenancy/modules");

        Assert.Equal(HttpStatusCode.BadRequest, enable.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ninganAdmin.GetAsync("/api/probe/changes")).StatusCode);
        Assert.False(list!.Single(m => m.GetProperty("id").GetString() == "probe").GetProperty("allowed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await donganEditor.GetAsync("/api/probe/changes")).StatusCode);
        // The org tree is a platform module: always there.
        Assert.Equal(HttpStatusCode.BadRequest,
            (await ninganAdmin.PutAsJsonAsync("/api/tenancy/modules/directory", new { enabled = false })).StatusCode);
        // A county manages its own tenant only.
        Assert.Equal(HttpStatusCode.NotFound,
            (await ninganAdmin.PutAsJsonAsync("/api/tenancy/modules/probe", new { enabled = false, tenant = "231002" })).StatusCode);
    }

    [Fact]
    public async Task A_request_sent_to_a_switched_off_module_gets_the_typed_module_unavailable_answer()
    {
        var countyAdmin = await fixture.Host.ClientForAsync(fixture.Ningan, "CountyAdmin");
        await countyAdmin.PutAsJsonAsync("/api/tenancy/modules/probe", new { enabled = false });
        var login = (await countyAdmin.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("login").GetString();

        var outcome = await SendPingAs(login!);

        Assert.IsType<ModuleUnavailableException>(outcome);
        Assert.Equal("pong", await SendPingAs("admin"));
    }

    /// <summary>Sends the probe's ProbePing through the mediator as that user would, from inside a request.</summary>
    private async Task<object> SendPingAs(string login)
    {
        var services = fixture.Host.Services;
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        var user = await session.Query<PlatformUser>().FirstAsync(u => u.Login == login);
        var ping = services.GetRequiredService<ModuleCatalog>().Loaded.Single(m => m.Id == "probe").Assembly!
            .GetType("NetInfoSuite.TestPlugins.Probe.ProbePing")!;
        await using var scope = services.GetRequiredService<ILifetimeScope>().BeginLifetimeScope();
        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { User = NetInfoClaims.Principal(user, "test") };
        try
        {
            var mediator = scope.Resolve<IMediator>();
            return await mediator.Send((IRequest<string>)Activator.CreateInstance(ping)!);
        }
        catch (ModuleUnavailableException ex)
        {
            return ex;
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    private static async Task<TimeSpan> Eventually(Func<Task<bool>> condition)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException("the change was not seen within 15 s");
            await Task.Delay(200);
        }
        return started.Elapsed;
    }
}
