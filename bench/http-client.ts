// A browser-like HTTP client for the benchmark: Node 24's fetch (undici, keep-alive by default), a cookie jar,
// redirects left to the caller, and every body read to the end, since the user waits for the whole page.

export interface Page {
  status: number;
  location: string | null;
  text: string;
}

export class BrowserClient {
  readonly base: string;
  readonly #cookies = new Map<string, string>();

  constructor(base: string) {
    this.base = base;
  }

  async get(path: string): Promise<Page> {
    return this.#request(path, { method: 'GET' });
  }

  async postForm(path: string, fields: Record<string, string>): Promise<Page> {
    return this.#request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Signs in through the form, as a person would: GET /login for the CSRF token, POST it with the password. */
  async signIn(username: string, password: string): Promise<void> {
    const form = await this.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    if (form.status !== 200 || !token) throw new Error(`GET /login answered ${form.status} without a CSRF token`);
    const done = await this.postForm('/login', { _csrf: token, username, password });
    if (done.status !== 303) throw new Error(`sign-in as ${username} answered ${done.status}, not 303: ${done.text.slice(0, 200)}`);
  }

  async #request(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size) headers.set('cookie', [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(new URL(path, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) this.#store(line);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  #store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq < 1) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    // clearCookie() sends an empty value dated in the past.
    const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now());
    if (expired || value === '') this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }
}
