namespace ApiKeys.Domain;

/// <summary>Marker for the domain's localized reasons in Messages.resx (English) and Messages.ru.resx (Russian).</summary>
public sealed class Messages;
