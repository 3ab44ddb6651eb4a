namespace NetInfoSuite.Modules.NetInfoModuleTemplate.Domain;

/// <summary>The module's document, stored by Marten in the module's own schema.</summary>
internal sealed class NetInfoModuleTemplateRecord
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
