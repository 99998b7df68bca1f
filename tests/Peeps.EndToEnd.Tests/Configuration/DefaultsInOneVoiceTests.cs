using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Peeps.Web.Configuration;

namespace Peeps.EndToEnd.Tests.Configuration;

/// <summary>
/// Defaults are written in three places: the settings types, <c>config/appsettings.json</c> and the docs. These
/// keep the last two honest against the first.
/// </summary>
public sealed class DefaultsInOneVoiceTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public void Appsettings_json_holds_exactly_the_defaults_in_code()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot, "config", "appsettings.json")).Build();

        var bound = configuration.GetSection(PeepsOptions.Section).Get<PeepsOptions>(o => o.ErrorOnUnknownConfiguration = true)!;

        Assert.Equal(Normalized(new PeepsOptions()), Normalized(bound));
    }

    [Fact]
    public void Appsettings_json_lists_every_bound_setting()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot, "config", "appsettings.json")).Build();
        var written = configuration.AsEnumerable().Select(pair => pair.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = BoundSettings.Leaves(typeof(PeepsOptions), PeepsOptions.Section).Select(leaf => leaf.Key).Where(key => !written.Contains(key));

        Assert.Empty(missing);
    }

    [Fact]
    public void The_docs_name_every_bound_setting()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "configuration.md"))
                   + File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "tuning.md"));

        var missing = BoundSettings.Leaves(typeof(PeepsOptions), PeepsOptions.Section)
            .Select(leaf => leaf.Key)
            .Where(key => !docs.Contains(key, StringComparison.Ordinal) && !docs.Contains(key[(PeepsOptions.Section.Length + 1)..], StringComparison.Ordinal));

        Assert.True(!missing.Any(), "not in docs/configuration.md or docs/tuning.md: " + string.Join(", ", missing));
    }

    // An empty string and an absent value both mean "not set" to the server (the API key, the journal path).
    private static string Normalized(PeepsOptions options)
    {
        var node = JsonSerializer.SerializeToNode(options)!;
        BlankToNull(node);
        return node.ToJsonString();
    }

    private static void BlankToNull(JsonNode node)
    {
        if (node is not JsonObject members) return;
        foreach (var (name, value) in members.ToList())
        {
            if (value is JsonValue text && text.TryGetValue<string>(out var s) && s.Length == 0) members[name] = null;
            else if (value is not null) BlankToNull(value);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Peeps.Streams.sln"))) return dir.FullName;
        throw new InvalidOperationException("Peeps.Streams.sln not found above " + AppContext.BaseDirectory);
    }
}
