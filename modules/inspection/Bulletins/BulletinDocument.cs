using NetInfoSuite.Modules.Inspection.Scoring;
using NetInfoSuite.Ui;
using static NetInfoSuite.Ui.OfficialDocx;

namespace NetInfoSuite.Modules.Inspection.Bulletins;

/// <summary>The bulletin's text, written once for the preview, the print view and the .docx: each group's ranking, the
/// problems found (failed vetoes, deductions, and manual scores below full with the inspectors' comments) and the rectification requirement. An
/// official document, so Chinese whatever the console's language.</summary>
internal static class BulletinDocument
{
    public static BulletinText Compose(BulletinView b, string? number, DateOnly date, DateOnly deadline)
    {
        var p = b.Sheet.Plan;
        var paragraphs = new List<BulletinParagraph>();
        void Add(Part kind, string text) => paragraphs.Add(new(kind, text));
        var targets = b.Sheet.Groups.Sum(g => g.Rows.Count);
        Add(Part.Body, $"根据《{p.Name}》，对{targets}个单位{p.From:yyyy年M月d日}至{p.To:yyyy年M月d日}的工作进行了督导考评。" +
            $"{(p.Status == PlanStatus.Published ? "" : "（考评尚未发布，以下为当前结果。）")}现将结果通报如下。");
        var n = 0;
        foreach (var g in b.Sheet.Groups)
        {
            Add(Part.Heading, $"{Numeral(++n)}、{g.Name}考评结果");
            foreach (var r in g.Rows)
                Add(Part.Body, $"第{r.Rank}名　{r.UnitName}　{InspectionText.Points(r.Total)}分　{r.Grade}{(r.Vetoed ? "（单项否决）" : "")}");
        }
        Add(Part.Heading, $"{Numeral(++n)}、存在的问题");
        if (b.Problems.Count == 0) Add(Part.Body, "本次考评未发现扣分和否决事项。");
        var i = 0;
        foreach (var x in b.Problems)
            Add(Part.Body, $"{++i}．{x.UnitName}：{x.Indicator}{(x.Vetoed ? "，单项否决" : $"，扣{InspectionText.Points(x.Deducted)}分")}" +
                $"{(x.Findings > 0 ? $"（{x.Findings}处）" : "")}{(x.Comment is { } c ? $"。{c}" : "")}");
        Add(Part.Heading, $"{Numeral(++n)}、整改要求");
        Add(Part.Body, $"请存在问题的单位认真整改，于{deadline:yyyy年M月d日}前将整改情况书面报送{p.OwnerName}。");
        Add(Part.Seal, p.OwnerName);
        Add(Part.Seal, date.ToString("yyyy年M月d日"));
        return new BulletinText(p.OwnerName, number, $"关于{p.Year}年度{p.Name}结果的通报", paragraphs);
    }

    public static byte[] Docx(BulletinText text) => Build(text.Issuer, text.Number, text.Title, text.Paragraphs.Select(x => (x.Kind, x.Text)));

    private static string Numeral(int n) => n switch { 1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", 9 => "九", _ => n.ToString() };
}
