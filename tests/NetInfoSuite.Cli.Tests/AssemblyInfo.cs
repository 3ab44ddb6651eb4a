[assembly: Xunit.AssemblyFixture(typeof(NetInfoSuite.Testing.PostgresServer))]
