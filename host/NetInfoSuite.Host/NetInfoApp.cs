using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using NetInfoSuite.Host.Audit;
using NetInfoSuite.Host.Generations;
using NetInfoSuite.Host.Outbox;
using NetInfoSuite.Host.Pipeline;
using NetInfoSuite.Host.Security;
using NetInfoSuite.Host.Users;
using NetInfoSuite.Host.Plugins;
using NetInfoSuite.Host.Storage;
using NetInfoSuite.Host.Tenancy;
using NetInfoSuite.Host.Shell;
using NetInfoSuite.Host.Web;
using Microsoft.AspNetCore.Authentication;
using NetInfoSuite.Contracts.Security;
using Scalar.AspNetCore;
using Serilog;

namespace NetInfoSuite.Host;

/// <summary>Builds the whole host. Program runs it; tests build it with a test server and their own settings.</summary>
public static class NetInfoApp
{
    public const long MaxRequestBytes = 51L * 1024 * 1024;

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var started = Stopwatch.GetTimestamp();
        // Settings sit beside the binaries; the working directory only holds data (.netinfo/).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Uploads up to the modules' own 50 MB rule reach them (and get its clear answer); Kestrel's default cut
        // at 30 MB answered 413 first. The extra megabyte is the multipart envelope.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBytes);
        customize?.Invoke(builder);
        // The one clock of the platform and every plugin: the system's, unless the caller put another in (tests).
        var clock = builder.Services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider
                    ?? TimeProvider.System;
        var config = builder.Configuration;
        var log = HostLogging.Create(config);
        builder.Services.AddSerilog(log, dispose: true);

