/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface PageOptions {
  title: string;
  /** Already escaped HTML for the inside of `<main>`. */
  body: string;
}

// Colours keep a 4.5:1 contrast at least, so axe checks in the Playwright suite pass.
const STYLES = `
  body { margin: 0; font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2;
    color: #1b1b1b; }
  main { max-width: 440px; margin: 48px auto; padding: 44px; background: #fff;
    box-shadow: 0 2px 6px rgba(0, 0, 0, 0.2); }
  .brand { margin: 0 0 16px; font-size: 15px; font-weight: 600; color: #505050; }
  .notice { margin: 0 0 16px; font-size: 13px; color: #505050; }
  h1 { margin: 0 0 16px; font-size: 24px; font-weight: 600; }
  label { display: block; margin: 16px 0 4px; font-size: 15px; }
  input[type="email"], input[type="password"] { box-sizing: border-box; width: 100%;
    padding: 6px 8px; font-size: 15px; border: 1px solid #666; }
  .error { color: #a4262c; font-size: 15px; }
  .trace { font-size: 12px; color: #505050; white-space: pre-wrap; word-break: break-all; }
  .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 24px; }
  button { min-width: 108px; padding: 6px 12px; font-size: 15px; border: 1px solid #0067b8;
    background: #0067b8; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1b1b1b; border-color: #666; }
  ul.scopes { padding-left: 20px; }
`;

export function renderPage(options: PageOptions): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title)}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
<p class="brand">Microsoft</p>
<p class="notice">Lokaler Ersatz der Microsoft-Anmeldung für Tests und Demo.</p>
${options.body}
</main>
</body>
</html>
`;
}
