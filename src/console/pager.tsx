import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { PageWindow } from '../state/paging.js';

/** Rows per page a console list offers; the first is the default. */
export const consolePageSizes = [50, 25, 100, 200] as const;

export interface ConsolePage extends PageWindow {
  /** 1-based page number. */
  page: number;
}

/** `?page=&size=` of a console list; anything unreadable falls back to page 1 of the default size. */
export function consolePage(c: Context): ConsolePage {
  const asked = Number(c.req.query('size'));
  const limit = (consolePageSizes as readonly number[]).includes(asked) ? asked : consolePageSizes[0];
  const n = Number(c.req.query('page'));
  const page = Number.isSafeInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
  return { page, limit, offset: (page - 1) * limit };
}

/** "1 certificate", "2,000 certificates": a count with its noun in the right number. */
export const counted = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? noun : `${noun}s`}`;

function href(path: string, params: Record<string, string>, page: number, size: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  if (page > 1) q.set('page', String(page));
  if (size !== consolePageSizes[0]) q.set('size', String(size));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * "Showing 51–100 of 5,000", first/previous/next/last links and the page size, keeping the
 * list's filters (`params`) in every link.
 */
export const Pager: FC<{ path: string; params?: Record<string, string>; at: ConsolePage; total: number; shown: number; noun: string }> = ({ path, params = {}, at, total, shown, noun }) => {
  const last = Math.max(1, Math.ceil(total / at.limit));
  const from = shown === 0 ? 0 : at.offset + 1;
  const link = (page: number, label: string, rel: string) =>
    page >= 1 && page <= last && page !== at.page ? (
      <a href={href(path, params, page, at.limit)} rel={rel}>
        {label}
      </a>
    ) : (
      <span>{label}</span>
    );
  return (
    <nav class="hint pager" aria-label="pages" data-total={String(total)} data-page={String(at.page)} data-pages={String(last)}>
      {shown === 0 ? (total === 0 ? `No ${noun}s` : `None of ${counted(total, noun)} on this page`) : `Showing ${from.toLocaleString('en-US')}–${(at.offset + shown).toLocaleString('en-US')} of ${counted(total, noun)}`} · page{' '}
      {at.page} of {last} · {link(1, '« first', 'first')} {link(at.page - 1, '‹ previous', 'prev')} {link(at.page + 1, 'next ›', 'next')}{' '}
      {link(last, 'last »', 'last')} · per page:{' '}
      {[...consolePageSizes].sort((a, b) => a - b).map((size) =>
        size === at.limit ? (
          <strong>{size} </strong>
        ) : (
          <>
            <a href={href(path, params, 1, size)}>{size}</a>{' '}
          </>
        ),
      )}
    </nav>
  );
};
