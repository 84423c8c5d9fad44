import { escapeHtml } from '../../text/escape-html.ts';

/** A complete page: no inline script or style, so the CSP can forbid both. */
export function layout(title: string, body: string, scripts: string[] = []): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Guestlist</title><link rel="stylesheet" href="/assets/page.css"></head>
<body><main class="card">${body}</main>${scripts.map((s) => `<script src="${escapeHtml(s)}"></script>`).join('')}</body></html>`;
}
