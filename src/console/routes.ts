import type { ControlRoutes } from '../control/env.js';
import { acmeKeyRoutes } from './acme-keys.js';
import { caaRecordRoutes } from './caa-records.js';
import { certificateRoutes } from './certificates.js';
import { desktopSigningRoutes } from './desktop-signing.js';
import { faviconRoutes } from './favicon.js';
import { loginRoutes } from './login.js';
import { reissueRoutes } from './reissue.js';
import { toolRoutes } from './tools.js';

/**
 * The web console on the control port (`/`): server-rendered pages and plain HTML forms, modelled
 * on the CA portals of seeds 001 and 002. Every change goes through the same core operations the
 * vendor APIs and the control API use.
 */
export const consoleRoutes: ControlRoutes = (app, ctx) => {
  loginRoutes(app, ctx);
  certificateRoutes(app, ctx);
  // Before the reissue steps, whose /reissue/:id/:step would take /reissue/:id/caa.
  caaRecordRoutes(app, ctx);
  reissueRoutes(app, ctx);
  desktopSigningRoutes(app, ctx);
  toolRoutes(app, ctx);
  acmeKeyRoutes(app, ctx);
  faviconRoutes(app);
};
