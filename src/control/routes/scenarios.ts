import * as z from 'zod';
import { BadJson, readJson } from '../../http/body.js';
import { UnknownScenario } from '../../scenarios/library.js';
import { ScenarioError } from '../../scenarios/schema.js';
import type { ControlRoutes } from '../env.js';
import { controlBody, ControlFailure } from '../respond.js';

export const loadScenarioSchema = z.object({ name: z.string().min(1).max(200).describe('name of a file in the scenario folder (without extension); never a path') }).strict();

/** Scenarios at run time: list (with per-rule counters), add, load by name, remove, clear. */
export const scenarioRoutes: ControlRoutes = (app, ctx) => {
  const engine = ctx.scenarios;
  const refused = (e: unknown): never => {
    if (e instanceof ScenarioError) throw new ControlFailure(400, 'invalid_scenario', e.message);
    throw e;
  };

  app.get('/api/scenarios', (c) => c.json(engine.list()));

  app.post('/api/scenarios', async (c) => {
    let raw: unknown;
    try {
      raw = await readJson(c, ctx.config.maxBodyBytes);
    } catch (e) {
      if (e instanceof BadJson) throw new ControlFailure(400, 'bad_json', `the body is not JSON: ${e.message}`);
      throw e;
    }
    try {
      const added = engine.add(raw, 'api', 'POST /api/scenarios');
      return c.json({ id: added.id, name: added.name, rules: added.rules.map((r) => r.explain()) }, 201);
    } catch (e) {
      return refused(e);
    }
  });

  app.post('/api/scenarios/load', async (c) => {
    const { name } = await controlBody(c, ctx.config.maxBodyBytes, loadScenarioSchema);
    try {
      const added = engine.load(name);
      return c.json({ id: added.id, name: added.name, file: added.file, rules: added.rules.map((r) => r.explain()) }, 201);
    } catch (e) {
      // Any name that is not a file of the folder (a path included) gets this one answer.
      if (e instanceof UnknownScenario) throw new ControlFailure(404, 'unknown_scenario', e.message);
      return refused(e);
    }
  });

  app.delete('/api/scenarios', (c) => {
    const removed = engine.loaded().length;
    engine.clear();
    return c.json({ removed });
  });

  app.post('/api/scenarios/:id/reset', (c) => {
    const id = c.req.param('id');
    if (!engine.rearm(id)) throw new ControlFailure(404, 'unknown_scenario', `no loaded scenario with id or name '${id}'`);
    return c.body(null, 204);
  });

  app.delete('/api/scenarios/:id', (c) => {
    const id = c.req.param('id');
    if (!engine.remove(id)) throw new ControlFailure(404, 'unknown_scenario', `no loaded scenario with id or name '${id}'`);
    return c.body(null, 204);
  });
};
