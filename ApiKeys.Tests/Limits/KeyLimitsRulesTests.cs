using System.Net;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;

namespace ApiKeys.Tests.Limits;

/// <summary>The limits' own rules, without a database: ranges, rates, quotas, what a change and a roll do to them.</summary>
public sealed class KeyLimitsRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 30, 15, TimeSpan.Zero);

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData(" 203.0.113.7 ", "203.0.113.7/32")]
    [InlineData("2001:DB8::/32", "2001:db8::/32")]
    [InlineData("::1", "::1/128")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void A_range_is_kept_in_canonical_form(string text, string canonical) => Assert.Equal(canonical, AddressRanges.Canonical(text));

    [Theory]
    [InlineData("10.1.2.3/8")] // bits past the prefix: refused, never widened
    [InlineData("300.1.2.3")]
    [InlineData("10.0.0.0/33")]
    [InlineData("example.org")]
    [InlineData("2001:db8::/129")]
    [InlineData("fe80::1%eth0")]
    public void A_text_that_is_no_range_is_refused_naming_it(string text)
    {
        var refused = AddressRanges.Check(["203.0.113.0/24", text]);

        Assert.Equal(new Refusal(FailureCode.InvalidAddressRange, text).Code, refused?.Code);
        Assert.Equal(text, refused!.Arguments[0]);
    }

    [Fact]
    public void More_than_a_hundred_ranges_are_refused_but_repeats_count_once()
    {
        var hundredAndOne = Enumerable.Range(0, 101).Select(i => $"10.0.{i}.0/24").ToList();

        Assert.Equal(FailureCode.TooManyAddressRanges, AddressRanges.Check(hundredAndOne)?.Code);
        Assert.Null(AddressRanges.Check([.. hundredAndOne.Take(100), "10.0.0.0/24"]));
    }

    [Theory]
    [InlineData("203.0.113.9", true)]
    [InlineData("::ffff:203.0.113.9", true)] // IPv4 that arrived on an IPv6 socket
    [InlineData("203.0.114.1", false)]
    [InlineData("2001:db8:1::5", true)]
    [InlineData("2001:db9::5", false)]
    public void A_call_is_allowed_only_from_within_a_range(string address, bool allowed)
    {
        var networks = AddressRanges.Networks(AddressRanges.Format(["203.0.113.0/24", "2001:db8::/32"]));

        Assert.Equal(allowed, AddressRanges.Allow(networks, IPAddress.Parse(address)));
    }

    [Fact]
    public void No_ranges_allow_anywhere_and_ranges_refuse_an_unknown_address()
    {
        Assert.True(AddressRanges.Allow([], null));
        Assert.False(AddressRanges.Allow(AddressRanges.Networks("10.0.0.0/8"), null));
    }

    [Theory]
    [InlineData("6/min", 6, RatePeriod.Minute)]
    [InlineData("100/s", 100, RatePeriod.Second)]
    [InlineData(" 5000 / h ", 5000, RatePeriod.Hour)]
    [InlineData("7/minute", 7, RatePeriod.Minute)]
    public void A_rate_reads_as_the_command_line_writes_it(string text, int calls, RatePeriod per)
    {
        Assert.Equal(new RateLimit(calls, per), RateLimit.Parse(text));
        Assert.Equal(RateLimit.Parse(text), RateLimit.Parse(RateLimit.Parse(text).ToString()));
    }

    [Theory]
    [InlineData("6")]
    [InlineData("6/day")]
    [InlineData("-1/s")]
    [InlineData("six/min")]
    public void A_text_that_is_no_rate_reads_as_none(string text) => Assert.Null(RateLimit.Parse(text));

    [Fact]
    public void A_zero_or_absurd_rate_and_quota_are_refused()
    {
        Assert.Equal(FailureCode.InvalidRateLimit, new RateLimit(0, RatePeriod.Second).Check()?.Code);
        Assert.Equal(FailureCode.InvalidRateLimit, new RateLimit(RateLimit.MaxCalls + 1, RatePeriod.Hour).Check()?.Code);
        Assert.Equal(FailureCode.InvalidQuota, new Quota(0).Check()?.Code);
        Assert.Equal(FailureCode.InvalidQuota, new KeyLimits([], null, new Quota(Quota.MaxCalls + 1)).Check()?.Code);
    }

    [Fact]
    public void A_rate_window_is_aligned_to_its_period_and_says_when_it_ends()
    {
        var (window, reset) = new RateLimit(6, RatePeriod.Minute).WindowOf(Now);

        Assert.Equal(Now.ToUnixTimeSeconds() / 60, window);
        Assert.Equal(45, reset);
        Assert.Equal(window + 1, new RateLimit(6, RatePeriod.Minute).WindowOf(Now.AddSeconds(45)).Window);
    }

    [Fact]
    public void A_quota_is_refilled_at_the_start_of_each_day_or_month_in_UTC()
    {
        var daily = new Quota(10, QuotaRefill.Daily);
        var monthly = new Quota(10, QuotaRefill.Monthly);

        Assert.NotEqual(daily.PeriodOf(Now), daily.PeriodOf(Now.AddDays(1).Date));
        Assert.Equal(daily.PeriodOf(Now), daily.PeriodOf(new DateTimeOffset(2026, 12, 6, 23, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), daily.NextRefill(Now));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), monthly.NextRefill(Now));
        Assert.NotEqual(monthly.PeriodOf(Now), monthly.PeriodOf(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Null(new Quota(10).NextRefill(Now));
    }

    [Fact]
    public void The_draft_fields_name_each_limit_with_its_window_and_what_is_left()
    {
        var standing = new LimitStanding(new RateLimit(6, RatePeriod.Minute), 5, 45, new Quota(1000, QuotaRefill.Daily), 998, 48_585);

        Assert.Equal("\"rate\";q=6;w=60, \"quota\";q=1000;w=86400", standing.Policy());
        Assert.Equal("\"rate\";r=5;t=45, \"quota\";r=998;t=48585", standing.Current());
        Assert.Equal("\"quota\";q=10", new LimitStanding(null, 0, 0, new Quota(10), 3, null).Policy());
        Assert.Equal("\"quota\";r=3", new LimitStanding(null, 0, 0, new Quota(10), 3, null).Current());
    }

    [Fact]
    public void A_new_or_changed_quota_starts_full_and_one_left_as_it_was_keeps_what_is_left()
    {
        var key = NewKey();

        var (changed, refused) = key.ChangeLimits(new KeyLimits(["203.0.113.0/24"], new RateLimit(6, RatePeriod.Minute), new Quota(10, QuotaRefill.Daily)), Now);
        Assert.True(changed);
        Assert.Null(refused);
        Assert.Equal(10, key.QuotaLeft(Now));

        SpendInTheDatabase(key, left: 3, Now);
        Assert.Equal(3, key.QuotaLeft(Now));
        Assert.Equal(10, key.QuotaLeft(Now.AddDays(1))); // a new day: refilled, even before a call spends it

        key.ChangeLimits(new KeyLimits(["203.0.113.0/24"], new RateLimit(60, RatePeriod.Minute), new Quota(10, QuotaRefill.Daily)), Now);
        Assert.Equal(3, key.QuotaLeft(Now)); // the rate changed, the quota did not

        key.ChangeLimits(new KeyLimits([], null, new Quota(20, QuotaRefill.Daily)), Now);
        Assert.Equal(20, key.QuotaLeft(Now));
        Assert.Empty(key.Limits.AllowFrom);
        Assert.Null(key.Limits.Rate);
    }

    [Fact]
    public void Limits_that_are_what_the_key_has_change_nothing_and_bad_ones_are_refused_with_nothing_changed()
    {
        var key = NewKey();
        key.ChangeLimits(new KeyLimits(["203.0.113.7"], new RateLimit(6, RatePeriod.Minute)), Now);
        var version = key.Version;

        Assert.False(key.ChangeLimits(new KeyLimits(["203.0.113.7/32"], new RateLimit(6, RatePeriod.Minute)), Now).Changed);
        var (changed, refused) = key.ChangeLimits(new KeyLimits(["10.0.0.0/8", "10.1.2.3/8"], null, new Quota(5)), Now);

        Assert.False(changed);
        Assert.Equal(FailureCode.InvalidAddressRange, refused?.Code);
        Assert.Equal(version, key.Version);
        Assert.Equal(["203.0.113.7/32"], key.Limits.AllowFrom);
        Assert.Null(key.Limits.Quota);
    }

    [Fact]
    public void A_rolled_key_hands_its_limits_and_what_is_left_of_its_quota_to_its_successor()
    {
        var old = NewKey();
        old.ChangeLimits(new KeyLimits(["203.0.113.0/24"], new RateLimit(6, RatePeriod.Minute), new Quota(10, QuotaRefill.Monthly)), Now);
        SpendInTheDatabase(old, left: 2, Now);
        var successor = NewKey(old.AccountId);

        Assert.Null(old.RollTo(successor, Now.AddDays(1)));

        Assert.Equal(old.Limits.AllowFrom, successor.Limits.AllowFrom);
        Assert.Equal(old.Limits.Rate, successor.Limits.Rate);
        Assert.Equal(old.Limits.Quota, successor.Limits.Quota);
        Assert.Equal(2, successor.QuotaLeft(Now));
    }

    private static AuthenticationKey NewKey(string account = "account-1") =>
        AuthenticationKey.Create(account, "Export", null, Now.AddDays(30), KeySecrets.NewToken(), "protected", "admin", Now, new KeyLifetime(TimeSpan.FromDays(730))).Key!;

    /// <summary>What <see cref="KeyQuotas"/> does on the database, done to the entity for a test without one.</summary>
    private static void SpendInTheDatabase(AuthenticationKey key, long left, DateTimeOffset now)
    {
        typeof(AuthenticationKey).GetProperty(nameof(AuthenticationKey.QuotaRemaining))!.SetValue(key, left);
        typeof(AuthenticationKey).GetProperty(nameof(AuthenticationKey.QuotaPeriod))!.SetValue(key, key.Limits.Quota!.Value.PeriodOf(now));
    }
}
