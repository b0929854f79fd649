import * as z from 'zod';
import type { ControlRoutes } from '../env.js';
import { ClockOutOfRange } from '../../state/clock.js';
import { ControlFailure, controlBody } from '../respond.js';

/** Runs a clock change; a time no certificate could carry is a 400 and the clock keeps its time. */
function change(run: () => void): void {
  try {
    run();
  } catch (e) {
    if (e instanceof ClockOutOfRange) throw new ControlFailure(400, 'clock_out_of_range', e.message);
    throw e;
  }
}

const setSchema = z.object({ now: z.iso.datetime({ offset: true }) }).strict();
const advanceSchema = z
  .object({
    ms: z.number().optional(),
    seconds: z.number().optional(),
    minutes: z.number().optional(),
    hours: z.number().optional(),
    days: z.number().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'give at least one of ms, seconds, minutes, hours, days');

export const clockRoutes: ControlRoutes = (app, ctx) => {
  const view = () => ({ now: ctx.clock.now().toISOString(), offset_ms: ctx.clock.offset });

  app.get('/api/clock', (c) => c.json(view()));

  app.put('/api/clock', async (c) => {
    const body = await controlBody(c, ctx.config.maxBodyBytes, setSchema);
    change(() => ctx.clock.set(new Date(body.now)));
    return c.json(view());
  });

  app.post('/api/clock/advance', async (c) => {
    const b = await controlBody(c, ctx.config.maxBodyBytes, advanceSchema);
    const ms = (b.ms ?? 0) + (b.seconds ?? 0) * 1e3 + (b.minutes ?? 0) * 6e4 + (b.hours ?? 0) * 3.6e6 + (b.days ?? 0) * 8.64e7;
    change(() => ctx.clock.advance(ms));
    return c.json(view());
  });
};
