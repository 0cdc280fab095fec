using System.Text;
using System.Text.Json.Nodes;

namespace Triage.Hosting.Tests.Api;

/// <summary>One hostile call: a body (bytes, so it can be invalid UTF-8), its content type, and which
/// kind of damage it carries.</summary>
public sealed record HostileBody(string Kind, byte[] Body, string? ContentType = "application/json");

/// <summary>
/// Bodies that are invalid by construction: each mutation of a valid body breaks a rule for sure
/// (a required field gone, a wrong type, an unknown property, a number out of range, a string too
/// long, nesting too deep, broken UTF-8, truncated or garbled JSON, a date in the past, …), so any
/// 2xx is a bug as much as a 5xx is. Seeded, so a failure can be replayed.
/// </summary>
public sealed class HostileBodies(int seed)
{
    private static readonly string[] RequiredPaths =
        ["title", "summary", "items", "requestedStart", "contact", "contact.name", "contact.email", "items[0].area", "items[0].location", "items[0].participants", "items[0].weeks"];

    private static readonly string[] StringPaths = ["title", "summary", "contact.name", "contact.email", "items[0].area", "items[0].location"];
    private static readonly string[] NumberPaths = ["items[0].participants", "items[0].weeks"];

    private readonly Random random = new(seed);

    public static JsonObject ValidRequest() => new()
    {
        ["title"] = "Officer training",
        ["summary"] = "Train officers, in country.",
        ["items"] = new JsonArray(new JsonObject { ["area"] = "education-and-training", ["participants"] = 5, ["weeks"] = 2, ["location"] = "in-country" }),
        ["requestedStart"] = DateTime.UtcNow.AddMonths(2).ToString("yyyy-MM-dd"),
        ["contact"] = new JsonObject { ["name"] = "Desk officer", ["email"] = "desk@example.org" },
    };

