using System.ComponentModel.DataAnnotations;
using ApiKeys.Domain;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Gateway;

/// <summary>Where the gateway answers, bound from <c>Gateway</c>; its routes are YARP's own <c>ReverseProxy</c> section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// The port the gateway's routes answer on (one of the app's URLs). When set, the routes answer only there and
    /// the admin (pages, <c>/api/v1</c>, <c>/metrics</c>…) nowhere there, so the gateway can be public while the admin
    /// is not; unset, both share every URL the app listens on.
    /// </summary>
    [SettingRange(1, 65535)]
    public int? Port { get; set; }
}

/// <summary>Checks <see cref="GatewayOptions"/> by its annotations at start-up.</summary>
[OptionsValidator]
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
