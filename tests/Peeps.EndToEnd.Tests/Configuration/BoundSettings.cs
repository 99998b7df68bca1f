using System.Reflection;

namespace Peeps.EndToEnd.Tests.Configuration;

/// <summary>The configuration keys the binder fills: public settable properties, walked into nested settings types.</summary>
internal static class BoundSettings
{
    public static IEnumerable<(string Key, Type Type)> Leaves(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) continue;
            var key = $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            if (IsSettingsType(propertyType))
                foreach (var leaf in Leaves(propertyType, key)) yield return leaf;
            else
                yield return (key, propertyType);
        }
    }

    private static bool IsSettingsType(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && type.Namespace?.StartsWith("Peeps.", StringComparison.Ordinal) == true;
}
