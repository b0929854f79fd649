import type { EmulatorContext } from '../../context.js';

/**
 * What a second factor starts on first use (the built-in identity providers' listeners), once per
 * mockca instance, and closes with it.
 */
class ProviderResources {
  private readonly started = new Map<string, Promise<{ value: unknown; close: () => Promise<void> }>>();

  async once<T>(key: string, start: () => Promise<{ value: T; close: () => Promise<void> }>): Promise<T> {
    let entry = this.started.get(key);
    if (!entry) {
      entry = start();
      this.started.set(key, entry);
      entry.catch(() => this.started.delete(key));
    }
    return (await entry).value as T;
  }

  async closeAll(): Promise<void> {
    const all = [...this.started.values()];
    this.started.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close()));
  }
}

const perInstance = new WeakMap<EmulatorContext, ProviderResources>();

export function providerResources(ctx: EmulatorContext): ProviderResources {
  let r = perInstance.get(ctx);
  if (!r) perInstance.set(ctx, (r = new ProviderResources()));
  return r;
}

/** Closes what the second factors started (called when mockca closes). */
export const closeSecondFactorResources = (ctx: EmulatorContext): Promise<void> => perInstance.get(ctx)?.closeAll() ?? Promise.resolve();
