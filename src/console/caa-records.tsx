import type { EmulatorContext } from '../context.js';
import type { ControlApp } from '../control/env.js';
import { isDnsName } from '../emulators/domain-names.js';
import { caaZoneForm } from '../state/caa.js';
import { field, redirectWith } from './data.js';
import { getDraft, type ReissueDraft } from './reissue-draft.js';

/** The look of the layout's badges, under a class of its own (the verification row's .badge is its status). */
const pill = (ok: boolean) =>
  `display:inline-block;padding:.05rem .45rem;border-radius:.7rem;font-size:.8rem;font-weight:600;${ok ? 'background:#d3f2dc;color:#14532d' : 'background:#fadbd8;color:#7f1d1d'}`;

/** The CAA verdict for one domain of a reissue, as the CA would decide it now (shown on the verification step). */
export function CaaCell(props: { ctx: EmulatorContext; draft: ReissueDraft; domain: string }) {
  const verdict = props.ctx.core.caaCheck(props.draft.vendor, [props.domain]).names[0];
  return (
    <span data-caa={verdict.allowed ? 'allowed' : 'blocked'}>
      <span class="caa-badge" style={pill(verdict.allowed)}>
        {verdict.allowed ? 'CAA OK' : 'CAA blocked'}
      </span>{' '}
      <span class="hint">{verdict.reason}</span>
      {verdict.records.length ? <div class="mono hint">{verdict.records.join(' · ')}</div> : null}
    </span>
  );
}

/** A form that writes a CAA record into the emulated DNS (as the control API and the Regfish DNS API do). */
export function CaaRecordForm(props: { draft: ReissueDraft }) {
  const first = props.draft.validations[0]?.domain ?? props.draft.commonName.replace(/^\*\./, '');
  return (
    <form method="post" action={`/reissue/${props.draft.id}/caa`} class="inline">
      <fieldset>
        <legend>Add a CAA record to the emulated DNS</legend>
        <label for="caa-name">Name</label> <input id="caa-name" name="name" value={first} required size={28} />{' '}
        <label for="caa-flags">Flags</label>{' '}
        <select id="caa-flags" name="flags">
          <option value="0">0</option>
          <option value="128">128 (critical)</option>
        </select>{' '}
        <label for="caa-tag">Tag</label>{' '}
        <select id="caa-tag" name="tag">
          <option value="issue">issue</option>
          <option value="issuewild">issuewild</option>
          <option value="iodef">iodef</option>
        </select>{' '}
        <label for="caa-value">Value</label> <input id="caa-value" name="value" placeholder="letsencrypt.org" required size={24} />{' '}
        <button type="submit" class="secondary">
          Add CAA record
        </button>
      </fieldset>
    </form>
  );
}

export function caaRecordRoutes(app: ControlApp, ctx: EmulatorContext): void {
  app.post('/reissue/:id/caa', async (c) => {
    const draft = getDraft(ctx, c.req.param('id'));
    if (!draft) return redirectWith(c, '/certificates', { kind: 'error', text: 'That reissue request is no longer open; start again from Issued Certificates.' });
    const back = `/reissue/${draft.id}/verification`;
    const form = await c.req.parseBody();
    const name = field(form, 'name').trim().toLowerCase().replace(/\.$/, '');
    const tag = field(form, 'tag');
    const flags = Number(field(form, 'flags') || '0');
    const value = field(form, 'value').trim().replace(/^"|"$/g, '');
    if (!isDnsName(name)) return redirectWith(c, back, { kind: 'error', text: `'${name}' is not a DNS name; no CAA record was added.` });
    if (!['issue', 'issuewild', 'iodef'].includes(tag) || ![0, 128].includes(flags)) return redirectWith(c, back, { kind: 'error', text: 'Pick a tag and flags from the lists.' });
    if (value.length > 255 || /["\\\n]/.test(value)) return redirectWith(c, back, { kind: 'error', text: 'The value must be at most 255 characters, without quotes or backslashes.' });
    ctx.core.dns.add({ accountId: null, name, type: 'CAA', data: value, flags, tag }, ctx.clock.nowMs());
    return redirectWith(c, back, { kind: 'ok', text: `Added ${name}. CAA ${caaZoneForm({ flags, tag, value })}.` });
  });
}
