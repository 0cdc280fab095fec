using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Triage.LocalHost;
using Triage.Application.Identity;

namespace Triage.Hosting.Tests.Api;

/// <summary>The shared token validator, the development key and the <c>token</c> command.</summary>
public sealed class IdentityTests : IDisposable
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly string keyFile = Path.Combine(Path.GetTempPath(), $"triage-dev-key-{Guid.NewGuid():N}");

    private AuthSettings Settings => new() { Issuer = AuthSettings.DefaultIssuer, SigningKey = key, KeySource = "test" };

    public void Dispose()
    {
        if (File.Exists(keyFile))
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task ValidToken_GivesCallerWithEveryClaim()
    {
        var token = DevTokens.Mint(Settings, new TokenRequest("ada", [TriageRoles.Approver, TriageRoles.Admin], Partner: "lby", Steps: ["ASG-P", "dsg"], Name: "Ada"));
        var outcome = await new TriageTokenValidator(Settings).ValidateHeaderAsync("Bearer " + token);

        Assert.True(outcome.Succeeded, outcome.ErrorDescription);
        var caller = outcome.Caller!;
        Assert.Equal("ada", caller.Subject);
        Assert.Equal("Ada", caller.Name);
        Assert.Equal("LBY", caller.Partner);
        Assert.True(caller.IsApprover && caller.IsAdmin && !caller.IsPartner);
        Assert.True(caller.HoldsStep("asg-p") && caller.HoldsStep("dsg") && !caller.HoldsStep("desk-officer"));
    }

    [Theory]
    [InlineData("array")]
    [InlineData("string")]
    [InlineData("comma-separated")]
    public async Task Roles_AsArrayStringOrList_AreAllRead(string shape)
    {
        JsonNode roles = shape switch
        {
            "array" => new JsonArray("partner", "admin"),
            "string" => JsonValue.Create("admin")!,
            _ => JsonValue.Create("partner, admin")!,
        };
        var token = Hs256(new JsonObject { ["sub"] = "x", ["roles"] = roles, ["iss"] = "triage-dev", ["aud"] = "triage-api", ["exp"] = Exp(60) }, key);

        var caller = (await new TriageTokenValidator(Settings).ValidateTokenAsync(token)).Caller;

        Assert.NotNull(caller);
        Assert.True(caller.IsAdmin);
        Assert.Equal(shape != "string", caller.IsPartner);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "no header", "" },
        { "basic scheme", "Basic dXNlcjpwYXNz" },
        { "garbage", "Bearer not.a.jwt" },
        { "empty bearer", "Bearer " },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task MalformedHeaders_AreRefused(string why, string header)
    {
        var outcome = await new TriageTokenValidator(Settings).ValidateHeaderAsync(header);
        Assert.False(outcome.Succeeded, why);
    }

    [Fact]
    public async Task ForgedExpiredWrongAudienceWrongIssuerUnsignedAndNoSubject_AreAllRefused()
    {
        var validator = new TriageTokenValidator(Settings);
        var valid = new JsonObject { ["sub"] = "x", ["roles"] = new JsonArray("admin"), ["iss"] = "triage-dev", ["aud"] = "triage-api", ["exp"] = Exp(60) };
        var cases = new Dictionary<string, string>
        {
            ["forged"] = Hs256(valid, RandomNumberGenerator.GetBytes(32)),
            ["expired"] = DevTokens.Mint(Settings, new TokenRequest("x", ["admin"], IssuedAt: DateTimeOffset.UtcNow.AddHours(-2), Lifetime: TimeSpan.FromHours(1))),
            ["not yet valid"] = DevTokens.Mint(Settings, new TokenRequest("x", ["admin"], IssuedAt: DateTimeOffset.UtcNow.AddHours(1))),
            ["wrong audience"] = DevTokens.Mint(Settings, new TokenRequest("x", ["admin"], Audience: "other")),
            ["wrong issuer"] = DevTokens.Mint(Settings, new TokenRequest("x", ["admin"], Issuer: "https://evil.example")),
            ["alg none"] = ApiHostFixture.Unsigned(valid),
            ["alg none, signature kept"] = ApiHostFixture.Unsigned(valid) + Hs256(valid, key).Split('.')[2],
            ["no expiry"] = Hs256(new JsonObject { ["sub"] = "x", ["roles"] = "admin", ["iss"] = "triage-dev", ["aud"] = "triage-api" }, key),
            ["no subject"] = Hs256(new JsonObject { ["roles"] = "admin", ["iss"] = "triage-dev", ["aud"] = "triage-api", ["exp"] = Exp(60) }, key),
            ["tampered payload"] = Tamper(DevTokens.Mint(Settings, new TokenRequest("x", ["partner"], Partner: "LBY"))),
        };

        foreach (var (why, token) in cases)
        {
            var outcome = await validator.ValidateTokenAsync(token);
            Assert.False(outcome.Succeeded, why);
            Assert.Equal("invalid_token", outcome.Error);
        }
    }

    [Fact]
    public async Task MalformedPartnerClaim_MakesNoPartner()
    {
        var token = DevTokens.Mint(Settings, new TokenRequest("x", ["partner"], Partner: "LIBYA"));
        var caller = (await new TriageTokenValidator(Settings).ValidateTokenAsync(token)).Caller!;
        Assert.Null(caller.Partner);
    }

    [Fact]
    public void Settings_Defaults_UseDevelopmentKeyFile_CreatedOnceAndReused()
    {
        var first = AuthSettings.FromConfiguration(Config(new() { [DevelopmentKey.FileSetting] = keyFile }));
        var second = AuthSettings.FromConfiguration(Config(new() { [DevelopmentKey.FileSetting] = keyFile }));

        Assert.Equal("triage-dev", first.Issuer);
        Assert.Equal("triage-api", first.Audience);
        Assert.Equal(32, first.SigningKey!.Length);
        Assert.Equal(first.SigningKey, second.SigningKey);
        Assert.Contains(keyFile, first.KeySource, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public void Settings_WithAuthority_NeverUseAKey()
    {
        var settings = AuthSettings.FromConfiguration(Config(new()
        {
            ["Auth:Authority"] = "https://login.microsoftonline.com/tenant/v2.0",
            ["Auth:SigningKey"] = Convert.ToBase64String(key),
            [DevelopmentKey.FileSetting] = keyFile,
        }));

        Assert.Null(settings.SigningKey);
        Assert.Null(settings.Issuer);
        Assert.False(File.Exists(keyFile));
        Assert.Throws<InvalidOperationException>(() => DevTokens.Mint(settings, new TokenRequest("x", ["admin"])));
    }

    [Theory]
    [InlineData("Auth:SigningKey", "c2hvcnQ=")]
    [InlineData("Auth:SigningKey", "not base64!")]
    [InlineData("Auth:Authority", "http://insecure.example")]
    [InlineData("Auth:DevelopmentKey", "false")]
    [InlineData("WEBSITE_SITE_NAME", "triage-prod")]
    public async Task Settings_Unusable_RefuseEveryToken(string setting, string value)
    {
        var settings = AuthSettings.FromConfiguration(Config(new() { [setting] = value, [DevelopmentKey.FileSetting] = keyFile }));
        var token = DevTokens.Mint(Settings, new TokenRequest("x", ["admin"]));

        Assert.NotNull(settings.ConfigurationError);
        Assert.False((await new TriageTokenValidator(settings).ValidateTokenAsync(token)).Succeeded);
        Assert.False(File.Exists(keyFile));
    }

    [Fact]
    public async Task TokenCommand_MintsTokensTheHostAccepts()
    {
        var config = Config(new() { ["Auth:SigningKey"] = Convert.ToBase64String(key) });
        var validator = new TriageTokenValidator(AuthSettings.FromConfiguration(config));

        var partner = Run(config, "token", "--role", "partner", "--partner", "LBY");
        var approver = Run(config, "token", "--role", "approver", "--steps", "asg-p,dsg", "--sub", "ada@nato.int");
        var admin = Run(config, "token", "--role", "admin");

        Assert.Equal("LBY", (await validator.ValidateTokenAsync(partner)).Caller!.Partner);
        var ada = (await validator.ValidateTokenAsync(approver)).Caller!;
        Assert.Equal("ada@nato.int", ada.Subject);
        Assert.True(ada.HoldsStep("asg-p") && ada.HoldsStep("dsg"));
        Assert.True((await validator.ValidateTokenAsync(admin)).Caller!.IsAdmin);
    }

    [Theory]
    [InlineData("token", "--role", "partner")]
    [InlineData("token", "--role", "approver")]
    [InlineData("token", "--role", "king")]
    [InlineData("token", "--role")]
    [InlineData("token")]
    public void TokenCommand_BadArguments_ExitWithUsage(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(TokenCommand.TryRun(args, Config(new() { ["Auth:SigningKey"] = Convert.ToBase64String(key) }), output, error, out var exit));
        Assert.Equal(2, exit);
        Assert.Empty(output.ToString());
        Assert.Contains("usage", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TokenCommand_OtherArguments_AreNotItsBusiness()
    {
        Assert.False(TokenCommand.TryRun(["--backend", "memory"], Config([]), TextWriter.Null, TextWriter.Null, out _));
    }

    private static string Run(IConfiguration config, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(TokenCommand.TryRun(args, config, output, error, out var exit));
        Assert.True(exit == 0, error.ToString());
        return output.ToString().Trim();
    }

    private static IConfiguration Config(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static long Exp(int minutes) => DateTimeOffset.UtcNow.AddMinutes(minutes).ToUnixTimeSeconds();

    private static string Hs256(JsonObject payload, byte[] signingKey)
    {
        var unsigned = ApiHostFixture.Unsigned(payload).TrimEnd('.');
        var header = B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        var body = unsigned.Split('.')[1];
        var signature = HMACSHA256.HashData(signingKey, System.Text.Encoding.ASCII.GetBytes($"{header}.{body}"));
        return $"{header}.{body}.{Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }

    private static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // Makes the payload say admin while keeping the partner's signature.
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(parts[1].Replace('-', '+').Replace('_', '/'))))!.AsObject();
        payload["roles"] = new JsonArray("admin");
        return $"{parts[0]}.{B64(payload.ToJsonString())}.{parts[2]}";
    }

    private static string Pad(string b64) => b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
}
