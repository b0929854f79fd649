import { startMockCa, type MockCaHandle, type MockCaOptions } from '../../src/index.js';

/** Starts a real mockca on free ports (in memory) for one test file. */
export async function startTestServer(options: MockCaOptions = {}): Promise<MockCaHandle> {
  return startMockCa({ seed: 42, ...options });
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A small HTTP client bound to one base URL and default headers. */
export function httpClient(baseUrl: string, defaultHeaders: Record<string, string> = {}) {
  async function request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    const init: RequestInit = { method, headers: { ...defaultHeaders, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }
  return {
    request,
    get: <T = any>(path: string, headers?: Record<string, string>) => request<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, body ?? {}, headers),
    put: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('PUT', path, body ?? {}, headers),
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('PATCH', path, body ?? {}, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) => request<T>('DELETE', path, undefined, headers),
    raw: (path: string, init?: RequestInit) => fetch(`${baseUrl}${path}`, { ...init, headers: { ...defaultHeaders, ...(init?.headers as Record<string, string>) } }),
  };
}

export type HttpClient = ReturnType<typeof httpClient>;
