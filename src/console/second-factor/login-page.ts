import type { IncomingMessage, ServerResponse } from 'node:http';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface LoginPageOptions {
  title: string;
  /** Where the form posts; no form without it (an error page). */
  action?: string;
  /** Where Cancel posts. */
  cancel?: string;
  error?: string;
  /** Extra hidden fields (SAMLRequest, RelayState). */
  hidden?: Record<string, string>;
}

/** The login page of mockca's built-in identity providers: plain HTML, no scripts. */
export function loginPage(o: LoginPageOptions): string {
  const hidden = Object.entries(o.hidden ?? {})
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  const form = o.action
    ? `<form method="post" action="${escape(o.action)}">${hidden}
<p><label for="idp-user">User name</label><br><input id="idp-user" name="username" autocomplete="username" required></p>
<p><label for="idp-password">Password</label><br><input id="idp-password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p></form>`
    : '';
  const cancel = o.cancel ? `<form method="post" action="${escape(o.cancel)}">${hidden}<button type="submit" class="secondary">Cancel</button></form>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(o.title)}</title>
<style>body{font:15px system-ui,sans-serif;max-width:28rem;margin:4rem auto;color:#1d2733}h1{font-size:1.3rem}.error{background:#fde8e8;border:1px solid #e0a0a0;padding:.5rem .75rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{padding:.4rem 1.2rem}.hint{color:#667}</style>
</head><body><h1>${escape(o.title)}</h1>
${o.error ? `<p class="error" role="alert">${escape(o.error)}</p>` : ''}${form}${cancel}
<p class="hint">mockca built-in identity provider — test credentials only.</p></body></html>`;
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** Reads a small urlencoded form (at most 64 KiB). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 65_536) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
