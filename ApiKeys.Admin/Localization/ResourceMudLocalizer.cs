using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ApiKeys.Admin.Localization;

/// <summary>MudBlazor's own texts (pager, pickers) from the same resources as the rest of the UI.</summary>
internal sealed class ResourceMudLocalizer(IStringLocalizer<Texts> texts) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var text = texts[key];
            return text.ResourceNotFound ? base[key] : text;
        }
    }
}
