/** What the browser may load for the page: its own script and style, nothing from elsewhere, no framing. */
export const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page's shell: the script builds the views; the token is what it sends with every change it asks for. */
export function pageHtml(token: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="durable-ui-token" content="${token}">
<title>durable · local service</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/app.css">
<script src="/ui/app.js" defer></script>
</head>
<body>
<header class="top"><a class="brand" href="#/">durable</a><span class="where">local durable-execution service</span><span id="live" class="live" role="status" aria-live="polite">connecting…</span></header>
<main id="main" tabindex="-1"><noscript>This page needs JavaScript; the API is served beside it.</noscript></main>
</body>
</html>
`;
}
