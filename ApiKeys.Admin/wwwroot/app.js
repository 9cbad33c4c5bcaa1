// Copies text for the key properties dialog; resolves false when the browser refuses.
window.apiKeys = {
  copy: async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  }
};
