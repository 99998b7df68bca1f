using System.Xml.Linq;

namespace Peeps.EndToEnd.Tests.Repository;

/// <summary>
/// Keeps <c>Directory.Packages.props</c> honest: a version nothing references rots there unnoticed (one was for a
/// package the mirror no longer served), and Akka's packages only work together on one version.
/// </summary>
public sealed class CentralPackageVersionsTests
{
    private static readonly DirectoryInfo Root = FindRoot();

    [Fact]
    public void Every_central_package_version_is_referenced_by_some_project()
    {
        var referenced = ProjectFiles()
            .SelectMany(project => XDocument.Load(project.FullName).Descendants("PackageReference"))
            .Select(reference => (string?)reference.Attribute("Include"))
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unused = CentralVersions().Keys.Where(id => !referenced.Contains(id)).ToList();

        Assert.True(unused.Count == 0, $"Directory.Packages.props names packages no project references: {string.Join(", ", unused)}");
    }

    [Fact]
    public void Akkas_own_packages_share_one_version()
    {
        // The SQL persistence plugin and its hosting package are released on their own line.
        var akka = CentralVersions()
            .Where(p => p.Key.StartsWith("Akka", StringComparison.Ordinal) && !p.Key.StartsWith("Akka.Persistence.Sql", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(akka, p => p.Key == "Akka");
        Assert.Single(akka.Select(p => p.Value).Distinct());
    }

    private static Dictionary<string, string> CentralVersions() =>
        XDocument.Load(Path.Combine(Root.FullName, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(v => (string)v.Attribute("Include")!, v => (string)v.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<FileInfo> ProjectFiles() =>
        new[] { "src", "tests", "bench" }
            .Select(folder => new DirectoryInfo(Path.Combine(Root.FullName, folder)))
            .Where(folder => folder.Exists)
            .SelectMany(folder => folder.EnumerateFiles("*.csproj", SearchOption.AllDirectories));

    private static DirectoryInfo FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Directory.Packages.props"))) return folder;
        throw new DirectoryNotFoundException($"no Directory.Packages.props above {AppContext.BaseDirectory}");
    }
}
