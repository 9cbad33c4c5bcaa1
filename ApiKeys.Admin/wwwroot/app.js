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
// When that control is gone or disabled (its row deleted, Delete with nothing left ticked), the focus goes to the row
// now in the same place, else to the first enabled button of the same toolbar, else to <main>: never to <body>.
(() => {
  let last = null, lastSelector = null, lastPlace = null, dialogOpen = false, holdUntil = 0;
  const focusable = 'button, a[href], input, select, textarea, [tabindex]';
  const selectorOf = (element) => {
    const host = element.closest('[data-testid]');
    if (!host) return null;
    const key = host.getAttribute('data-key');
    return `[data-testid="${CSS.escape(host.getAttribute('data-testid'))}"]` + (key ? `[data-key="${CSS.escape(key)}"]` : '');
  };
  const placeOf = (element) => {
    const row = element.closest('tbody tr');
    return {
      rows: row?.parentElement ?? null,
      index: row ? [...row.parentElement.children].indexOf(row) : -1,
      host: element.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
      toolbar: element.closest('.mud-toolbar, [role=toolbar]'),
    };
  };
  const remember = (element) => { last = element; lastSelector = selectorOf(element); lastPlace = placeOf(element); };
  const outside = (element) => element instanceof Element && element !== document.body && !element.closest('.mud-dialog-container, .mud-popover');
  document.addEventListener('focusin', (event) => {
    if (!dialogOpen && Date.now() <= holdUntil) {
      setTimeout(restore, 0); // something else (the dialog's own focus trap) moved the focus on closing
      return;
    }
    if (!dialogOpen && outside(event.target)) remember(event.target);
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
  const usable = (element) => element && element.isConnected && !element.disabled && !element.closest('[disabled]');
  const replacement = () => {
    const rows = lastPlace?.rows?.isConnected ? lastPlace.rows : document.querySelector('tbody');
    const row = lastPlace?.index >= 0 && rows?.children.length
      ? rows.children[Math.min(lastPlace.index, rows.children.length - 1)] : null;
    let inRow = row && ((lastPlace.host && row.querySelector(`[data-testid="${CSS.escape(lastPlace.host)}"]`)) || row.querySelector(focusable));
    if (inRow && !inRow.matches(focusable)) inRow = inRow.querySelector(focusable);
    if (usable(inRow)) return inRow;
    const toolbar = lastPlace?.toolbar?.isConnected ? lastPlace.toolbar : null;
    const button = toolbar && [...toolbar.querySelectorAll('button, a[href]')].find(usable);
    if (button) return button;
    const main = document.querySelector('main');
    if (main && !main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
    return main;
  };
  const target = () => {
    let found = last && last.isConnected ? last : (lastSelector && document.querySelector(lastSelector));
    if (found && !found.matches(focusable)) found = found.querySelector(focusable);
    return usable(found) ? found : replacement();
  };
  const restore = () => {
    if (dialogOpen || Date.now() > holdUntil) return;
    const found = target();
    if (found && document.activeElement !== found) found.focus();
  };
  new MutationObserver(() => {
    const open = document.querySelector('.mud-dialog-container') !== null;
    if (!dialogOpen && open && outside(document.activeElement)) {
      remember(document.activeElement); // what opened the dialog
    }
    if (dialogOpen && !open) holdUntil = Date.now() + 1000;
    if (!dialogOpen && open) openedAt = Date.now();
    dialogOpen = open;
    if (!open) setTimeout(restore, 0); // after the render that caused this
  }).observe(document.body, { childList: true, subtree: true });
})();
