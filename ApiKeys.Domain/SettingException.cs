namespace ApiKeys.Domain;

/// <summary>A setting this app reads itself is missing or wrong; the message names it.</summary>
public sealed class SettingException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
