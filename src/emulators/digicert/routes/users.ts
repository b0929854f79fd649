import { presentAccount, presentUser, usersOf } from '../account-presenters.js';
import { v2, type DigicertRoutes } from '../env.js';
import { fieldError, json } from '../respond.js';
import { digicertResponses } from '../schema-lib.js';

const pageParam = (raw: string | undefined, name: string, fallback: number) => {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw fieldError('invalid_param', name, `${name} must be a non-negative integer`);
  return Number(raw);
};

export const userRoutes: DigicertRoutes = (app, ctx) => {
  app.get('digicert.account.get', `${v2}/account`, (c) => json(c, presentAccount(ctx, c.get('account'))), () => ({ summary: 'Account details', response: digicertResponses().accountResponse }));

  app.get(
    'digicert.user.list',
    `${v2}/user`,
    (c) => {
      const offset = pageParam(c.req.query('offset'), 'offset', 0);
      const limit = Math.max(1, Math.min(pageParam(c.req.query('limit'), 'limit', 1000), 1000));
      const users = usersOf(ctx, c.get('account'));
      return json(c, { users: users.slice(offset, offset + limit).map((u) => presentUser(u)), page: { total: users.length, limit, offset } });
    },
    () => ({ summary: 'List users (offset, limit)', response: digicertResponses().userListResponse }),
  );

  app.get(
    'digicert.user.me',
    `${v2}/user/me`,
    (c) => json(c, { ...presentUser(c.get('key'), ctx.clock.nowMs()), is_cert_central: true, is_enterprise: false }),
    () => ({ summary: 'The user of the API key', response: digicertResponses().userMeResponse }),
  );
};
