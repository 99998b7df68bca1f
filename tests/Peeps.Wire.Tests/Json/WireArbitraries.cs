using FsCheck;
using FsCheck.Fluent;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

/// <summary>Registers <see cref="MessageGen"/> with FsCheck for <c>[Property(Arbitrary = ...)]</c> parameters.</summary>
public static class WireArbitraries
{
    public static Arbitrary<ClientMessage> ClientMessage() => Arb.From(MessageGen.ClientMessage);
}
