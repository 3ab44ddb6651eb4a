using Autofac;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Contracts.AccountMatrix;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.TestPlugins.TestConnector;

/// <summary>A platform connector as a county would deploy one: it sends to Bilibili and Kuaishou only (it answers with
/// the post's link), so every other platform's pieces wait for a person.</summary>
public sealed class TestConnectorModule : IModule
{
    public ModuleManifest Manifest { get; } = new("test-connector", new("测试发布通道", "Test connector"), "0.1.0", "test", ["account-matrix"]);

    public void Register(ContainerBuilder services, IConfiguration configuration) =>
        services.RegisterType<TestConnector>().As<IPublisherAdapter>().SingleInstance();

    public void ConfigureStorage(StoreOptions storage) { }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) { }
}

internal sealed class TestConnector : IPublisherAdapter
{
    public IReadOnlyCollection<string> Platforms => ["Bilibili", "Kuaishou"];

    public Task<string?> PublishAsync(OutgoingPiece piece, CancellationToken cancellationToken) =>
        Task.FromResult<string?>($"https://connector.test/{piece.PublicationId:N}/{piece.AccountId:N}");
}
