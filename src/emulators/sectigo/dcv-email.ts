import type { EmulatorContext } from '../../context.js';
import type { Order, Validation } from '../../state/model.js';
import { Outbox } from '../../state/outbox.js';

/** The approval link of a DCV email: following it (control port) validates what the token covers. */
export const dcvApprovalLink = (ctx: EmulatorContext, token: string): string => `${ctx.urls.control}/api/outbox/${token}/approve`;

/**
 * "Sends" the DCV email of one validation to an approver address: the outbox keeps it with a
 * working link, as Sectigo's email carries the link and the validation code.
 */
export function sendSectigoDcvEmail(ctx: EmulatorContext, order: Order, v: Validation, to: string): void {
  const link = dcvApprovalLink(ctx, v.token);
  new Outbox(ctx.core).send({
    accountId: order.accountId,
    orderId: order.id,
    kind: 'dcv',
    to,
    subject: `ORDER #${order.publicId} - Domain Control Validation for ${v.domain}`,
    body: [
      `Sectigo needs to validate that you control ${v.domain} before a certificate can be issued for order #${order.publicId}.`,
      `To approve, open this link:`,
      link,
      `Or enter this validation code: ${v.token}`,
      'If you did not request this certificate, ignore this email.',
    ].join('\n\n'),
    link,
    token: v.token,
  });
}

/** The DCV emails of every pending EMAIL validation of a certificate (at ordering and replacing). */
export function sendPendingDcvEmails(ctx: EmulatorContext, order: Order, validations: Validation[]): number {
  let sent = 0;
  for (const v of validations) {
    if (v.status !== 'pending' || v.method !== 'EMAIL' || !v.emails[0]) continue;
    sendSectigoDcvEmail(ctx, order, v, v.emails[0]);
    sent += 1;
  }
  return sent;
}
