import type { ControlApp } from '../control/env.js';

/** A certificate seal on the header's navy: small enough to inline, drawn for 16 px and up. */
export const faviconSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#17324d"/>
<path d="M10.5 18.5 8 29l4.2-2.2L15 30l1.6-9.5zM21.5 18.5 24 29l-4.2-2.2L17 30l-1.6-9.5z" fill="#f0b429"/>
<circle cx="16" cy="13" r="8.5" fill="#f0b429"/>
<path d="m12 13.2 2.8 2.8 5.4-5.6" fill="none" stroke="#17324d" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;

/** `/favicon.svg` (linked from every page) and `/favicon.ico` (what browsers ask for on their own), both the SVG. */
export function faviconRoutes(app: ControlApp): void {
  for (const path of ['/favicon.svg', '/favicon.ico']) {
    app.get(path, (c) => c.body(faviconSvg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=86400' }));
  }
}
