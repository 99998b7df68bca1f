using Peeps.Storage.Reading;

namespace Peeps.Storage.Tests.Reading;

/// <summary>The names refusals give SQLite's authorizer action codes: 1 to 33 by name, anything else by number.</summary>
public sealed class ActionNamesTests
{
    [Theory]
    [InlineData(1, "CREATE INDEX")]
    [InlineData(18, "INSERT")]
    [InlineData(24, "ATTACH")]
    [InlineData(33, "RECURSIVE")]
    [InlineData(0, "action 0")]
    [InlineData(34, "action 34")]
    [InlineData(-1, "action -1")]
    public void Codes_are_named_from_the_first_to_the_last_and_others_by_number(int action, string name) =>
        Assert.Equal(name, ActionNames.Of(action));
}
