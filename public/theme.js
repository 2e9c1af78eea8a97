// Pressroom's theme, applied before the first paint. The theme button of the app
// remembers the reader's choice ("light" or "dark") in localStorage; this applies it as
// <html data-pressroom-theme>, which the stylesheet reads. Without a choice the page
// follows prefers-color-scheme. It is a file, not inline code, so it runs under the site's
// Content-Security-Policy; it blocks rendering only for as long as it takes to read one key.
try {
  var theme = window.localStorage.getItem("pressroom.theme");
  if (theme === "light" || theme === "dark") {
    document.documentElement.setAttribute("data-pressroom-theme", theme);
  }
} catch (e) {
  // Storage may be blocked (privacy settings, sandboxed frames): follow the system.
}
