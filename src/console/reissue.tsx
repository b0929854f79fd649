import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { CsrError } from '../ca/csr.js';
import type { EmulatorContext } from '../context.js';
import type { ControlApp } from '../control/env.js';
import { CoreError } from '../state/errors.js';
import { field, flashFrom, redirectWith } from './data.js';
import { Badge, Layout, Stepper, type Flash } from './layout.js';
import { allVerified, getDraft, submitReissue, type ReissueDraft } from './reissue-draft.js';
import { beginSecondFactor, secondFactorPost, secondFactorRoutes } from './second-factor/flow.js';
import { nextStep, stepBody, stepsOf, stepTitles, type Step } from './reissue-steps.js';

/** The reissue flow: one page per step, each a plain form; the draft lives on the server. */
export function reissueRoutes(app: ControlApp, ctx: EmulatorContext): void {
  const page = (c: Context, draft: ReissueDraft, step: Step, body: Child, flash?: Flash, status: 200 | 400 | 409 = 200) => {
    const order = ctx.store.order(draft.orderId)!;
    const steps = stepsOf(ctx, draft);
    return c.html(
      <Layout
        title={draft.desktop ? 'Desktop Signing — Certificate Reissue' : 'Certificate Reissue'}
        active={draft.desktop ? '/desktop-signing' : '/certificates'}
        now={ctx.clock.now()}
        flash={flash ?? flashFrom(c)}
      >
        <Stepper steps={steps.map((s) => stepTitles[s])} current={steps.indexOf(step)} />
        <div class="panel">
          <p class="hint">
            {order.vendor} order <span class="mono">{order.publicId}</span> · {order.product}
          </p>
          <h2>{stepTitles[step]}</h2>
          {body}
        </div>
      </Layout>,
      status,
    );
  };
  const view = (c: Context, draft: ReissueDraft, step: Step, flash?: Flash, status: 200 | 400 | 409 = 200) => page(c, draft, step, stepBody(ctx, draft, step), flash, status);

  const finish = async (c: Context, draft: ReissueDraft, step: Step) => {
    try {
      await submitReissue(ctx, draft);
    } catch (e) {
      if (e instanceof CoreError || e instanceof CsrError) return view(c, draft, step, { kind: 'error', text: `Reissue refused: ${e.message}` }, 409);
      throw e;
    }
    return c.redirect(`/reissue/${draft.id}/done`, 303);
  };

  secondFactorRoutes(app, ctx, (c, draft) => finish(c, draft, 'second-factor'));

  app.get('/reissue/:id/done', (c) => {
    const draft = getDraft(ctx, c.req.param('id'));
    if (!draft?.done) return c.redirect('/reissue-requests', 303);
    const cert = ctx.store.certificate(draft.done.certificateId)!;
    const order = ctx.store.order(cert.orderId)!;
    const listing = draft.desktop ? '/desktop-signing/reissue-requests' : '/reissue-requests';
    return c.html(
      <Layout title={cert.status === 'issued' ? 'Certificate Generated' : 'Reissue Requested'} active={listing} now={ctx.clock.now()}>
        <div class="panel">
          <p role="status">
            {cert.status === 'issued'
              ? `The reissued certificate for ${cert.commonName} was generated (serial ${cert.serial?.toUpperCase()}).`
              : `The reissue of ${cert.commonName} was submitted; it is ${cert.status} until the CA issues it (issuance policy ${order.policy}).`}
          </p>
          <p>
            Status <Badge value={cert.status} /> · {order.vendor} order <span class="mono">{order.publicId}</span>, certificate <span class="mono">{cert.publicId}</span>
          </p>
          {draft.done.keyPem ? (
            <div class="field">
              <label for="r-key">Private key (made by mockca; it is not kept — save it now)</label>
              <textarea id="r-key" readonly rows={6}>
                {draft.done.keyPem}
              </textarea>
            </div>
          ) : null}
          <div class="buttons">
            <a class="button" href={listing}>
              Reissue Requests
            </a>
            <a class="button secondary" href={draft.desktop ? '/desktop-signing' : '/certificates'}>
              Issued Certificates
            </a>
          </div>
        </div>
      </Layout>,
    );
  });

  app.get('/reissue/:id/:step', (c) => {
    const draft = getDraft(ctx, c.req.param('id'));
    const step = c.req.param('step') as Step;
    if (!draft) return redirectWith(c, '/certificates', { kind: 'error', text: 'That reissue request is no longer open; start again from Issued Certificates.' });
    if (draft.done) return c.redirect(`/reissue/${draft.id}/done`, 303);
    if (!stepsOf(ctx, draft).includes(step)) return c.redirect(`/reissue/${draft.id}/subject`, 303);
    return view(c, draft, step);
  });

  app.post('/reissue/:id/:step', async (c) => {
    const draft = getDraft(ctx, c.req.param('id'));
    const step = c.req.param('step') as Step;
    if (!draft) return redirectWith(c, '/certificates', { kind: 'error', text: 'That reissue request is no longer open; start again from Issued Certificates.' });
    if (draft.done) return c.redirect(`/reissue/${draft.id}/done`, 303);
    if (!stepsOf(ctx, draft).includes(step)) return c.redirect(`/reissue/${draft.id}/subject`, 303);
    const form = await c.req.parseBody();
    const go = (to: Step) => c.redirect(`/reissue/${draft.id}/${to}`, 303);
    const refuse = (text: string, to: Step = step) => view(c, draft, to, { kind: 'error', text }, 400);

    switch (step) {
      case 'subject': {
        if (draft.desktop) {
          const cn = field(form, 'common_name').trim();
          if (!cn || cn.length > 64) return refuse('The common name must be 1 to 64 characters.');
          draft.commonName = cn;
        }
        const csr = field(form, 'csr').trim();
        if (csr) {
          try {
            await ctx.ca.parseCsr(csr);
          } catch (e) {
            if (e instanceof CsrError) return refuse(`The CSR was refused: ${e.message}`);
            throw e;
          }
        }
        draft.csrPem = csr || undefined;
        return go(nextStep(ctx, draft, step));
      }
      case 'san':
        return go(nextStep(ctx, draft, step));
      case 'validity': {
        const days = Number(field(form, 'validity_days'));
        if (!Number.isInteger(days) || days < 1 || days > draft.maxValidityDays) return refuse(`The validity must be 1 to ${draft.maxValidityDays} days.`);
        draft.validityDays = days;
        return go(nextStep(ctx, draft, step));
      }
      case 'verification': {
        const domain = field(form, 'verify');
        if (domain) {
          if (!draft.validations.some((v) => v.domain === domain)) return refuse(`${domain} is not a domain of this certificate.`);
          draft.verified.add(domain);
          return redirectWith(c, `/reissue/${draft.id}/verification`, { kind: 'ok', text: `${domain} is Verified.` });
        }
        if (!allVerified(ctx, draft)) return refuse('Every domain must be Verified before the reissue.');
        return go(nextStep(ctx, draft, step));
      }
      case 'submit': {
        draft.message = field(form, 'message').trim().slice(0, 1024);
        draft.agreement = field(form, 'agreement') === 'yes';
        if (!draft.agreement) return refuse('You must agree to the Subscriber Agreement to reissue.');
        if (!draft.desktop && !allVerified(ctx, draft)) return refuse('Every domain must be Verified before the reissue.', 'verification');
        if (ctx.config.consoleSecondFactor !== 'off') return beginSecondFactor(ctx, c, draft);
        return finish(c, draft, step);
      }
      case 'second-factor':
        return secondFactorPost(ctx, c, draft, form, (cc, d) => finish(cc, d, step), refuse);
    }
  });
}
