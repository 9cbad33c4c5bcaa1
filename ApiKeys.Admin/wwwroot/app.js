// Copies text for the key properties dialog; resolves false when the browser refuses.
window.apiKeys = {
  copy: async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  },
  // Saves text as a file the browser downloads (the new key's .env); nothing leaves the browser.
  download: (name, text) => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
  // Focuses a dialog's first control (by data-testid) unless the person has already moved the focus to a control in
  // the dialog: a fast Tab after opening is kept, while the dialog's own container taking the focus is undone.
  settleFocus: (testId) => {
    const dialogs = document.querySelectorAll('.mud-dialog-container');
    const dialog = dialogs[dialogs.length - 1];
    let element = dialog?.querySelector(`[data-testid="${CSS.escape(testId)}"]`);
    if (!element) return;
    if (!element.matches('button, input, textarea, a[href]')) element = element.querySelector('button, input, textarea, a[href]') ?? element;
    const active = document.activeElement;
    const moved = active && active !== document.body && dialog.contains(active) && active.getAttribute('tabindex') !== '-1' && active !== element;
    if (!moved) element.focus();
  }
};

// The browser's time zone, for the server to show times in (Components/Layout/BrowserTime.cs).
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !document.cookie.split('; ').includes(`ApiKeys.TimeZone=${encodeURIComponent(zone)}`)) {
    document.cookie = `ApiKeys.TimeZone=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
  }
})();

// When a dialog closes, the focus goes back where it was before it opened: to the same control or, when the list
// has been drawn again meanwhile, to the control with the same data-testid and data-key (the row's name or menu).
// For a second after, until the person presses a key or clicks, renders that move the focus elsewhere are undone.
(() => {
  let last = null, lastSelector = null, dialogOpen = false, holdUntil = 0;
  const focusable = 'button, a[href], input, select, textarea, [tabindex]';
  const selectorOf = (element) => {
    const host = element.closest('[data-testid]');
    if (!host) return null;
    const key = host.getAttribute('data-key');
    return `[data-testid="${CSS.escape(host.getAttribute('data-testid'))}"]` + (key ? `[data-key="${CSS.escape(key)}"]` : '');
  };
  const outside = (element) => element instanceof Element && element !== document.body && !element.closest('.mud-dialog-container, .mud-popover');
  document.addEventListener('focusin', (event) => {
    if (!dialogOpen && Date.now() <= holdUntil) {
      setTimeout(restore, 0); // something else (the dialog's own focus trap) moved the focus on closing
      return;
    }
    if (!dialogOpen && outside(event.target)) {
      last = event.target;
      lastSelector = selectorOf(last);
    }
  });
  // As a dialog opens, its container takes the focus from the first field a little later: give it back.
  let openedAt = 0;
  document.addEventListener('focusin', (event) => {
    const element = event.target;
    if (!(element instanceof Element) || Date.now() - openedAt > 1000) return;
    const container = element.closest('.mud-dialog-container');
    if (!container || element.getAttribute('tabindex') !== '-1') return;
    const first = container.querySelector('[data-initial-focus]');
    const control = first && (first.matches('button, input, textarea') ? first : first.querySelector('button, input, textarea'));
    control?.focus();
  });
  for (const type of ['keydown', 'mousedown', 'touchstart']) document.addEventListener(type, () => { holdUntil = 0; }, true);
  const target = () => {
    let found = last && last.isConnected ? last : (lastSelector && document.querySelector(lastSelector));
    if (found && !found.matches(focusable)) found = found.querySelector(focusable);
    return found;
  };
  const restore = () => {
    if (dialogOpen || Date.now() > holdUntil) return;
    const found = target();
    if (found && document.activeElement !== found) found.focus();
  };
  new MutationObserver(() => {
    const open = document.querySelector('.mud-dialog-container') !== null;
    if (!dialogOpen && open && outside(document.activeElement)) {
      last = document.activeElement; lastSelector = selectorOf(last); // what opened the dialog
    }
    if (dialogOpen && !open) holdUntil = Date.now() + 1000;
    if (!dialogOpen && open) openedAt = Date.now();
    dialogOpen = open;
    if (!open) setTimeout(restore, 0); // after the render that caused this
  }).observe(document.body, { childList: true, subtree: true });
})();
