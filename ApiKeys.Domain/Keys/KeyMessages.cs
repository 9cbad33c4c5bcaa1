namespace ApiKeys.Domain.Keys;

/// <summary>Marker for the localized reasons in KeyMessages.resx / KeyMessages.ru.resx.</summary>
public sealed class KeyMessages;