    public IEnumerable<HostileBody> Requests(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return NextRequest();
        }
    }

    public HostileBody NextRequest()
    {
        var body = ValidRequest();
        switch (random.Next(22))
        {
            case 0:
                Remove(body, Pick(RequiredPaths));
                return Json("missing-field", body);
            case 1:
                var stringPath = Pick(StringPaths);
                Set(body, stringPath, Pick<JsonNode?>([JsonValue.Create(random.Next()), JsonValue.Create(true), new JsonArray(), new JsonObject(), JsonValue.Create(1.5)]));
                return Json("wrong-type-string", body);
            case 2:
                Set(body, Pick(NumberPaths), Pick<JsonNode?>([JsonValue.Create("5"), JsonValue.Create(true), new JsonArray(1), new JsonObject(), null]));
                return Json("wrong-type-number", body);
            case 3:
                Set(body, Pick(["items", "contact", "requestedStart"]), Pick<JsonNode?>([JsonValue.Create(7), JsonValue.Create("x"), JsonValue.Create(false), null]));
                return Json("wrong-type-structure", body);
            case 4:
                var target = Pick(["", "contact", "items[0]"]);
                var holder = target == "" ? body : (JsonObject)Get(body, target)!;
                holder["x_" + random.Next(1_000_000)] = Pick<JsonNode?>([JsonValue.Create(1), JsonValue.Create("surprise"), null, new JsonObject()]);
                return Json("unknown-property", body);
            case 5:
                return Raw("huge-number", ReplaceNumber(body, Pick(NumberPaths), Pick(["0", "-1", "5001", "100000", "2147483648", "-2147483649", "1e30", "1.5", "1e400", "99999999999999999999999999999"])));
            case 6:
                var longPath = Pick(StringPaths);
                var limit = longPath switch { "summary" => 4000, "contact.email" => 254, "items[0].area" or "items[0].location" => 64, _ => 200 };
                Set(body, longPath, new string(Pick(['a', 'é', '汉', ' ']), limit + 1 + random.Next(limit * 20)));
                return Json("long-string", body);
            case 7:
                var depth = Pick([33, 65, 500, 5000, 20000]);
                var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                var close = open == "[" ? "]" : "}";
                var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
                return Raw("deep-nesting", Encoding.UTF8.GetBytes(body.ToJsonString().Replace("\"Officer training\"", nested, StringComparison.Ordinal)));
            case 8:
                var text = Encoding.UTF8.GetBytes(body.ToJsonString());
                var at = Array.IndexOf(text, (byte)'O');
                byte[] bad = Pick<byte[]>([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]);
                return Raw("invalid-utf8", [.. text[..at], .. bad, .. text[at..]]);
            case 9:
                var full = Encoding.UTF8.GetBytes(body.ToJsonString());
                return Raw("truncated", full[..random.Next(full.Length - 1)]);
            case 10:
                var junk = new byte[1 + random.Next(2000)];
                random.NextBytes(junk);
                return Raw("random-bytes", junk);
            case 11:
                Set(body, "requestedStart", Pick(new[]
                {
                    DateTime.UtcNow.AddDays(-1 - random.Next(5000)).ToString("yyyy-MM-dd"), "2026-02-30", "tomorrow", "20260101", "0001-01-01", "9999-12-31", "",
                }));
                return Json("bad-date", body);
            case 12:
                Set(body, Pick(["title", "contact.name", "summary"]), "Officer\u0000training\u0007" + (char)random.Next(1, 8));
                return Json("control-characters", body);
            case 13:
                return Raw("duplicate-property", Encoding.UTF8.GetBytes(body.ToJsonString().Replace("{\"title\":", "{\"title\":\"first\",\"title\":", StringComparison.Ordinal)));
            case 14:
                return Raw("not-an-object", Encoding.UTF8.GetBytes(Pick(["null", "[]", "1", "\"request\"", "true", "[{}]", "", " ", "{}"])));
            case 15:
                var items = new JsonArray();
                for (var i = 0; i < 51 + random.Next(150); i++)
                {
                    items.Add(new JsonObject { ["area"] = "education-and-training", ["participants"] = 1, ["weeks"] = 1, ["location"] = "in-country" });
                }

                body["items"] = items;
                return Json("too-many-items", body);
            case 16:
                Set(body, "contact.email", Pick(["no-at-sign", "a@b", "a b@c.de", "@x.org", "x@.", "x@y.z", "<script>@x.org"]));
                return Json("bad-email", body);
            case 17:
                return new HostileBody("wrong-content-type", Encoding.UTF8.GetBytes(body.ToJsonString()),
                    Pick<string?>(["text/plain", "application/xml", "multipart/form-data; boundary=x", null, "application/json; charset=latin1", "application/x-www-form-urlencoded", "json"]));
            case 18:
                return Raw("garbled-structure", Garble(body.ToJsonString()));
            case 19:
                Set(body, "items[0].area", Pick(["<script>alert(1)</script>", "'; DROP TABLE Requests;--", "../../etc/passwd", "a b", "area\u2028", "x/y", "#", "?"]));
                return Json("hostile-area", body);
            case 20:
                body["items"] = Pick<JsonArray>([new JsonArray((JsonNode?)null), new JsonArray(), new JsonArray(1, 2)]);
                return Json("bad-items", body);
            default:
                // Written by hand: a JSON writer would replace a lone surrogate with U+FFFD.
                Set(body, "summary", "SURROGATE");
                var escaped = Pick(["\\ud800", "a\\udc00b", "\\udfff\\ud800", "\\ud83d"]);
                return Raw("lone-surrogate", Encoding.UTF8.GetBytes(body.ToJsonString().Replace("SURROGATE", escaped, StringComparison.Ordinal)));
        }
    }

    /// <summary>Invalid bodies for the other POST routes (decisions, contributions, quotes).</summary>
    public HostileBody NextSmall(JsonObject valid, string[] requiredFields)
    {
        var body = (JsonObject)valid.DeepClone();
        switch (random.Next(8))
        {
            case 0:
                body.Remove(Pick(requiredFields));
                return Json("missing-field", body);
            case 1:
                body[Pick(requiredFields)] = Pick<JsonNode?>([new JsonArray(), new JsonObject(), JsonValue.Create(true)]);
                return Json("wrong-type", body);
            case 2:
                body["x_" + random.Next(1000)] = 1;
                return Json("unknown-property", body);
            case 3:
                var full = Encoding.UTF8.GetBytes(body.ToJsonString());
                return Raw("truncated", full[..random.Next(full.Length - 1)]);
            case 4:
                var junk = new byte[1 + random.Next(500)];
                random.NextBytes(junk);
                return Raw("random-bytes", junk);
            case 5:
                return Raw("not-an-object", Encoding.UTF8.GetBytes(Pick(["null", "[]", "0", "\"x\"", ""])));
            case 6:
                return new HostileBody("wrong-content-type", Encoding.UTF8.GetBytes(body.ToJsonString()), Pick<string?>(["text/plain", null, "application/xml"]));
            default:
                return Raw("garbled-structure", Garble(body.ToJsonString()));
        }
    }

    private static HostileBody Json(string kind, JsonNode body) => new(kind, Encoding.UTF8.GetBytes(body.ToJsonString()));

    private static HostileBody Raw(string kind, byte[] body) => new(kind, body);

    private T Pick<T>(IReadOnlyList<T> options) => options[random.Next(options.Count)];

    // Replaces one structural character outside strings with a letter: never valid JSON afterwards.
    private byte[] Garble(string json)
    {
        var positions = new List<int>();
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '}' or '[' or ']' or ':' or ',')
            {
                positions.Add(i);
            }
        }

        var chars = json.ToCharArray();
        chars[Pick(positions)] = Pick(['x', 'q', '@', ';', '=']);
        return Encoding.UTF8.GetBytes(chars);
    }

    private static byte[] ReplaceNumber(JsonObject body, string path, string literal)
    {
        Set(body, path, 424242);
        return Encoding.UTF8.GetBytes(body.ToJsonString().Replace("424242", literal, StringComparison.Ordinal));
    }

    private static JsonNode? Get(JsonObject body, string path)
    {
        JsonNode? node = body;
        foreach (var part in path.Replace("[0]", ".0", StringComparison.Ordinal).Split('.'))
        {
            node = part == "0" ? node![0] : node![part];
        }

        return node;
    }

    private static void Set(JsonObject body, string path, JsonNode? value)
    {
        var (parent, name) = Parent(body, path);
        parent[name] = value;
    }

    private static void Set(JsonObject body, string path, string value) => Set(body, path, JsonValue.Create(value));

    private static void Remove(JsonObject body, string path)
    {
        var (parent, name) = Parent(body, path);
        parent.Remove(name);
    }

    private static (JsonObject Parent, string Name) Parent(JsonObject body, string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? (body, path) : ((JsonObject)Get(body, path[..dot])!, path[(dot + 1)..]);
    }
}
