using ApiKeys.Domain;
using ApiKeys.Domain.Keys;

namespace ApiKeys.Tests.Keys;

/// <summary>A key's own rules, without a database: what it may be created with, and what a change, a disable and a roll do.</summary>
public sealed class AuthenticationKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 30, 15, TimeSpan.Zero);
    private static readonly KeyLifetime Lifetime = new(TimeSpan.FromDays(365));

    private static AuthenticationKey NewKey(DateTimeOffset? expiresAt = null, DateTimeOffset? now = null, string account = "account-1")
    {
        var (key, refused) = AuthenticationKey.Create(account, "Nightly export", "Runs at 02:00", expiresAt ?? Now.AddDays(90),
            KeySecrets.NewToken(), "protected", "test.admin", now ?? Now, Lifetime);
        Assert.Null(refused);
        return key!;
    }

    [Fact]
    public void A_new_key_has_its_values_trimmed_its_expiry_to_the_second_and_a_version()
    {
        var (key, refused) = AuthenticationKey.Create("account-1", "  Nightly export ", "  ", Now.AddDays(30).AddMilliseconds(700),
            "token", "protected", "test.admin", Now, Lifetime);

        Assert.Null(refused);
        Assert.Equal(("Nightly export", "NIGHTLY EXPORT", null), (key!.Name, key.NormalizedName, key.Description));
        Assert.Equal(Now.AddDays(30), key.ExpiresAt);
        Assert.Equal((Now, "test.admin", false), (key.CreatedAt, key.CreatedBy, key.IsDisabled));
        Assert.NotEqual(Guid.Empty, key.Version);
    }

    [Theory]
    [InlineData(0, FailureCode.ExpiryNotInFuture)]
    [InlineData(-1, FailureCode.ExpiryNotInFuture)]
    [InlineData(366, FailureCode.ExpiryBeyondMaximum)]
    public void A_new_key_needs_an_expiry_ahead_and_within_the_longest_lifetime(int days, FailureCode expected)
    {
        var (key, refused) = AuthenticationKey.Create("account-1", "Export", null, Now.AddDays(days), "token", "protected", "test.admin", Now, Lifetime);

        Assert.Null(key);
        Assert.Equal(expected, refused?.Code);
    }

    [Fact]
    public void The_longest_lifetime_refusal_names_the_latest_date_and_the_days()
    {
        var refused = Lifetime.Check(Now.AddDays(400), Now);

        Assert.Equal([Now.AddDays(365).UtcDateTime, 365], refused!.Arguments);
    }

    [Theory]
    [InlineData(" ", FailureCode.NameRequired)]
    [InlineData("Line\nbreak", FailureCode.NameHasControlCharacters)]
    [InlineData("Export \u202Egnp.exe", FailureCode.NameHasControlCharacters)]
    [InlineData("Zero\u200Bwidth", FailureCode.NameHasControlCharacters)]
    [InlineData("Joined\u200D", FailureCode.NameHasControlCharacters)]
    [InlineData("\uFEFFExport", FailureCode.NameHasControlCharacters)]
    [InlineData("Isolate \u2067x\u2069", FailureCode.NameHasControlCharacters)]
    public void A_name_must_be_given_and_hold_no_control_or_invisible_formatting_characters(string name, FailureCode expected)
    {
        var key = NewKey();
        var version = key.Version;

        var refused = key.Rename(name, null);

        Assert.Equal(expected, refused?.Code);
        Assert.Equal(("Nightly export", version), (key.Name, key.Version));
    }

    [Fact]
    public void A_description_may_break_lines_but_not_hide_text_direction()
    {
        var key = NewKey();

        Assert.Null(key.Rename("Export", "Runs at 02:00\nthen at 14:00"));
        Assert.Equal(FailureCode.NameHasControlCharacters, key.Rename("Export", "token \u202E 0202 ta snuR")?.Code);
    }

    [Fact]
    public void A_name_and_a_description_have_their_longest_lengths()
    {
        var key = NewKey();

        Assert.Equal(FailureCode.KeyNameTooLong, key.Rename(new string('n', KeyNames.MaxLength + 1), null)?.Code);
        Assert.Equal(FailureCode.KeyNameTooLong, key.Rename("Export", new string('d', KeyNames.MaxDescriptionLength + 1))?.Code);
        Assert.Null(key.Rename(new string('n', KeyNames.MaxLength), new string('d', KeyNames.MaxDescriptionLength)));
    }

    [Fact]
    public void Every_change_gives_the_key_a_new_version_so_a_stale_edit_is_refused()
    {
        var key = NewKey();
        var versions = new HashSet<Guid> { key.Version };

        Assert.Null(key.Rename("Export", "new"));
        Assert.True(versions.Add(key.Version));
        Assert.Null(key.ChangeExpiry(Now.AddDays(10), Now, Lifetime));
        Assert.True(versions.Add(key.Version));
        Assert.True(key.Disable());
        Assert.True(versions.Add(key.Version));
    }

    [Fact]
    public void An_expiry_may_move_earlier_or_later_but_never_into_the_past_and_a_refusal_changes_nothing()
    {
        var key = NewKey();

        Assert.Null(key.ChangeExpiry(Now.AddDays(5), Now, Lifetime));
        Assert.Equal(Now.AddDays(5), key.ExpiresAt);
        Assert.Equal(FailureCode.ExpiryNotInFuture, key.ChangeExpiry(Now.AddSeconds(-1), Now, Lifetime)?.Code);
        Assert.Equal(FailureCode.ExpiryBeyondMaximum, key.ChangeExpiry(Now.AddDays(400), Now, Lifetime)?.Code);
        Assert.Equal(Now.AddDays(5), key.ExpiresAt);
    }

    [Fact]
    public void Disable_and_enable_say_whether_anything_changed()
    {
        var key = NewKey();

        Assert.False(key.Enable());
        Assert.True(key.Disable());
        Assert.False(key.Disable());
        Assert.True(key.IsDisabled);
        Assert.True(key.Enable());
        Assert.False(key.IsDisabled);
    }

    [Fact]
    public void A_roll_links_both_keys_and_the_old_one_ends_with_the_grace()
    {
        var old = NewKey(now: Now.AddDays(-10));
        var replacement = NewKey(old.ExpiresAt);

        Assert.Null(old.RollTo(replacement, Now.AddHours(1)));

        Assert.Equal((replacement.Id, old.Id), (old.RolledToId, replacement.RolledFromId));
        Assert.Equal(Now.AddHours(1), old.ExpiresAt);
    }

    [Fact]
    public void A_roll_never_lengthens_the_old_keys_life()
    {
        var old = NewKey(Now.AddHours(2));
        var expiry = old.ExpiresAt;

        Assert.Null(old.RollTo(NewKey(), Now.AddDays(30)));

        Assert.Equal(expiry, old.ExpiresAt);
    }

    [Fact]
    public void An_expired_key_cannot_be_rolled()
    {
        var old = NewKey(Now.AddDays(1), now: Now.AddDays(-1));
        var later = Now.AddDays(2);
        var (replacement, _) = AuthenticationKey.Create("account-1", "Export", null, later.AddDays(30), "t", "p", "test.admin", later, Lifetime);

        Assert.Equal(FailureCode.KeyExpiredCannotRoll, old.RollTo(replacement!, later.AddHours(1))?.Code);
        Assert.Null(old.RolledToId);
    }

    [Fact]
    public void A_rolled_key_is_not_rolled_again_and_keeps_its_one_successor()
    {
        var old = NewKey();
        var first = NewKey();
        Assert.Null(old.RollTo(first, Now.AddHours(1)));

        var refused = old.RollTo(NewKey(), Now.AddHours(1));

        Assert.Equal(FailureCode.KeyAlreadyRolled, refused?.Code);
        Assert.Equal([Now.AddHours(1).UtcDateTime], refused!.Arguments);
        Assert.Equal(first.Id, old.RolledToId);
    }

    [Fact]
    public void A_disabled_key_is_not_rolled_so_no_active_successor_appears()
    {
        var old = NewKey();
        old.Disable();
        var replacement = NewKey();

        Assert.Equal(FailureCode.KeyDisabledCannotRoll, old.RollTo(replacement, Now.AddHours(1))?.Code);
        Assert.Equal((null, null), (old.RolledToId, replacement.RolledFromId));
    }

    [Fact]
    public void A_key_is_replaced_only_by_a_new_key_of_its_own_account()
    {
        var old = NewKey();

        Assert.Throws<ArgumentException>(() => old.RollTo(NewKey(account: "account-2"), Now.AddHours(1)));
        Assert.Throws<ArgumentException>(() => old.RollTo(old, Now.AddHours(1)));
    }

    [Fact]
    public void A_noted_use_keeps_the_client_and_cuts_a_long_user_agent()
    {
        var key = NewKey();

        key.NoteUse(Now, "203.0.113.10", new string('u', 300));

        Assert.Equal((Now, "203.0.113.10", AuthenticationKey.MaxUserAgentLength), (key.LastUsedAt, key.LastClientAddress, key.LastUserAgent!.Length));
    }
}
