using Microsoft.AspNetCore.Components.Forms;
using NetInfoSuite.Contracts.Errors;

namespace NetInfoSuite.Ui;

/// <summary>Puts refusals (FluentValidation or business rules, as the API's ProblemDetails name them) beside
/// the form's fields. A field is matched by name ("parentId" → ParentId, "rows[3].code" → Rows); what matches no
/// field is shown by <see cref="FormProblem"/> at the top of the form.</summary>
public static class FormErrors
{
    public const string FormLevel = "_form";

    public static void Show(this EditContext edit, ValidationMessageStore store, RuleViolationException refused,
        IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        store.Clear();
        var properties = edit.Model.GetType().GetProperties().Select(p => p.Name).ToList();
        // Validators name fields as the C# path ("Licence.Number"), rules as the JSON body does ("licence.validTo").
        var names = fieldNames is null ? null : new Dictionary<string, string>(fieldNames, StringComparer.OrdinalIgnoreCase);
        foreach (var violation in refused.Violations)
        {
            var apiName = violation.Field.Split('.', '[')[0];
            var property = names?.GetValueOrDefault(violation.Field) ?? names?.GetValueOrDefault(apiName)
                ?? properties.FirstOrDefault(p => string.Equals(p, apiName, StringComparison.OrdinalIgnoreCase))
                ?? FormLevel;
            store.Add(edit.Field(property), Text.T(violation.MessageZhCn, violation.MessageEn));
        }
        edit.NotifyValidationStateChanged();
    }

    /// <summary>Runs a command for a form: true when it went through, false when its refusals now show.</summary>
    public static async Task<bool> TryAsync(this EditContext edit, ValidationMessageStore store, Func<Task> send,
        IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        store.Clear();
        edit.NotifyValidationStateChanged();
        try
        {
            await send();
            return true;
        }
        catch (RuleViolationException refused)
        {
            edit.Show(store, refused, fieldNames);
            return false;
        }
    }
}
