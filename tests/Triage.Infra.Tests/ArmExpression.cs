using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Triage.Infra.Tests;

/// <summary>
/// Evaluates a compiled template's variable the way Azure Resource Manager would, for the handful of
/// template functions the parameter checks use (no Azure needed). Unknown functions throw, so a check
/// rewritten with other functions fails loudly here instead of passing untested. <c>if</c> evaluates
/// only the branch taken, as ARM does, so <c>fail()</c> throws <see cref="ArmFailException"/> only when
/// reached.
/// </summary>
internal sealed class ArmExpression(JsonObject template, IReadOnlyDictionary<string, object> parameters)
{
    private readonly Dictionary<string, object> lambdaVariables = [];
    private string text = "";
    private int position;

    public object Variable(string name)
    {
        var value = template["variables"]?[name] ?? throw new KeyNotFoundException($"No variable '{name}' in the template.");
        return value is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith('[') && s.EndsWith(']')
            ? Evaluate(s[1..^1])
            : FromJson(value);
    }

    private object Evaluate(string expression)
    {
        var (savedText, savedPosition) = (text, position);
        (text, position) = (expression, 0);
        try
        {
            var node = Parse();
            SkipSpace();
            if (position != text.Length)
            {
                throw new FormatException($"Unexpected '{text[position..]}' in {text}");
            }

            return Run(node);
        }
        finally
        {
            (text, position) = (savedText, savedPosition);
        }
    }

    // ---- parsing: calls, 'strings', integers, x[index] ----

    private abstract record Node;

    private sealed record Literal(object Value) : Node;

    private sealed record Call(string Name, IReadOnlyList<Node> Arguments) : Node;

    private sealed record Index(Node Target, Node Key) : Node;

    private Node Parse()
    {
        SkipSpace();
        Node node;
        if (text[position] == '\'')
        {
            node = new Literal(ParseString());
        }
        else if (char.IsDigit(text[position]) || text[position] == '-')
        {
            var start = position++;
            while (position < text.Length && char.IsDigit(text[position]))
            {
                position++;
            }

            node = new Literal(long.Parse(text[start..position], CultureInfo.InvariantCulture));
        }
        else
        {
            var start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            var name = text[start..position];
            Expect('(');
            var arguments = new List<Node>();
            SkipSpace();
            if (text[position] != ')')
            {
                arguments.Add(Parse());
                SkipSpace();
                while (text[position] == ',')
                {
                    position++;
                    arguments.Add(Parse());
                    SkipSpace();
                }
            }

            Expect(')');
            node = new Call(name, arguments);
        }

        SkipSpace();
        while (position < text.Length && text[position] == '[')
        {
            position++;
            var key = Parse();
            Expect(']');
            node = new Index(node, key);
            SkipSpace();
        }

        return node;
    }

    private string ParseString()
    {
        var result = new StringBuilder();
        position++;
        while (true)
        {
            if (text[position] == '\'')
            {
                if (position + 1 < text.Length && text[position + 1] == '\'')
                {
                    result.Append('\'');
                    position += 2;
                    continue;
                }

                position++;
                return result.ToString();
            }

            result.Append(text[position++]);
        }
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (position >= text.Length || text[position] != c)
        {
            throw new FormatException($"Expected '{c}' at {position} in {text}");
        }

        position++;
    }

    private void SkipSpace()
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }

    // ---- evaluation ----

    private object Run(Node node) => node switch
    {
        Literal l => l.Value,
        Index i => Run(i.Target) switch
        {
            List<object> list => list[(int)(long)Run(i.Key)],
            var other => throw new NotSupportedException($"Cannot index {other}."),
        },
        Call c => Apply(c),
        _ => throw new NotSupportedException(node.ToString()),
    };

    private object Apply(Call call)
    {
        object Arg(int i) => Run(call.Arguments[i]);
        string Str(int i) => (string)Arg(i);
        switch (call.Name)
        {
            case "parameters":
                return parameters[Str(0)];
            case "variables":
                return Variable(Str(0));
            case "lambdaVariables":
                return lambdaVariables[Str(0)];
            case "if":
                return (bool)Arg(0) ? Arg(1) : Arg(2);
            case "fail":
                throw new ArmFailException(Str(0));
            case "and":
                return call.Arguments.All(a => (bool)Run(a));
            case "not":
                return !(bool)Arg(0);
            case "length":
                return Arg(0) switch { string s => (long)s.Length, List<object> l => (long)l.Count, var o => throw new NotSupportedException($"length({o})") };
            case "empty":
                return Arg(0) switch { string s => s.Length == 0, List<object> l => l.Count == 0, null => true, var o => throw new NotSupportedException($"empty({o})") };
            case "toLower":
                return Str(0).ToLowerInvariant();
            case "substring":
                return Str(0).Substring((int)(long)Arg(1), (int)(long)Arg(2));
            case "contains":
                return Arg(0) switch
                {
                    string s => s.Contains(Str(1), StringComparison.Ordinal),
                    List<object> l => l.Contains(Arg(1)),
                    var o => throw new NotSupportedException($"contains({o})"),
                };
            case "range":
                return Enumerable.Range((int)(long)Arg(0), (int)(long)Arg(1)).Select(i => (object)(long)i).ToList();
            case "format":
                return string.Format(CultureInfo.InvariantCulture, Str(0), call.Arguments.Skip(1).Select(Run).ToArray());
            case "map":
                return ((List<object>)Arg(0)).Select(item => Invoke(call.Arguments[1], item)).ToList();
            case "filter":
                return ((List<object>)Arg(0)).Where(item => (bool)Invoke(call.Arguments[1], item)).ToList();
            default:
                throw new NotSupportedException($"The test's ARM evaluator does not know '{call.Name}()'; teach it, or keep the check to the functions it knows.");
        }
    }

    // lambda('x', body) applied to one item.
    private object Invoke(Node lambda, object item)
    {
        if (lambda is not Call { Name: "lambda", Arguments: [Literal { Value: string name }, var body] })
        {
            throw new NotSupportedException($"Expected lambda('name', body), got {lambda}.");
        }

        lambdaVariables[name] = item;
        try
        {
            return Run(body);
        }
        finally
        {
            lambdaVariables.Remove(name);
        }
    }

    private static object FromJson(JsonNode node) => node switch
    {
        JsonArray a => a.Select(n => FromJson(n!)).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        _ => throw new NotSupportedException(node.ToJsonString()),
    };
}

/// <summary>The template's <c>fail()</c> was reached: the deployment would stop with this message.</summary>
internal sealed class ArmFailException(string message) : Exception(message);
