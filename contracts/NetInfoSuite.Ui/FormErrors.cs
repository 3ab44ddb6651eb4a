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
            store.Add(edit.Field(property), edit.Worded(property, violation));
        }
        edit.NotifyValidationStateChanged();
    }

    private static readonly object LabelsKey = new();

    /// <summary>Names a field as the form shows it (<see cref="Field{TValue}"/> and <see cref="Choices{TValue}"/> do this).</summary>
    public static void Label(this EditContext edit, string fieldName, string label)
    {
        if (!edit.Properties.TryGetValue(LabelsKey, out var labels))
            edit.Properties[LabelsKey] = labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        ((Dictionary<string, string>)labels)[fieldName] = label;
    }

    /// <summary>A refusal in the caller's language, the field named by its label ("「标题」不能为空。") instead of the
    /// request's name for it ("'title' 不能为空。").</summary>
    public static string Worded(this EditContext edit, string fieldName, Violation violation)
    {
        var message = Text.T(violation.MessageZhCn, violation.MessageEn);
        if (!edit.Properties.TryGetValue(LabelsKey, out var labels) ||
            !((Dictionary<string, string>)labels).TryGetValue(fieldName, out var label))
            return message;
        var quoted = System.Text.RegularExpressions.Regex.Match(message, "'([^']+)'");
        var named = quoted.Success && (string.Equals(quoted.Groups[1].Value, violation.Field, StringComparison.OrdinalIgnoreCase) ||
                                       string.Equals(quoted.Groups[1].Value, fieldName, StringComparison.OrdinalIgnoreCase) ||
                                       violation.Field.EndsWith("." + quoted.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
        if (!named) return message;
        // Chinese needs no space after 」 ("「标题」不能为空。", not "'title' 不能为空。").
        var length = Text.T("zh", "en") == "zh" && message.Length > quoted.Index + quoted.Length && message[quoted.Index + quoted.Length] == ' '
            ? quoted.Length + 1 : quoted.Length;
        return message.Remove(quoted.Index, length).Insert(quoted.Index, Text.T($"「{label}」", $"'{label}'"));
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
