namespace ApiKeys.Admin.Localization;

/// <summary>Marker for the UI texts in Texts.resx (English) and Texts.ru.resx (Russian).</summary>
public sealed class Texts;
