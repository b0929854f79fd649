import type { EmulatorContext } from '../../context.js';
import { Outbox } from '../../state/outbox.js';
import type { ReissueDraft } from '../reissue-draft.js';

/** How long a one-time code stays valid (virtual clock). */
export const otpLifetimeMs = 10 * 60_000;
/** Wrong codes allowed before the code is void and a new one must be sent. */
export const otpMaxAttempts = 5;
/** Where the console "sends" emailed one-time codes. */
export const consoleUserEmail = 'console.user@mockca.test';
/** The console user's mobile number when the order's account has no user with a telephone (Regfish and Sectigo fixtures). */
export const consoleUserPhone = '+1 555 0100 100';

export type OtpChannel = 'email' | 'sms';

export interface OtpCode {
  code: string;
  sentAt: number;
  attempts: number;
  messageId: number;
  to: string;
}

export type OtpCheck = { ok: true } | { ok: false; reason: string };

/** The number of the order's account user (DigiCert: the user of the API key's profile), else the console user's. */
export function userPhone(ctx: EmulatorContext, draft: ReissueDraft): string {
  const account = ctx.store.account(ctx.store.order(draft.orderId)!.accountId);
  const user = (account?.profile as { user?: { telephone?: unknown } } | undefined)?.user;
  return typeof user?.telephone === 'string' && user.telephone.trim() ? user.telephone.trim() : consoleUserPhone;
}

const slot = (draft: ReissueDraft, channel: OtpChannel) => (channel === 'email' ? draft.otp : draft.smsOtp);
function setSlot(draft: ReissueDraft, channel: OtpChannel, code: OtpCode | undefined): void {
  if (channel === 'email') draft.otp = code;
  else draft.smsOtp = code;
}

/** "Sends" a new code on the channel (an outbox message: an email, or an SMS to the user's number); the old one stops working. */
export function sendCode(ctx: EmulatorContext, draft: ReissueDraft, channel: OtpChannel): OtpCode {
  const code = ctx.rng.digits(6);
  const order = ctx.store.order(draft.orderId)!;
  const minutes = otpLifetimeMs / 60_000;
  const link = `${ctx.urls.control}/reissue/${draft.id}/second-factor`;
  const outbox = new Outbox(ctx.core);
  const message =
    channel === 'email'
      ? outbox.send({
          accountId: order.accountId,
          orderId: order.id,
          kind: 'console_otp',
          to: consoleUserEmail,
          subject: `Your verification code for reissuing ${draft.commonName}`,
          body: `Your one-time verification code is ${code}. It expires in ${minutes} minutes. Enter it in the mockca console to confirm the reissue of ${draft.commonName} (${order.vendor} order ${order.publicId}).`,
          link,
        })
      : outbox.send({
          accountId: order.accountId,
          orderId: order.id,
          kind: 'console_sms_otp',
          to: userPhone(ctx, draft),
          subject: 'SMS',
          body: `mockca: your SMS verification code is ${code} (valid ${minutes} min) to reissue ${draft.commonName}.`,
          link,
        });
  const sent = { code, sentAt: message.createdAt, attempts: 0, messageId: message.id, to: message.to };
  setSlot(draft, channel, sent);
  return sent;
}

const channelWords: Record<OtpChannel, string> = { email: 'verification code', sms: 'SMS code' };

/** Checks a typed code and uses it up when right (the outbox message is marked used). */
export function checkCode(ctx: EmulatorContext, draft: ReissueDraft, channel: OtpChannel, typed: string): OtpCheck {
  const check = verifyCode(ctx, draft, channel, typed);
  if (check.ok) useCode(ctx, draft, channel);
  return check;
}

/** Checks a typed code without using it up (a wrong one counts as an attempt). */
export function verifyCode(ctx: EmulatorContext, draft: ReissueDraft, channel: OtpChannel, typed: string): OtpCheck {
  const otp = slot(draft, channel);
  const words = channelWords[channel];
  if (!otp) return { ok: false, reason: 'No code was sent yet. Send a code first.' };
  if (ctx.clock.nowMs() > otp.sentAt + otpLifetimeMs) return { ok: false, reason: `The ${words} has expired. Send a new code.` };
  if (otp.attempts >= otpMaxAttempts) return { ok: false, reason: 'Too many wrong codes. Send a new code.' };
  if (typed.trim() !== otp.code) {
    otp.attempts += 1;
    return { ok: false, reason: `The ${words} is wrong.` };
  }
  return { ok: true };
}

/** Uses up the channel's code: its outbox message is marked used and it works no more. */
export function useCode(ctx: EmulatorContext, draft: ReissueDraft, channel: OtpChannel): void {
  const otp = slot(draft, channel);
  if (!otp) return;
  ctx.store.update('outbox', otp.messageId, { usedAt: ctx.clock.nowMs() });
  setSlot(draft, channel, undefined);
}
