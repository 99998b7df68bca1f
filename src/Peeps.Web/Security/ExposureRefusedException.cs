namespace Peeps.Web.Security;

/// <summary>The configuration would expose a port beyond loopback without an API key or the explicit switch.</summary>
public sealed class ExposureRefusedException(string message) : Exception(message);