        // The outer host owns the listening server and the embedded database; everything the plugins make up
        // lives in a generation it can replace while it runs (see Generations/).
        var (connectionString, embedded) = await StorageSetup.ResolveDatabaseAsync(config, Directory.GetCurrentDirectory(), log);
        try
        {
            var pluginsPath = PluginsPath(config);
            var cache = PluginCacheFor(config);
            cache.Prune(TimeSpan.FromDays(7), log);
            var status = new PluginStatus(cache, config.GetValue("NetInfo:PluginsRestartAdviceAfter", 10));
            var generations = new GenerationSwitch(
                previous => ModuleCatalog.Load(pluginsPath, ModuleSelection.Read(config), config, log, cache, previous),
                catalog => StartGenerationAsync(args, catalog, status, connectionString, clock, log), status, log);
            builder.Services.AddSingleton(generations);
            builder.Services.AddSingleton(status);
            builder.Services.AddHostedService(_ => generations);
            builder.Services.AddHostedService(_ => new PluginWatcher(generations, status, config, pluginsPath, log));
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
            // Owned by the container, so it is stopped however the host ends, a failed start included.
            if (embedded is not null) builder.Services.AddSingleton(_ => new EmbeddedDatabase(embedded));

            var app = builder.Build();
            if (embedded is not null)
            {
                app.Services.GetRequiredService<EmbeddedDatabase>();
                app.Lifetime.ApplicationStopped.Register(() => embedded.DisposeAsync().AsTask().GetAwaiter().GetResult());
            }
            app.Lifetime.ApplicationStarted.Register(() => log.Information(
                "NetInfoSuite ready at {Urls} in {Seconds:0.00} s with {Count} module(s): {Modules}",
                string.Join(", ", app.Urls), Stopwatch.GetElapsedTime(started).TotalSeconds,
                generations.Current.Catalog.Loaded.Count(), string.Join(", ", generations.Current.Catalog.Loaded.Select(m => m.Id))));
            app.Run(generations.HandleAsync);
            return app;
        }
        catch
        {
            if (embedded is not null) await embedded.DisposeAsync();
            throw;
        }
    }

    internal static string PluginsPath(IConfiguration config) =>
        Path.GetFullPath(config["NetInfo:PluginsPath"] ?? "plugins", AppContext.BaseDirectory);

    /// <summary>Each plugin build is loaded from its own copy (ADR 0019), kept beside the data (.netinfo/).</summary>
    internal static PluginCache PluginCacheFor(IConfiguration config) =>
        new(Path.Combine(Directory.GetCurrentDirectory(), config["NetInfo:PluginCachePath"] ?? ".netinfo/plugin-cache"));

    /// <summary>Composes and starts everything the plugins in <paramref name="catalog"/> make up.</summary>
    private static async Task<Generation> StartGenerationAsync(string[] args, ModuleCatalog catalog, PluginStatus status,
        string connectionString, TimeProvider clock, Serilog.ILogger log)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var server = new FeatureServer();
        builder.WebHost.UseServer(server);
        builder.Services.AddSingleton<IHostLifetime, OuterControlledLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSerilog(log, dispose: false);
        builder.Services.AddSingleton(status);
        return await Generation.StartAsync(Compose(builder, catalog, connectionString, clock, log), server, catalog);
    }

    private static WebApplication Compose(WebApplicationBuilder builder, ModuleCatalog catalog, string connectionString,
        TimeProvider clock, Serilog.ILogger log)
    {
        var config = builder.Configuration;
        // Messages name fields as the JSON body does ("'code' 不能为空。"). Shared with every plugin.
        FluentValidation.ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : ProblemMapping.JsonName(member.Name);
        // A rule stops at its first failure: a later check of the same field never runs on a null it refused.
        FluentValidation.ValidatorOptions.Global.DefaultRuleLevelCascadeMode = FluentValidation.CascadeMode.Stop;

        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(clock);
        var officeClock = new OfficeClock(clock, OfficeClock.ZoneFrom(config));
        builder.Services.AddSingleton<Contracts.Kernel.IOfficeClock>(officeClock);
        builder.Services.AddStorage(connectionString, catalog, log);
        builder.Services.AddOperations(connectionString);
        builder.Services.AddSecurity(config);
        Telemetry.HostTelemetry.AddHostTelemetry(builder.Services, config);
        builder.Services.AddSingleton<AuditWriter>();
        builder.Services.AddSingleton<AuditActionNames>();
        builder.Services.AddHttpAudit();
        builder.Services.AddScoped<CommandAudit>();
        builder.Services.AddScoped<Contracts.Security.ICommandAudit, BatchCommandAudit>();
        builder.Services.AddScoped<IAuditTrail, AuditTrail>();
        builder.Services.AddSingleton<Tenancy.ModuleAccess>();
        builder.Services.AddHostedService<Tenancy.ModuleAccessRefresher>();
        builder.Services.AddScoped<OrgScope>();
        builder.Services.AddScoped<ICallerScope, CallerScope>();
        builder.Services.AddScoped<Shell.ConsoleShell>();
        builder.Services.AddScoped<Contracts.Shell.IDashboardCards, Shell.InboxCard>();
        builder.Services.AddScoped<NetInfoSuite.Ui.IUploadStash, Shell.UploadStash>();
        builder.Services.AddSingleton<Contracts.Notifications.INotificationChannel, Shell.LogNotificationChannel>();
        builder.Services.AddSingleton(new ExclusiveWork(connectionString));
        builder.Services.AddSingleton<PlatformCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PlatformCleanup>());
        builder.Services.AddHostedService<RecurringWorkRunner>();
        builder.Services.AddOutbox(config);
        // Modules name their own policies (IConfigureOptions<RateLimiterOptions>) and put them on their endpoints;
        // a refused request is 429: a problem in the caller's language, or for a browser the error page (status pages).
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) => ErrorPages.IsBrowser(context.HttpContext.Request) ? ValueTask.CompletedTask
                : new ValueTask(Results.Problem(statusCode: 429, type: "urn:netinfo:problem:too-many-requests",
                    title: new Contracts.Modularity.LocalizedText("请求过于频繁，请稍后再试", "Too many requests; try again later").Current)
                    .ExecuteAsync(context.HttpContext));
        });
        builder.Services.AddSingleton<GenerationRateLimiter>(); // the container disposes it with the generation
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["correlationId"] = c.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemMapping>();
        // Unreadable bodies and parameters become exceptions, so ProblemMapping can name the field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Times without an offset are office time; dates and text pass the edge rules (PlainText).
            o.SerializerOptions.AddPlainTextRules(new OfficeTimeJson(officeClock));
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All); // Chinese stays readable
        });
        builder.Services.AddRequestLocalization(o => o
            .SetDefaultCulture("zh-CN").AddSupportedCultures("zh-CN", "en").AddSupportedUICultures("zh-CN", "en"));
        // A county's local plugin stays out of the public API document, as it stays out of everything else.
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, context, _) =>
        {
            var local = catalog.Modules.Where(m => m.Tenant is not null).Select(m => $"/api/{m.Id}/").ToList();
            foreach (var path in document.Paths.Keys.Where(p => local.Any(l => p.StartsWith(l, StringComparison.Ordinal))).ToList())
                document.Paths.Remove(path);
            return Task.CompletedTask;
        }));
        builder.Services.AddRazorComponents();
        builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)); // Chinese as characters, not entities
        builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory(container =>
        {
            container.AddMediator();
            // Shared documents and the platform's own records (users, tokens, notifications, audit) always live in
            // the main database, whichever database the caller's tenant uses.
            container.RegisterModule(new SharedDataSessions(catalog.Loaded.Where(m => m.Manifest!.SharedData)
                .Select(m => m.Assembly!).Append(typeof(NetInfoApp).Assembly).ToHashSet()));
            foreach (var module in catalog.Loaded)
                container.AddModule(module, config);
        }));

        var app = builder.Build();

        app.UseTrustedProxies(config); // first: everything after it sees the client's address, not the proxy's
        app.UseCorrelationId();
        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging(o => o.Logger = log);
        app.UseRequestLocalization(); // before the exception handler, so problems speak the caller's language
        app.UseErrorPages(); // exceptions and bare 401/403/404 become ProblemDetails, or for a browser a page in the shell
        app.UsePlainTextRules();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.EmbeddedFileProvider(typeof(NetInfoApp).Assembly, "NetInfoSuite.Host.wwwroot"),
        });
        app.Use(app.Services.GetRequiredService<GenerationRateLimiter>().Create); // UseRateLimiter(), let go with the generation
        app.UseSecurity();
        app.UseExportAudit();
        app.UseWorkbookGuard();
        app.UseModulePages(catalog);
        app.UseAntiforgery();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        app.MapRazorComponents<Ui.App>()
            .AddAdditionalAssemblies(catalog.Loaded.Select(m => m.Assembly!).ToArray());
        app.MapConsoleLanguage();
        app.MapPost("/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(SecuritySetup.CookieScheme);
            return Results.Redirect("/sign-in");
        }).ExcludeFromDescription().RequirePermission(Contracts.Security.RequiresPermissionAttribute.AnyUser);
        app.MapOperations();
        app.MapAuth();
        app.MapUsers();
        app.MapNotifications();
        app.MapAudit();
        app.MapOutbox();
        app.MapModuleSettings();
        app.MapModules(catalog, log);
        return app;
    }

    /// <summary>The embedded server as a service of the outer host: the container stops it when the host is disposed.</summary>
    private sealed class EmbeddedDatabase(IAsyncDisposable server) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => server.DisposeAsync();
    }
}
