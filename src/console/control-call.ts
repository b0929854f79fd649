import type { ControlApp } from '../control/env.js';

export type Json = Record<string, unknown>;

/** Calls the control API in-process (the scenario engine and the journal are reached only through it). */
export async function controlCall(app: ControlApp, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await app.request(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: text ? JSON.parse(text) : null };
  } catch {
    return { status: res.status, json: text };
  }
}

export const errorText = (json: unknown, status: number) => {
  const e = (json as { error?: { message?: string } } | null)?.error;
  return e?.message ?? `HTTP ${status}`;
};

/** The first array in a JSON answer (`{ scenarios: [...] }`, `{ entries: [...] }` or a bare array). */
export function listIn(json: unknown, keys: string[]): Json[] {
  if (Array.isArray(json)) return json as Json[];
  if (json && typeof json === 'object') {
    for (const k of keys) if (Array.isArray((json as Json)[k])) return (json as Json)[k] as Json[];
  }
  return [];
}

export const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
