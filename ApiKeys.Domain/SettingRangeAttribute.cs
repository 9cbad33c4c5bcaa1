using System.ComponentModel.DataAnnotations;

namespace ApiKeys.Domain;

/// <summary>
/// A setting's allowed range, read and compared in the invariant culture, whose message is the rule alone ("must be
/// between 00:00:01 and 01:00:00"): start-up names the setting in front of it. (The options validator generator's own
/// copy of <see cref="RangeAttribute"/> ignores <see cref="ValidationAttribute.ErrorMessage"/>, so this one is used.)
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute : RangeAttribute
{
    public SettingRangeAttribute(int minimum, int maximum)
        : base(minimum, maximum) => Invariant();

    public SettingRangeAttribute(Type type, string minimum, string maximum)
        : base(type, minimum, maximum) => Invariant();

    private void Invariant()
    {
        ParseLimitsInInvariantCulture = true;
        ConvertValueInInvariantCulture = true;
        ErrorMessage = "must be between {1} and {2}";
    }
}
