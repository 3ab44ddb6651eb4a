namespace NetInfoSuite.Contracts;

/// <summary>The contracts version. A module's manifest captures it at compile time (a const),
/// so the host knows which contracts a plugin was built against. Major = breaking.</summary>
public static class ContractsInfo
{
    public const string Version = "1.11";
}
