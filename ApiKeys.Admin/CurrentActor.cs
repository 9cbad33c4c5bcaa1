using ApiKeys.Domain;
using Microsoft.AspNetCore.Components.Authorization;

namespace ApiKeys.Admin;

/// <summary>Who is acting: the account behind an API call or a page request, else the administrator behind the Blazor circuit.</summary>
internal sealed class CurrentActor(IHttpContextAccessor http, AuthenticationStateProvider circuit) : ICurrentActor
{
    // The circuit's connection is the only request a circuit has; its address is the browser's.
    private readonly string? _clientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string Name => FromRequest() ?? FromCircuit() ?? "anonymous";

    public string? ClientAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? _clientAddress;

    private string? FromRequest() =>
        http.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    private string? FromCircuit()
    {
        try
        {
            var state = circuit.GetAuthenticationStateAsync();
            return state.IsCompletedSuccessfully && state.Result.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
        }
        catch (InvalidOperationException)
        {
            return null; // not in a circuit
        }
    }
}
