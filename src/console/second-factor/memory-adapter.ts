type Entry = { payload: Record<string, unknown>; expiresAt: number };

/** The provider's storage, one per provider: a Map per model (its development adapter, without the warning it prints). */
export const memoryAdapter = () => {
  const stores = new Map<string, Map<string, Entry>>();
  return class MemoryAdapter {
    readonly store: Map<string, Entry>;
    constructor(name: string) {
      this.store = stores.get(name) ?? new Map();
      stores.set(name, this.store);
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
      const now = Date.now();
      // Expired entries go when new ones come, so a long run keeps only what can still be used.
      for (const [key, e] of this.store) if (e.expiresAt < now) this.store.delete(key);
      this.store.set(id, { payload, expiresAt: now + expiresIn * 1000 });
    }
    async find(id: string): Promise<Record<string, unknown> | undefined> {
      const e = this.store.get(id);
      if (!e || e.expiresAt < Date.now()) return undefined;
      return e.payload;
    }
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }
    async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      for (const [id, e] of this.store) if (e.payload.uid === uid) return this.find(id);
      return undefined;
    }
    async consume(id: string): Promise<void> {
      const e = this.store.get(id);
      if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string): Promise<void> {
      this.store.delete(id);
    }
    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [id, e] of this.store) if (e.payload.grantId === grantId) this.store.delete(id);
    }
  };
};
