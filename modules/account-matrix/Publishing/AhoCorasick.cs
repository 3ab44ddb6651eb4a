namespace NetInfoSuite.Modules.AccountMatrix.Publishing;

/// <summary>Multi-pattern search (Aho–Corasick): every occurrence of every word in one pass over the text, however
/// long the dictionary. Built once per dictionary version.</summary>
internal sealed class AhoCorasick
{
    private readonly List<Dictionary<char, int>> _next = [new()];
    private readonly List<int> _fail = [0];
    private readonly List<List<int>> _out = [[]];
    private readonly IReadOnlyList<string> _words;

    public AhoCorasick(IReadOnlyList<string> words)
    {
        _words = words;
        for (var w = 0; w < words.Count; w++)
        {
            var state = 0;
            foreach (var c in words[w])
            {
                if (!_next[state].TryGetValue(c, out var to))
                {
                    to = _next.Count;
                    _next.Add([]);
                    _fail.Add(0);
                    _out.Add([]);
                    _next[state][c] = to;
                }
                state = to;
            }
            _out[state].Add(w);
        }
        // Breadth first: each state's failure link is the longest proper suffix that is also a prefix of some word.
        var queue = new Queue<int>(_next[0].Values);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var (c, to) in _next[state])
            {
                queue.Enqueue(to);
                var f = _fail[state];
                while (f != 0 && !_next[f].ContainsKey(c)) f = _fail[f];
                _fail[to] = _next[f].TryGetValue(c, out var t) && t != to ? t : 0;
                _out[to].AddRange(_out[_fail[to]]);
            }
        }
    }

    /// <summary>(word index, start position) of every occurrence, in text order.</summary>
    public IEnumerable<(int Word, int Position)> Find(string text)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            while (state != 0 && !_next[state].ContainsKey(text[i])) state = _fail[state];
            state = _next[state].GetValueOrDefault(text[i]);
            foreach (var w in _out[state]) yield return (w, i - _words[w].Length + 1);
        }
    }
}
