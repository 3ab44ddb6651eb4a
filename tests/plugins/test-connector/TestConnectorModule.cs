using Autofac;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using NetInfoSuite.Contracts.AccountMatrix;
using NetInfoSuite.Contracts.Modularity;

namespace NetInfoSuite.TestPlugins.TestConnector;

/// <summary>A platform connector as a county would deploy one: it sends to Bilibili and Kuaishou only (it answers with
/// the post's link), so every other platform's pieces wait for a person. Each send is written down (test_connector.
/// mt_doc_connectorsend), as the platform would show the post: how the reliability suite counts pieces sent twice.</summary>
public sealed class TestConnectorModule : IModule
{
    public ModuleManifest Manifest { get; } = new("test-connector", new("测试发布通道", "Test connector"), "0.1.0", "test", ["account-matrix"]);

    public void Register(ContainerBuilder services, IConfiguration configuration) =>
        services.RegisterType<TestConnector>().As<IPublisherAdapter>().SingleInstance();

    public void ConfigureStorage(StoreOptions storage) => storage.Schema.For<ConnectorSend>().DatabaseSchemaName(Manifest.Schema);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) { }
}

/// <summary>One piece as the platform received it.</summary>
public sealed class ConnectorSend
{
    public Guid Id { get; set; }
    public Guid PublicationId { get; set; }
    public Guid AccountId { get; set; }
}

internal sealed class TestConnector(IDocumentStore store) : IPublisherAdapter
{
    public IReadOnlyCollection<string> Platforms => ["Bilibili", "Kuaishou"];

    public async Task<string?> PublishAsync(OutgoingPiece piece, CancellationToken cancellationToken)
    {
        // Committed on its own, as a post on the platform stays whatever becomes of the sender afterwards.
        await using var session = store.LightweightSession();
        session.Store(new ConnectorSend { Id = Guid.CreateVersion7(), PublicationId = piece.PublicationId, AccountId = piece.AccountId });
        await session.SaveChangesAsync(cancellationToken);
        return $"https://connector.test/{piece.PublicationId:N}/{piece.AccountId:N}";
    }
}
