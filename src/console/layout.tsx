import { raw } from 'hono/html';
import type { Child, FC, PropsWithChildren } from 'hono/jsx';

/** Plain, legible styling; no build step, no web fonts, no script. */
const css = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 "Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif;color:#1d2430;background:#f4f6f9}
a{color:#0b5cad}
header{background:#17324d;color:#fff;padding:.6rem 1.2rem;display:flex;gap:.4rem 1rem;align-items:baseline;flex-wrap:wrap}
header strong{font-size:1.1rem}
header .clock{margin-left:auto;font-size:.8rem;opacity:.85;white-space:nowrap}
header nav.sections{order:1;flex-basis:100%}
nav.sections{display:flex;gap:.2rem .8rem;flex-wrap:wrap;font-size:.86rem;align-items:baseline}
nav.sections a{color:#dbe8f5;text-decoration:none}
nav.sections a.active{color:#fff;border-bottom:2px solid #f0b429}
nav.sections .group{color:#9fb6cc;font-size:.7rem;text-transform:uppercase;letter-spacing:.04em;margin-left:.4rem}
main{padding:1rem 1.2rem 3rem;max-width:1400px}
h1{font-size:1.35rem;margin:.4rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
form{margin:0}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d5dbe3}
th,td{text-align:left;padding:.4rem .45rem;border-bottom:1px solid #e3e7ed;vertical-align:top;font-size:.9rem}
th{background:#eef2f6;font-weight:600;white-space:nowrap}
td.nowrap{white-space:nowrap}
td.mono,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem;word-break:break-all}
.badge{display:inline-block;white-space:nowrap;padding:.05rem .45rem;border-radius:.7rem;font-size:.8rem;font-weight:600;background:#e3e7ed}
.badge.issued,.badge.Verified,.badge.valid,.badge.on{background:#d3f2dc;color:#14532d}
.badge.pending,.badge.Unverified{background:#fff0c2;color:#6b4e00}
.badge.revoked,.badge.rejected{background:#fadbd8;color:#7f1d1d}
.badge.replaced,.badge.expired,.badge.off{background:#e3e7ed;color:#374151}
form.filters{display:flex;gap:.8rem;align-items:end;flex-wrap:wrap;margin-bottom:1rem;background:#fff;padding:.7rem;border:1px solid #d5dbe3}
fieldset{border:1px solid #d5dbe3;border-radius:3px;padding:.6rem .9rem .8rem;margin:1rem 0}
legend{font-weight:600;font-size:.9rem;padding:0 .3rem}
label{display:block;font-size:.85rem;font-weight:600;margin-bottom:.2rem}
input:not([type]),input[type=text],input[type=number],input[type=password],input[type=email],input[type=tel],input[type=url],input[type=search],select,textarea{font:inherit;padding:.3rem .45rem;border:1px solid #aeb8c4;border-radius:3px;background:#fff}
textarea{width:100%;min-height:6rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem}
button,.button{font:inherit;font-size:.9rem;padding:.32rem .8rem;border:1px solid #0b5cad;border-radius:3px;background:#0b5cad;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
a:focus-visible,button:focus-visible,summary:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:2px solid #f0b429;outline-offset:1px}
button.secondary,.button.secondary{background:#fff;color:#0b5cad}
button.danger{background:#b42318;border-color:#b42318}
button:disabled,button:disabled:hover{background:#c9d1db;border-color:#c9d1db;color:#4f5a68;cursor:not-allowed}
button.secondary:disabled{background:#f1f3f6;border-color:#d5dbe3;color:#8a94a3}
input[readonly],textarea[readonly],input:disabled,select:disabled,textarea:disabled{background:#eef1f4;color:#4f5a68;border-color:#d5dbe3;cursor:default}
.button.danger{background:#b42318;border-color:#b42318;color:#fff}
td.actions{white-space:nowrap;width:1%}
td.name{overflow-wrap:anywhere;min-width:10.5rem}
td.serial .digits{display:inline-block;width:16ch}
td.vendor{min-width:8rem}
td .account{font-size:.8rem;color:#5b6675}
td.ids{font-size:.82rem;white-space:nowrap}
td.path{min-width:18rem}
td.ids .label{color:#5b6675;margin-right:.3rem}
details.actions{position:relative}
details.actions summary{cursor:pointer;color:#0b5cad;white-space:nowrap;list-style:none}
details.actions summary::-webkit-details-marker{display:none}
details.actions summary::before{content:"\\25B8\\00A0"}
details.actions[open] summary::before{content:"\\25BE\\00A0"}
details.actions .menu{position:absolute;right:0;top:calc(100% + .25rem);z-index:10;background:#fff;border:1px solid #aeb8c4;border-radius:3px;box-shadow:0 4px 14px rgba(23,50,77,.18);padding:.5rem;display:grid;gap:.4rem;min-width:13rem}
details.actions .menu .button,details.actions .menu button{width:100%;text-align:left}
details.actions .menu form{display:flex;gap:.3rem;align-items:center;margin:0}
.panel{background:#fff;border:1px solid #d5dbe3;padding:1rem 1.2rem;margin-bottom:1rem;max-width:900px}
.field{margin-bottom:.9rem}
.hint{color:#5b6675;font-size:.85rem}
.flash{padding:.6rem .8rem;margin-bottom:1rem;border-radius:3px;background:#d3f2dc;border:1px solid #9fd8b0}
.flash.error{background:#fadbd8;border-color:#efa49c}
ol.stepper{display:flex;gap:0;list-style:none;padding:0;margin:0 0 1rem;flex-wrap:wrap;max-width:900px}
ol.stepper li{flex:1;padding:.4rem .6rem;background:#e3e7ed;border-right:2px solid #f4f6f9;font-size:.85rem;color:#5b6675}
ol.stepper li.done{background:#cfe3f6;color:#17324d}
ol.stepper li.current{background:#17324d;color:#fff;font-weight:600}
.buttons{display:flex;gap:.6rem;margin-top:1rem}
pre{white-space:pre-wrap;background:#f7f8fa;border:1px solid #e3e7ed;padding:.6rem;font-size:.8rem}
`;

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

const sections: { group: string; links: [string, string][] }[] = [
  {
    group: 'Certificate Center',
    links: [
      ['/certificates', 'Issued Certificates'],
      ['/reissue-requests', 'Reissue Requests'],
    ],
  },
  {
    group: 'Desktop Signing',
    links: [
      ['/desktop-signing', 'Issued Certificates'],
      ['/desktop-signing/reissue-requests', 'Reissue Requests'],
    ],
  },
  {
    group: 'Emulator',
    links: [
      ['/outbox', 'Outbox'],
      ['/scenarios', 'Scenarios'],
      ['/clock', 'Clock'],
      ['/journal', 'Journal'],
      ['/acme-keys', 'ACME keys'],
    ],
  },
];

export const Layout: FC<PropsWithChildren<{ title: string; active: string; now: Date; flash?: Flash }>> = (props) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · mockca console</title>
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <header>
          <strong>mockca console</strong>
          <nav class="sections" aria-label="sections">
            {sections.map((s) => (
              <>
                <span class="group">{s.group}</span>
                {s.links.map(([href, text]) => (
                  <a href={href} class={props.active === href ? 'active' : undefined}>
                    {text}
                  </a>
                ))}
              </>
            ))}
          </nav>
          <span class="clock" title="virtual clock">
            {props.now.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}
          </span>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.flash ? (
            <div class={props.flash.kind === 'error' ? 'flash error' : 'flash'} role={props.flash.kind === 'error' ? 'alert' : 'status'}>
              {props.flash.text}
            </div>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  </>
);

export const Badge: FC<{ value: string }> = ({ value }) => <span class={`badge ${value}`}>{value}</span>;

export const Stepper: FC<{ steps: string[]; current: number }> = ({ steps, current }) => (
  <ol class="stepper">
    {steps.map((s, i) => (
      <li class={i < current ? 'done' : i === current ? 'current' : undefined} aria-current={i === current ? 'step' : undefined}>
        {i + 1}. {s}
      </li>
    ))}
  </ol>
);

export const day = (ms: number | null): Child => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));
export const time = (ms: number | null): Child => (ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ''));
