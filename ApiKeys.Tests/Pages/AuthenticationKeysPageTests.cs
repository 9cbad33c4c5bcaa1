using AngleSharp.Dom;
using ApiKeys.Admin;
using ApiKeys.Admin.Components.Layout;
using ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;
using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using MudBlazor;

namespace ApiKeys.Tests.Pages;

public sealed class AuthenticationKeysPageTests : MudTestContext
{
    private readonly Mock<IAuthenticationKeyService> _keys = new(MockBehavior.Strict);
    private readonly List<AuthenticationKeyRow> _rows;
    private IRenderedComponent<MudPopoverProvider> _popovers = null!;

    public AuthenticationKeysPageTests()
    {
        _rows = [Row("integration.bot", "Integration bot", 90), Row("erp.exchange", "ERP exchange", 10), Row("a.ivanova", "Анна Иванова", 300)];
        _keys.Setup(k => k.QueryAsync(It.IsAny<KeyQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new KeyPage([.. _rows], _rows.Count));
        _keys.Setup(k => k.AttentionAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => new KeyAttention(
            _rows.Count(r => r.Status == KeyStatus.ExpiringSoon), _rows.Count(r => r.Status == KeyStatus.Expired)));
        Services.AddSingleton(_keys.Object);
    }

    private DateTimeOffset Now => Clock.GetUtcNow();

    [Fact]
    public void The_list_shows_each_key_with_its_account_token_expiry_and_status()
    {
        var (page, _, _) = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));
        var first = Rows(page)[0].TextContent;
        Assert.Contains("Integration bot", first);
        Assert.Contains("integration.bot", first);
        Assert.Contains(_rows[0].Token[..8], first);
        Assert.Contains("in 90 days", first);
        Assert.Contains("Active", first);
        Assert.Contains("Never", first);
        Assert.Contains("Expiring soon", Rows(page)[1].TextContent);
    }

    [Fact]
    public void Russian_texts_come_from_the_article()
    {
        UseCulture("ru");

        var (page, _, _) = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));
        Assert.Contains("Ключи аутентификации", page.Markup);
        Assert.Contains("Создать", page.Find("[data-testid=create]").TextContent);
        Assert.Contains("Удалить", page.Find("[data-testid=delete]").TextContent);
        Assert.Contains("Срок действия", page.Markup);
        Assert.Contains("через 90 дней", Rows(page)[0].TextContent);
        Assert.Contains("Скоро истекает", Rows(page)[1].TextContent);
    }

    [Fact]
    public void A_single_click_neither_opens_the_dialog_nor_ticks_the_row()
    {
        var (page, dialogs, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        Rows(page)[0].Click(new MouseEventArgs { Detail = 1 });

        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.All(page.FindAll("tbody input[type=checkbox]"), box => Assert.False(box.IsChecked()));
        Assert.True(page.Find("[data-testid=delete]").HasAttribute("disabled"));
    }

    [Fact]
    public void Double_click_opens_the_key_with_its_account_read_only_and_save_changes_only_the_expiry()
    {
        var key = _rows[1];

        // A new day keeps the key's time of day, as the dialog's time field shows it (to the minute).
        var newExpiry = ExpiryDay.EndOf(Now.UtcDateTime.Date.AddDays(365), ExpiryDay.TimeOf(key.ExpiresAt, BrowserTime.Utc), BrowserTime.Utc);
        _keys.Setup(k => k.UpdateAsync(key.Id, It.Is<KeyUpdate>(u => u.ExpiresAt == newExpiry && u.Name == key.Name), key.Version, It.IsAny<CancellationToken>()))
            .ReturnsAsync(key with { ExpiresAt = newExpiry });
        var (page, dialogs, snackbars) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        Rows(page)[1].Click(new MouseEventArgs { Detail = 2 });

        var account = dialogs.WaitForElement("input[data-testid=account-readonly]");
        Assert.Equal("ERP exchange (erp.exchange)", account.GetAttribute("value"));
        Assert.True(account.HasAttribute("readonly"));
        Assert.Empty(dialogs.FindAll("input[data-testid=account]"));
        dialogs.Find("[data-testid=quick-365]").Click();
        dialogs.Find("[data-testid=save]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        _keys.Verify(k => k.UpdateAsync(key.Id, It.Is<KeyUpdate>(u => u.ExpiresAt == newExpiry && u.Name == key.Name), key.Version, It.IsAny<CancellationToken>()), Times.Once);
        snackbars.WaitForAssertion(() => Assert.Contains("The key of ERP exchange now expires on", snackbars.Markup));
    }

    [Fact]
    public void The_name_comes_first_with_the_account_beneath_and_the_token_is_shortened()
    {
        var (page, _, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));
        var first = Rows(page)[0];
        var key = _rows[0];

        Assert.Equal("Integration bot key", first.QuerySelector("[data-testid=key-name]")!.TextContent.Trim());
        Assert.Contains("Integration bot (integration.bot)", first.TextContent);
        var token = first.QuerySelector("[data-testid=short-token]")!;
        Assert.Equal($"{key.Token[..8]}…{key.Token[^4..]}", token.TextContent.Trim());
        Assert.Equal(key.Token, token.GetAttribute("title"));
    }

    [Fact]
    public void Renaming_in_the_edit_dialog_saves_name_and_description_and_leaves_the_expiry_alone()
    {
        var key = _rows[1];
        _keys.Setup(k => k.UpdateAsync(key.Id, It.Is<KeyUpdate>(u => u.Name == "ERP nightly export" && u.Description == "Runs at 02:00" && u.ExpiresAt == null), key.Version, It.IsAny<CancellationToken>()))
            .ReturnsAsync(key with { Name = "ERP nightly export", Description = "Runs at 02:00", Version = Guid.NewGuid() });
        var (page, dialogs, snackbars) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        Rows(page)[1].Click(new MouseEventArgs { Detail = 2 });
        dialogs.WaitForElement("input[data-testid=name]").Change("ERP nightly export");
        dialogs.Find("textarea[data-testid=description]").Change("Runs at 02:00");
        Assert.Equal(key.Token, dialogs.Find("input[data-testid=token-whole]").GetAttribute("value"));
        dialogs.Find("[data-testid=save]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("The key «ERP nightly export» is saved.", snackbars.Markup));
        _keys.Verify(k => k.UpdateAsync(It.IsAny<Guid>(), It.Is<KeyUpdate>(u => u.ExpiresAt != null), It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void Roll_from_the_edit_dialog_asks_the_grace_then_shows_the_new_keys_secret_once()
    {
        var key = _rows[0];
        var replacement = Row("integration.bot", "Integration bot", 90) with { Name = key.Name, RolledFromId = key.Id };
        const string secret = "bmV3LXNlY3JldC1zaG93bi1vbmNl";
        _keys.Setup(k => k.RollAsync(key.Id, TimeSpan.FromHours(24), key.Version, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CreatedKey(replacement, secret))
            .Callback(() => _rows.Add(replacement));
        var (page, dialogs, snackbars) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        Rows(page)[0].Click(new MouseEventArgs { Detail = 2 });
        dialogs.WaitForElement("[data-testid=roll]").Click();
        dialogs.WaitForElement("[data-testid=roll-dialog]");
        dialogs.Find("[data-testid=roll-confirm]").Click();

        var properties = dialogs.WaitForElement("[data-testid=key-properties]");
        Assert.Equal(replacement.Token, dialogs.Find("input[data-testid=token]").GetAttribute("value"));
        Assert.Contains(secret, dialogs.Find("textarea[data-testid=secret]").TextContent + dialogs.Find("textarea[data-testid=secret]").GetAttribute("value"));
        snackbars.WaitForAssertion(() => Assert.Contains($"The key «{key.Name}» was rolled", snackbars.Markup));
        _keys.Verify(k => k.RollAsync(key.Id, TimeSpan.FromHours(24), key.Version, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void The_notice_counts_keys_expiring_soon_and_one_click_filters_to_them()
    {
        var (page, _, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        var notice = page.WaitForElement("[data-testid=attention]");
        Assert.Contains("Keys expiring within 14 days: 1; expired but not deleted: 0.", notice.TextContent);
        page.Find("[data-testid=needs-attention]").Click();

        page.WaitForAssertion(() => Assert.True(Queries().Last().NeedsAttention));
        page.WaitForAssertion(() => Assert.Contains("Show all keys", page.Find("[data-testid=needs-attention]").TextContent));
    }

    [Fact]
    public void The_unused_toggle_asks_for_keys_unused_for_90_days()
    {
        var (page, _, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        page.Find("[data-testid=unused-filter]").Click();

        page.WaitForAssertion(() => Assert.True(Queries().Last().Unused));
    }

    [Fact]
    public void A_rolled_key_says_it_is_replaced_until_when_and_links_to_its_successor_and_the_toggle_lists_only_those()
    {
        var successor = Guid.NewGuid();
        _rows[0] = _rows[0] with { RolledToId = successor, ExpiresAt = Now.AddHours(20) };
        _rows[1] = _rows[1] with { RolledToId = Guid.NewGuid(), ExpiresAt = Now.AddHours(-1), Status = KeyStatus.Expired };
        var (page, _, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        var marker = Assert.Single(page.FindAll("[data-testid=replaced]"));
        Assert.StartsWith("Replaced by a new key; works until ", marker.TextContent.Trim());
        Assert.Equal(PageRoutes.KeyDetails(successor), marker.QuerySelector("a")!.GetAttribute("href"));
        page.Find("[data-testid=replaced-filter]").Click();

        page.WaitForAssertion(() => Assert.True(Queries().Last().Replaced));
    }

    [Fact]
    public void A_refused_expiry_shows_its_reason_in_the_dialog_which_stays_open()
    {
        var key = _rows[0];
        _keys.Setup(k => k.UpdateAsync(key.Id, It.IsAny<KeyUpdate>(), key.Version, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Failure(FailureCode.ExpiryNotInFuture, "The expiry date must be in the future."));
        var (page, dialogs, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        Rows(page)[0].Click(new MouseEventArgs { Detail = 2 });
        dialogs.WaitForElement("[data-testid=quick-30]").Click();
        dialogs.Find("[data-testid=save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("The expiry date must be in the future.", dialogs.Find(".mud-dialog").TextContent));
        Assert.Single(dialogs.FindAll(".mud-dialog"));
    }

    [Fact]
    public void The_calendars_last_day_typed_by_hand_is_refused_with_a_message_and_the_dialog_stays_open()
    {
        var key = _rows[0];
        const string tooLate = "The expiry date cannot be later than 11/28/2028: a key is valid for at most 730 days.";
        _keys.Setup(k => k.UpdateAsync(key.Id, It.Is<KeyUpdate>(u => u.ExpiresAt!.Value.Year == 9999), key.Version, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Failure(FailureCode.ExpiryBeyondMaximum, tooLate));
        var (page, dialogs, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        Rows(page)[0].Click(new MouseEventArgs { Detail = 2 });
        dialogs.WaitForElement(".mud-picker input").Change(new DateTime(9999, 12, 31).ToString("d", System.Globalization.CultureInfo.CurrentCulture));
        dialogs.WaitForAssertion(() => Assert.Contains("9999", dialogs.Find(".mud-dialog").TextContent));
        dialogs.Find("[data-testid=save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains(tooLate, dialogs.Find(".mud-dialog").TextContent));
        Assert.Single(dialogs.FindAll(".mud-dialog"));
    }

    [Fact]
    public void A_key_deleted_meanwhile_closes_the_dialog_says_so_and_refreshes_the_list()
    {
        var key = _rows[0];
        const string gone = "The key was not found: another administrator may have deleted it.";
        _keys.Setup(k => k.UpdateAsync(key.Id, It.IsAny<KeyUpdate>(), key.Version, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Failure(FailureCode.KeyNotFound, gone))
            .Callback(() => _rows.Remove(key));
        var (page, dialogs, snackbars) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        Rows(page)[0].Click(new MouseEventArgs { Detail = 2 });
        dialogs.WaitForElement("[data-testid=quick-30]").Click();
        dialogs.Find("[data-testid=save]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains(gone, snackbars.Markup));
        page.WaitForAssertion(() => Assert.Equal(2, Rows(page).Count));
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
    }

    [Fact]
    public void Create_offers_eligible_accounts_and_shows_the_secret_once()
    {
        var bot = new AccountSummary("id-bot", "integration.bot", "Integration bot");
        var expiry = ExpiryDay.EndOf(Now.UtcDateTime.Date.AddDays(30));
        var createdRow = Row("integration.bot", "Integration bot", 30) with { AccountId = bot.Id, ExpiresAt = expiry };
        const string secret = "c2VjcmV0LXNob3duLW9ubHktb25jZQ==";
        _keys.Setup(k => k.FindEligibleAccountsAsync(It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([bot]);
        var suggested = KeyNames.Suggested("Integration bot", Now); // the account's display name and the day
        _keys.Setup(k => k.CreateAsync(It.Is<KeyDraft>(d => d.Account == bot.Id && d.ExpiresAt == expiry && d.Name == suggested && d.Scopes!.Count == 0), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CreatedKey(createdRow, secret))
            .Callback(() => _rows.Add(createdRow));
        var (page, dialogs, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        page.Find("[data-testid=create]").Click();
        dialogs.WaitForElement("input[data-testid=account]").Input("bot");
        Clock.Advance(TimeSpan.FromSeconds(1)); // MudBlazor debounces typing on the injected TimeProvider
        _popovers.WaitForElement(".mud-popover-open .mud-list-item").Click();
        dialogs.Find("[data-testid=quick-30]").Click();
        dialogs.Find("[data-testid=save]").Click();

        var properties = dialogs.WaitForElement("[data-testid=key-properties]");
        Assert.Contains("shown only this once", properties.TextContent);
        Assert.Equal(createdRow.Token, dialogs.Find("input[data-testid=token]").GetAttribute("value"));
        Assert.Contains(secret, dialogs.Find("textarea[data-testid=secret]").TextContent + dialogs.Find("textarea[data-testid=secret]").GetAttribute("value"));
        dialogs.Find("[data-testid=close]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        Assert.DoesNotContain(secret, page.Markup);
        Assert.DoesNotContain(secret, dialogs.Markup);
        _keys.Verify(k => k.CreateAsync(It.Is<KeyDraft>(d => d.Account == bot.Id && d.ExpiresAt == expiry && d.Name == suggested && d.Scopes!.Count == 0), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void Create_refused_for_an_ineligible_account_shows_the_reason_under_the_account()
    {
        var reader = new AccountSummary("id-reader", "reporting", "Reporting service");
        const string reason = "The account «reporting» may not use the API.";
        _keys.Setup(k => k.FindEligibleAccountsAsync(It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([reader]);
        _keys.Setup(k => k.CreateAsync(It.Is<KeyDraft>(d => d.Account == reader.Id), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Failure(FailureCode.AccountNotEligible, reason));
        var (page, dialogs, _) = RenderPage();

        page.Find("[data-testid=create]").Click();
        dialogs.WaitForElement("input[data-testid=account]").Input("rep");
        Clock.Advance(TimeSpan.FromSeconds(1));
        _popovers.WaitForElement(".mud-popover-open .mud-list-item").Click();
        dialogs.Find("[data-testid=save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains(reason, dialogs.Find(".mud-dialog").TextContent));
        Assert.Empty(dialogs.FindAll("[data-testid=key-properties]"));
    }

    [Fact]
    public void Save_without_an_account_asks_for_one_and_calls_nothing()
    {
        var (page, dialogs, _) = RenderPage();

        page.Find("[data-testid=create]").Click();
        dialogs.WaitForElement("[data-testid=save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Choose an account.", dialogs.Find(".mud-dialog").TextContent));
        _keys.Verify(k => k.CreateAsync(It.IsAny<KeyDraft>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void A_past_expiry_is_said_beside_the_date_at_once_together_with_the_missing_account()
    {
        var (page, dialogs, _) = RenderPage();

        page.Find("[data-testid=create]").Click();
        dialogs.WaitForElement("input[data-testid=expiry]").Change("01/01/2020");

        // Before Save: the hint no longer says "works until" a day already past.
        dialogs.WaitForAssertion(() => Assert.Contains("The expiry date must be in the future.", dialogs.Find(".mud-dialog").TextContent));
        Assert.DoesNotContain("works until", dialogs.Find(".mud-dialog").TextContent);
        dialogs.Find("[data-testid=save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Choose an account.", dialogs.Find(".mud-dialog").TextContent));
        Assert.Contains("The expiry date must be in the future.", dialogs.Find(".mud-dialog").TextContent);
        _keys.Verify(k => k.CreateAsync(It.IsAny<KeyDraft>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void A_past_expiry_message_goes_as_soon_as_a_future_day_is_chosen_before_any_Save()
    {
        var (page, dialogs, _) = RenderPage();

        page.Find("[data-testid=create]").Click();
        dialogs.WaitForElement("input[data-testid=expiry]").Change("01/01/2020");
        dialogs.WaitForAssertion(() => Assert.Contains("The expiry date must be in the future.", dialogs.Find(".mud-dialog").TextContent));
        dialogs.Find("[data-testid=quick-30]").Click();

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("The expiry date must be in the future.", dialogs.Find(".mud-dialog").TextContent));
        Assert.Contains("works until", dialogs.Find(".mud-dialog").TextContent);
    }

    [Fact]
    public void An_account_typed_but_not_in_the_list_says_why_it_cannot_hold_a_key()
    {
        const string reason = "The account «reporting» may not use the API: it needs the \"API calls\" permission.";
        _keys.Setup(k => k.FindEligibleAccountsAsync(It.IsAny<string?>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _keys.Setup(k => k.FindAccountForKeyAsync("reporting", It.IsAny<CancellationToken>())).ReturnsAsync(new Failure(FailureCode.AccountNotEligible, reason));
        _keys.Setup(k => k.FindAccountForKeyAsync("nobody", It.IsAny<CancellationToken>())).ReturnsAsync(new Failure(FailureCode.AccountNotFound, "The account was not found."));
        var (page, dialogs, _) = RenderPage();

        page.Find("[data-testid=create]").Click();
        dialogs.WaitForElement("input[data-testid=account]").Input("reporting");
        Clock.Advance(TimeSpan.FromSeconds(1));
        dialogs.Find("[data-testid=save]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(reason, dialogs.Find(".mud-dialog").TextContent));
        Assert.DoesNotContain("Choose an account.", dialogs.Find(".mud-dialog").TextContent);

        dialogs.Find("input[data-testid=account]").Input("nobody");
        Clock.Advance(TimeSpan.FromSeconds(1));
        dialogs.Find("[data-testid=save]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("There is no account «nobody».", dialogs.Find(".mud-dialog").TextContent));
        _keys.Verify(k => k.CreateAsync(It.IsAny<KeyDraft>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void Delete_is_disabled_until_keys_are_ticked_and_then_shows_the_count()
    {
        var (page, _, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));
        Assert.True(page.Find("[data-testid=delete]").HasAttribute("disabled"));

        Tick(page, 0, 2);

        page.WaitForAssertion(() => Assert.Contains("Delete (2)", page.Find("[data-testid=delete]").TextContent));
        Assert.False(page.Find("[data-testid=delete]").HasAttribute("disabled"));
    }

    [Fact]
    public void Delete_then_Cancel_deletes_nothing()
    {
        var (page, dialogs, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));
        Tick(page, 0, 2);

        page.Find("[data-testid=delete]").Click();
        var confirmation = dialogs.WaitForElement(".mud-dialog");
        Assert.Contains("Delete 2 authentication keys?", confirmation.TextContent);
        Assert.Contains("Integration bot (integration.bot)", confirmation.TextContent);
        Assert.Contains("Анна Иванова (a.ivanova)", confirmation.TextContent);
        Assert.DoesNotContain("ERP exchange", confirmation.TextContent);
        Button(dialogs, "Cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        _keys.Verify(k => k.DeleteAsync(It.IsAny<IReadOnlyCollection<Guid>>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(3, Rows(page).Count);
    }

    [Fact]
    public void Delete_with_confirmation_deletes_exactly_the_checked_keys_and_says_how_many()
    {
        IReadOnlyCollection<Guid>? deletedIds = null;
        _keys.Setup(k => k.DeleteAsync(It.IsAny<IReadOnlyCollection<Guid>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyCollection<Guid>, CancellationToken>((ids, _) =>
            {
                deletedIds = ids;
                _rows.RemoveAll(r => ids.Contains(r.Id));
            })
            .ReturnsAsync(2);
        var (page, dialogs, snackbars) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));
        var expected = new[] { _rows[0].Id, _rows[2].Id };
        Tick(page, 0, 2);

        page.Find("[data-testid=delete]").Click();

        // The confirmation names each key and what its account loses; Cancel comes first (it takes the focus), Delete is red.
        dialogs.WaitForAssertion(() => Assert.Equal(2, dialogs.FindAll("[data-testid=confirm-list] li").Count));
        var listed = dialogs.Find("[data-testid=confirm-list]").TextContent;
        Assert.Contains($"{_rows[0].Name} — {AuthenticationKeysPage.ShortToken(_rows[0].Token)} ({_rows[0].AccountLogin})", listed);
        Assert.Contains("lose the ability to use the API with HMAC authentication", dialogs.Find(".mud-dialog").TextContent);
        var buttons = dialogs.FindAll(".mud-dialog-actions button");
        Assert.Equal(["Cancel", "Delete"], buttons.Select(b => b.TextContent.Trim()));
        Assert.Contains("mud-button-filled-error", buttons[1].ClassName);
        Button(dialogs, "Delete").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("2 keys deleted.", snackbars.Markup));
        Assert.Equal(expected.Order(), deletedIds!.Order());
        page.WaitForAssertion(() => Assert.Single(Rows(page)));
        _keys.Verify(k => k.DeleteAsync(It.IsAny<IReadOnlyCollection<Guid>>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.True(page.Find("[data-testid=delete]").HasAttribute("disabled"));
    }

    [Fact]
    public void Disable_asks_naming_the_ticked_keys_then_disables_exactly_them_and_Enable_offers_itself_for_disabled_ones()
    {
        IReadOnlyCollection<Guid>? disabledIds = null;
        _keys.Setup(k => k.SetDisabledAsync(It.IsAny<IReadOnlyCollection<Guid>>(), true, It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyCollection<Guid>, bool, CancellationToken>((ids, _, _) =>
            {
                disabledIds = ids;
                for (var i = 0; i < _rows.Count; i++)
                {
                    _rows[i] = ids.Contains(_rows[i].Id) ? _rows[i] with { Status = KeyStatus.Disabled } : _rows[i];
                }
            })
            .ReturnsAsync(2);
        var (page, dialogs, snackbars) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));
        Assert.True(page.Find("[data-testid=disable]").HasAttribute("disabled"));
        var expected = new[] { _rows[0], _rows[2] };
        Tick(page, 0, 2);

        page.Find("[data-testid=disable]").Click();
        dialogs.WaitForAssertion(() =>
        {
            var confirmation = dialogs.Find("[data-testid=confirm-list]").TextContent;
            Assert.Contains($"{expected[0].Name} — {AuthenticationKeysPage.ShortToken(expected[0].Token)} ({expected[0].AccountLogin})", confirmation);
            Assert.Contains($"{expected[1].Name} — {AuthenticationKeysPage.ShortToken(expected[1].Token)} ({expected[1].AccountLogin})", confirmation);
        });
        Button(dialogs, "Disable").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("Keys disabled: 2.", snackbars.Markup));
        Assert.Equal(expected.Select(k => k.Id).Order(), disabledIds!.Order());
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-status=Disabled]").Count));
        Tick(page, 0);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=enable]").HasAttribute("disabled")));
        Assert.True(page.Find("[data-testid=disable]").HasAttribute("disabled"));
    }

    [Fact]
    public void Keys_deleted_by_someone_else_meanwhile_are_reported()
    {
        _keys.Setup(k => k.DeleteAsync(It.IsAny<IReadOnlyCollection<Guid>>(), It.IsAny<CancellationToken>())).ReturnsAsync(1);
        var (page, dialogs, snackbars) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));
        Tick(page, 0, 1);

        page.Find("[data-testid=delete]").Click();
        dialogs.WaitForElement(".mud-dialog");
        Button(dialogs, "Delete").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("1 key deleted.", snackbars.Markup));
        Assert.Contains("1 of the checked keys had already been deleted by someone else.", snackbars.Markup);
    }

    [Fact]
    public void Until_the_first_page_arrives_the_list_says_it_is_loading_and_never_that_there_are_no_keys()
    {
        var first = new TaskCompletionSource<KeyPage>();
        _keys.Setup(k => k.QueryAsync(It.IsAny<KeyQuery>(), It.IsAny<CancellationToken>())).Returns(() => first.Task);

        var (page, _, _) = RenderPage();

        // Before the live connection (prerendering) the list's own text says so; while the grid asks, its progress bar.
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=loading-keys], .mud-table-loading .mud-progress-linear")));
        Assert.Empty(page.FindAll("[data-testid=no-keys]"));
        first.SetResult(new KeyPage([], 0));
        page.WaitForElement("[data-testid=no-keys]");
        Assert.Empty(page.FindAll("[data-testid=loading-keys]"));
    }

    [Fact]
    public void A_list_that_cannot_load_says_so_and_stays_usable()
    {
        _keys.Setup(k => k.QueryAsync(It.IsAny<KeyQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("database is down"));

        var (page, _, snackbars) = RenderPage();

        snackbars.WaitForAssertion(() => Assert.Contains("The keys could not be loaded", snackbars.Markup));
        Assert.DoesNotContain("database is down", snackbars.Markup);
        Assert.False(page.Find("[data-testid=create]").HasAttribute("disabled"));
    }

    [Fact]
    public void The_search_text_is_sent_to_the_server_from_the_first_page()
    {
        var (page, _, _) = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, Rows(page).Count));

        page.Find("input[data-testid=search]").Input("bot");
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Contains(Queries(), q => q.Search == "bot" && q.Page == 0 && q.SortBy == KeySort.Expires), TimeSpan.FromSeconds(5));
    }

    private (IRenderedComponent<AuthenticationKeysPage> Page, IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars) RenderPage()
    {
        _popovers = Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        return (Render<AuthenticationKeysPage>(), dialogs, snackbars);
    }

    private List<KeyQuery> Queries() =>
        [.. _keys.Invocations.Where(i => i.Method.Name == nameof(IAuthenticationKeyService.QueryAsync)).Select(i => (KeyQuery)i.Arguments[0]!)];

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<AuthenticationKeysPage> page) => page.FindAll("tbody tr.mud-table-row");

    private static void Tick(IRenderedComponent<AuthenticationKeysPage> page, params int[] rows)
    {
        foreach (var row in rows)
        {
            page.FindAll("tbody input[type=checkbox]")[row].Change(true);
        }
    }

    private static IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private AuthenticationKeyRow Row(string login, string displayName, int daysValid) => new(
        Guid.NewGuid(), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000", $"id-{login}", login, displayName,
        Now.AddDays(-1), "test.admin", Now.AddDays(daysValid), null,
        KeyStatuses.Of(Now.AddDays(daysValid), accountEligible: true, disabled: false, Now, TimeSpan.FromDays(14)), Guid.NewGuid(),
        Name: $"{displayName} key");
}
