/** What a second-factor check came to: who confirmed, or why it was refused. */
export type Outcome = { ok: true; who: string } | { ok: false; reason: string };
