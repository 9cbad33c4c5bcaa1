using ApiKeys.Domain.Keys;
using Microsoft.AspNetCore.Components.Authorization;

namespace ApiKeys.Admin;

/// <summary>The person behind the current Blazor circuit, recorded as a key's creator.</summary>
internal sealed class CircuitActor(AuthenticationStateProvider authentication) : ICurrentActor
{
    public string Name
    {
        get
        {
            var state = authentication.GetAuthenticationStateAsync();
            var name = state.IsCompletedSuccessfully ? state.Result.User.Identity?.Name : null;
            return string.IsNullOrEmpty(name) ? "admin UI" : name;
        }
    }
}
