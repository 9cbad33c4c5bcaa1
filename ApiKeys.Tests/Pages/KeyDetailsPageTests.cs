using ApiKeys.Domain.Limits;
using ApiKeys.Admin;
using ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Usage;
using ApiKeys.Tests.Support;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using MudBlazor;

namespace ApiKeys.Tests.Pages;

public sealed class KeyDetailsPageTests : MudTestContext
{
    private readonly Mock<IAuthenticationKeyService> _keys = new(MockBehavior.Strict);
    private AuthenticationKeyRow _key;
    private KeyDetails? _details;

    public KeyDetailsPageTests()
    {
        var now = Clock.GetUtcNow();
        _key = new AuthenticationKeyRow(
            Guid.NewGuid(), "0123456789abcdef0123456789abcdef01234567", "id-bot", "integration.bot", "Integration bot",
            now.AddDays(-40), "admin", now.AddDays(50), now.AddHours(-2), KeyStatus.Active, Guid.NewGuid(), "Nightly export", "Sends the orders",
            RolledFromId: Guid.NewGuid(),
            Limits: new KeyLimits(["203.0.113.0/24", "2001:db8::/32"], new RateLimit(100, RatePeriod.Minute), new Quota(10_000, QuotaRefill.Daily)),
            QuotaLeft: 9_876);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = Enumerable.Range(0, 30).Select(i => new KeyUsageDay(today.AddDays(i - 29), i == 29 ? 120 : i == 20 ? 7 : 0, i == 29 ? 4 : 0,
            i == 29 ? new RefusalCounts(Signature: 1, Replay: 0, Scope: 0, Address: 0, Rate: 3, Quota: 0) : default)).ToList();
        _details = new KeyDetails(_key, new KeyUsageReport(days, now.AddHours(-2), "203.0.113.7", "erp-connector/2.1"),
        [
            new AuditEntry { Id = Guid.NewGuid(), At = now.AddDays(-1), Actor = "admin", Action = AuditAction.KeyRenamed, Target = $"{_key.Token} (integration.bot)", Details = "«Export» → «Nightly export»" },
            new AuditEntry { Id = Guid.NewGuid(), At = now.AddDays(-40), Actor = "admin", Action = AuditAction.KeyCreated, Target = $"{_key.Token} (integration.bot)" },
        ]);
        _keys.Setup(k => k.DetailsAsync(It.IsAny<Guid>(), 30, It.IsAny<TimeZoneInfo>(), It.IsAny<CancellationToken>())).ReturnsAsync(() => _details);
        Services.AddSingleton(_keys.Object);
    }

    [Fact]
    public void The_details_show_the_properties_where_the_key_was_last_used_from_the_chart_and_the_trail()
    {
        var (page, _, _) = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("Nightly export", page.Find("[data-testid=key-title]").TextContent));
        var properties = page.Find("[data-testid=properties]").TextContent;
        Assert.Contains("Integration bot (integration.bot)", properties);
        Assert.Contains("Sends the orders", properties);
        Assert.Contains(_key.Token, properties);
        Assert.Contains("from 203.0.113.7", page.Find("[data-testid=last-used]").TextContent);
        Assert.Equal("erp-connector/2.1", page.Find("[data-testid=user-agent]").TextContent);
        Assert.Equal(PageRoutes.KeyDetails(_key.RolledFromId!.Value), page.Find("[data-testid=rolled-from]").GetAttribute("href"));
        Assert.Equal("203.0.113.0/24, 2001:db8::/32", page.Find("[data-testid=allow-from]").TextContent.Trim());
        Assert.Equal("100 calls per minute", page.Find("[data-testid=rate-limit]").TextContent.Trim());
        Assert.Equal("9876 of 10000 calls left, refilled daily (UTC)", page.Find("[data-testid=quota]").TextContent.Trim());
        const string Summary = "127 accepted and 4 refused calls in the last 30 days. Refused by reason: signature 1, rate limit 3.";
        Assert.Contains(Summary, page.Find("[data-testid=usage-summary]").TextContent);
        Assert.Equal(Summary, page.Find("[data-testid=usage-chart]").GetAttribute("aria-label"));
        Assert.NotEmpty(page.FindAll("[data-testid=usage-chart] svg"));
        var trail = page.FindAll("[data-testid=trail] tbody tr");
        Assert.Equal(2, trail.Count);
        Assert.Contains("key.renamed", trail[0].TextContent);
        Assert.Contains("«Export» → «Nightly export»", trail[0].TextContent);
    }

    [Fact]
    public void Russian_texts()
    {
        UseCulture("ru");

        var (page, _, _) = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("Журнал аудита ключа", page.Markup));
        Assert.Contains("принято вызовов: 127, отклонено: 4", page.Find("[data-testid=usage-summary]").TextContent);
        Assert.Contains("Отключить", page.Find("[data-testid=disable]").TextContent);
    }

    [Fact]
    public void A_key_deleted_meanwhile_says_so_and_leads_back_to_the_list()
    {
        _details = null;

        var (page, _, _) = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("no longer exists", page.Find("[data-testid=key-missing]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=delete]"));
    }

    [Fact]
    public void Disable_asks_first_then_shows_the_key_disabled_with_Enable_offered()
    {
        _keys.Setup(k => k.SetDisabledAsync(It.Is<IReadOnlyCollection<Guid>>(ids => ids.Single() == _key.Id), true, It.IsAny<CancellationToken>()))
            .Callback(() => _details = _details! with { Key = _key with { Status = KeyStatus.Disabled } })
            .ReturnsAsync(1);
        var (page, dialogs, snackbars) = RenderPage();

        page.WaitForElement("[data-testid=disable]").Click();
        dialogs.WaitForElement(".mud-dialog");
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Disable").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("Keys disabled: 1.", snackbars.Markup));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=enable]")));
        Assert.NotEmpty(page.FindAll("[data-status=Disabled]"));
    }

    [Fact]
    public void Delete_asks_first_then_goes_back_to_the_list()
    {
        _keys.Setup(k => k.DeleteAsync(It.Is<IReadOnlyCollection<Guid>>(ids => ids.Single() == _key.Id), It.IsAny<CancellationToken>())).ReturnsAsync(1);
        var (page, dialogs, _) = RenderPage();

        page.WaitForElement("[data-testid=delete]").Click();
        dialogs.WaitForElement(".mud-dialog");
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith(PageRoutes.AuthenticationKeys, navigation.Uri));
        _keys.Verify(k => k.DeleteAsync(It.IsAny<IReadOnlyCollection<Guid>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    private (IRenderedComponent<KeyDetailsPage> Page, IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars) RenderPage()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        return (Render<KeyDetailsPage>(p => p.Add(x => x.Id, _key.Id)), dialogs, snackbars);
    }
}
