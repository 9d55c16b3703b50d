// The admin sign-in pages: a form (GET /admin/login), the admin home listing the admin pages with a
// sign-out button (GET /admin). Self-contained HTML: no outside font, script or image.
// (Operator-facing, like Bull Board: English, not in locales/.)

export function loginPage(opts: { next: string; error?: string }): string {
  const error = opts.error ? `<p class="error" role="alert">${escapeHtml(opts.error)}</p>` : '';
  return page(
    'Passerelle admin: sign in',
    `<h1>Passerelle admin</h1>
${error}<form method="post" action="/admin/login">
<input type="hidden" name="next" value="${escapeHtml(opts.next)}">
<label for="token">Admin token (ADMIN_TOKEN)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Sign in</button>
</form>`,
  );
}

export function adminHome(links: readonly string[]): string {
  const items = links.map((path) => `<li><a href="${escapeHtml(path)}">${escapeHtml(path)}</a></li>`).join('\n');
  return page(
    'Passerelle admin',
    `<h1>Passerelle admin</h1>
<ul>
${items}
</ul>
<form method="post" action="/admin/logout"><button type="submit">Sign out</button></form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;width:100%;box-sizing:border-box;margin:.4rem 0}input,button{padding:.5rem;font-size:1rem}.error{color:#a00}</style>
</head><body>
${body}
</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
