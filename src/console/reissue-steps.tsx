import type { Child } from 'hono/jsx';
import type { EmulatorContext } from '../context.js';
import { Badge } from './layout.js';
import { allVerified, domainVerified, type ReissueDraft } from './reissue-draft.js';
import { secondFactorBody } from './second-factor/step-body.js';
import { CaaCell, CaaRecordForm } from './caa-records.js';

export type Step = 'subject' | 'san' | 'validity' | 'verification' | 'submit' | 'second-factor';

export const stepTitles: Record<Step, string> = {
  subject: 'Subject',
  san: 'SAN',
  validity: 'Certificate Validity',
  verification: 'Domain Ownership Verification',
  submit: 'Reissue',
  'second-factor': 'Second Factor',
};

export function stepsOf(ctx: EmulatorContext, draft: ReissueDraft): Step[] {
  const steps: Step[] = draft.desktop ? ['subject', 'validity', 'submit'] : ['subject', 'san', 'validity', 'verification', 'submit'];
  if (ctx.config.consoleSecondFactor !== 'off') steps.push('second-factor');
  return steps;
}

export const nextStep = (ctx: EmulatorContext, draft: ReissueDraft, step: Step): Step => {
  const steps = stepsOf(ctx, draft);
  return steps[Math.min(steps.indexOf(step) + 1, steps.length - 1)];
};

const back = (ctx: EmulatorContext, draft: ReissueDraft, step: Step) => {
  const steps = stepsOf(ctx, draft);
  const i = steps.indexOf(step);
  return i > 0 ? (
    <a class="button secondary" href={`/reissue/${draft.id}/${steps[i - 1]}`}>
      Back
    </a>
  ) : null;
};

/** The form of one step of the reissue flow (seed 001 for TLS, seed 002 for Desktop Signing). */
export function stepBody(ctx: EmulatorContext, draft: ReissueDraft, step: Step): Child {
  const action = `/reissue/${draft.id}/${step}`;
  switch (step) {
    case 'subject':
      return (
        <form method="post" action={action}>
          <div class="field">
            <label for="r-cn">Common Name</label>
            {draft.desktop ? (
              <input id="r-cn" type="text" name="common_name" value={draft.commonName} required maxlength={64} size={50} />
            ) : (
              <input id="r-cn" type="text" name="common_name" value={draft.commonName} readonly size={50} />
            )}
            <div class="hint">{draft.desktop ? 'The common name of a Desktop Signing certificate can be changed on reissue.' : 'The common name stays as ordered.'}</div>
          </div>
          <div class="field">
            <label for="r-csr">CSR (PEM)</label>
            <textarea id="r-csr" name="csr" placeholder="-----BEGIN CERTIFICATE REQUEST-----">
              {draft.csrPem ?? ''}
            </textarea>
            <div class="hint">Leave empty and mockca makes a new EC P-256 key and CSR; the key is shown once after the reissue.</div>
          </div>
          <div class="buttons">
            <button type="submit">Next</button>
          </div>
        </form>
      );
    case 'san':
      return (
        <form method="post" action={action}>
          <table>
            <thead>
              <tr>
                <th>Subject Alternative Names</th>
              </tr>
            </thead>
            <tbody>
              {draft.dnsNames.map((n) => (
                <tr>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="buttons">
            {back(ctx, draft, step)}
            <button type="submit">Next</button>
          </div>
        </form>
      );
    case 'validity':
      return (
        <form method="post" action={action}>
          <div class="field">
            <label for="r-validity">Validity (days)</label>
            <input id="r-validity" type="number" name="validity_days" min={1} max={draft.maxValidityDays} value={String(draft.validityDays)} required />
            <div class="hint">At most {draft.maxValidityDays} days: the rest of the order's contract.</div>
          </div>
          <div class="buttons">
            {back(ctx, draft, step)}
            <button type="submit">{draft.desktop ? 'Reissue' : 'Next'}</button>
          </div>
        </form>
      );
    case 'verification':
      return (
        <>
          <table>
            <thead>
              <tr>
                <th>Domain</th>
                <th>Method</th>
                <th>What proves it</th>
                <th>Domain Verification Status</th>
                <th>CAA</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {draft.validations.map((v) => {
                const ok = domainVerified(ctx, draft, v);
                return (
                  <tr data-domain={v.domain}>
                    <td>{v.domain}</td>
                    <td>{v.method}</td>
                    <td class="mono">
                      {v.proof.type === 'dns' ? `${v.proof.name} ${v.proof.rrtype} ${v.proof.value}` : v.proof.type === 'email' ? `approval email to ${(v.emails ?? []).join(', ')}` : v.proof.type}
                    </td>
                    <td>
                      <Badge value={ok ? 'Verified' : 'Unverified'} />
                    </td>
                    <td>
                      <CaaCell ctx={ctx} draft={draft} domain={v.domain} />
                    </td>
                    <td>
                      {ok ? null : (
                        <form method="post" action={action}>
                          <input type="hidden" name="verify" value={v.domain} />
                          <button type="submit" class="secondary">
                            Verify
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <CaaRecordForm draft={draft} />
          <p class="hint">A domain turns Verified when the emulated DNS holds its record (add it through the vendor's DNS API or POST /api/dns/records, then reload) or when Verify is pressed.</p>
          <form method="post" action={action}>
            <input type="hidden" name="next" value="yes" />
            <div class="buttons">
              {back(ctx, draft, step)}
              <a class="button secondary" href={action}>
                Check again
              </a>
              <button type="submit" disabled={!allVerified(ctx, draft)}>
                Reissue
              </button>
            </div>
          </form>
        </>
      );
    case 'submit':
      return (
        <form method="post" action={action}>
          <div class="field">
            <label for="r-message">Message (optional)</label>
            <textarea id="r-message" name="message" maxlength={1024} placeholder="Why is this certificate reissued?">
              {draft.message}
            </textarea>
          </div>
          <div class="field">
            <label>
              <input type="checkbox" name="agreement" value="yes" required checked={draft.agreement} /> I have read and agree to the Subscriber Agreement
            </label>
          </div>
          <div class="buttons">
            {back(ctx, draft, step)}
            <button type="submit">Reissue</button>
          </div>
        </form>
      );
    case 'second-factor':
      return secondFactorBody(ctx, draft);
  }
}
