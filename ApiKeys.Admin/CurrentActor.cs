using ApiKeys.Domain.Keys;
using Microsoft.AspNetCore.Components.Authorization;

namespace ApiKeys.Admin;

/// <summary>Who is acting: the account behind an API call, else the person behind the Blazor circuit.</summary>
internal sealed class CurrentActor(IHttpContextAccessor http, AuthenticationStateProvider circuit) : ICurrentActor
{
    public string Name => FromRequest() ?? FromCircuit() ?? "admin UI";

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
