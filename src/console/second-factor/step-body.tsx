import type { Child } from 'hono/jsx';
import type { EmulatorContext } from '../../context.js';
import type { ReissueDraft } from '../reissue-draft.js';
import { codeChannels, mechanismNames } from './flow.js';
import { consoleUserEmail, otpLifetimeMs, userPhone } from './otp.js';

/** The Second Factor step of the reissue flow, for the configured mechanism. */
export function secondFactorBody(ctx: EmulatorContext, draft: ReissueDraft): Child {
  const mechanism = ctx.config.consoleSecondFactor;
  const action = `/reissue/${draft.id}/second-factor`;
  const channels = codeChannels[mechanism];
  const minutes = otpLifetimeMs / 60_000;
  if (channels) {
    const email = channels.includes('email');
    const sms = channels.includes('sms');
    return (
      <>
        <p data-mechanism={mechanism}>
          {mechanismNames[mechanism]} authentication:{' '}
          {email ? (
            <>
              a verification code was sent to <strong>{consoleUserEmail}</strong>
            </>
          ) : null}
          {email && sms ? ' and ' : null}
          {sms ? (
            <>
              an SMS code was sent to <strong>{userPhone(ctx, draft)}</strong>
            </>
          ) : null}{' '}
          (see the <a href="/outbox">Outbox</a>). {email && sms ? 'Both codes are needed. ' : ''}Codes are valid for {minutes} minutes.
        </p>
        <form method="post" action={action}>
          {email ? (
            <div class="field">
              <label for="r-otp">Verification code</label>
              <input id="r-otp" type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength={12} required />
            </div>
          ) : null}
          {sms ? (
            <div class="field">
              <label for="r-sms">SMS code</label>
              <input id="r-sms" type="text" name="sms_code" inputmode="numeric" autocomplete="one-time-code" maxlength={12} required />
            </div>
          ) : null}
          <div class="buttons">
            <button type="submit">Verify and reissue</button>
          </div>
        </form>
        <form method="post" action={action}>
          <input type="hidden" name="resend" value="yes" />
          <div class="buttons">
            <button type="submit" class="secondary">
              {email && sms ? 'Send new codes' : 'Send a new code'}
            </button>
          </div>
        </form>
      </>
    );
  }
  if (mechanism === 'active-directory') {
    return (
      <>
        <p data-mechanism={mechanism}>Active Directory authentication: sign in with your directory account ({ctx.config.consoleLdap.url ?? 'no directory server configured'}).</p>
        <form method="post" action={action}>
          <div class="field">
            <label for="r-ad-user">User name</label>
            <input id="r-ad-user" type="text" name="username" autocomplete="username" required />
          </div>
          <div class="field">
            <label for="r-ad-password">Password</label>
            <input id="r-ad-password" type="password" name="password" autocomplete="current-password" required />
          </div>
          <div class="buttons">
            <button type="submit">Sign in and reissue</button>
          </div>
        </form>
      </>
    );
  }
  return (
    <>
      <p data-mechanism={mechanism}>{mechanismNames[mechanism]} authentication: the reissue is confirmed by signing in at the identity provider.</p>
      <form method="post" action={action}>
        <div class="buttons">
          <button type="submit">Sign in again</button>
        </div>
      </form>
    </>
  );
}
