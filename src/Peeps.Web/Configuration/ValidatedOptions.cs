using Microsoft.Extensions.Options;

namespace Peeps.Web.Configuration;

/// <summary>
/// The one place the <c>Peeps</c> section is bound. It is validated before anything is registered from it, so a
/// setting out of range stops the server with the validator's message rather than with an exception from whatever
/// component first used the value.
/// </summary>
public static class ValidatedOptions
{
    public static PeepsOptions Bind(IConfiguration configuration)
    {
        var options = configuration.GetSection(PeepsOptions.Section).Get<PeepsOptions>() ?? new PeepsOptions();
        var result = new PeepsOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed) throw new OptionsValidationException(Options.DefaultName, typeof(PeepsOptions), result.Failures);
        return options;
    }
}
