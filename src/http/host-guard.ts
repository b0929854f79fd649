import type { FetchHandler } from './listen.js';

/** What a listener answers a request whose Host it does not serve (in its own error shape). */
export type HostRefusal = (request: Request, reason: string) => Response;

/** Answers requests with a Host that `allowed` refuses with `refuse`, before the app sees them. */
export function guardHost(fetch: FetchHandler, allowed: (hostHeader: string | null) => boolean, refuse: HostRefusal): FetchHandler {
  return (request, env) => {
    const host = request.headers.get('host');
    if (allowed(host)) return fetch(request, env);
    return refuse(request, `the Host '${host}' is not a name of this mockca (DNS rebinding guard); add it with --allowed-host`);
  };
}
