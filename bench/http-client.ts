// A browser-like HTTP client for the benchmark: node:http over a keep-alive agent, a cookie jar, redirects left to
// the caller, and every body read to the end, since the user waits for the whole page. Not fetch: undici's own work
// per request (about 0.5 ms of CPU, measured with bench/cpu-compare.ts's method) ran in the process that also times
// the floor, and was counted against Postern; node:http's is a fifth of it, which is closer to what a browser's
// network stack costs the server's side of the comparison (nothing).
import http from 'node:http';

// What a browser sends with every page: the language list makes Postern negotiate the language and formatting
// locale as it does for people, and the request log writes these headers as it does for them.
const BROWSER_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9,de;q=0.8',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
};

export interface Page {
  status: number;
  location: string | null;
  text: string;
}

export class BrowserClient {
  readonly base: string;
  readonly #cookies = new Map<string, string>();
  // One connection at a time per client, as a browser tab's requests in turn; kept open between requests.
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

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

  /** Closes the client's idle keep-alive connections (a signed-out client's socket otherwise lingers 5 s). */
  close(): void {
    this.#agent.destroy();
  }

  /** Signs in through the form, as a person would: GET /login for the CSRF token, POST it with the password. */
  async signIn(username: string, password: string): Promise<void> {
    const form = await this.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    if (form.status !== 200 || !token) throw new Error(`GET /login answered ${form.status} without a CSRF token`);
    const done = await this.postForm('/login', { _csrf: token, username, password });
    if (done.status !== 303) throw new Error(`sign-in as ${username} answered ${done.status}, not 303: ${done.text.slice(0, 200)}`);
  }

  /** Signs out through the top bar's form (its CSRF token from a page), as a person would. */
  async signOut(): Promise<void> {
    const page = await this.get('/mailboxes');
    const token = /action="\/logout"[^]*?name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`GET /mailboxes answered ${page.status} without a sign-out form`);
    const done = await this.postForm('/logout', { _csrf: token });
    if (done.status !== 303) throw new Error(`sign-out answered ${done.status}, not 303`);
    this.close();
  }

  #request(path: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<Page> {
    const headers: Record<string, string> = { ...BROWSER_HEADERS, ...init.headers };
    if (this.#cookies.size) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    return new Promise((resolve, reject) => {
      const req = http.request(new URL(path, this.base), { method: init.method, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          for (const line of res.headers['set-cookie'] ?? []) this.#store(line);
          const location = res.headers.location;
          resolve({ status: res.statusCode ?? 0, location: location ?? null, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      // A deadline, as every call to another server has: a stalled Postern fails the run instead of hanging it.
      req.setTimeout(120_000, () => req.destroy(new Error(`${init.method} ${path}: no answer in 120 s`)));
      req.on('error', reject);
      req.end(init.body);
    });
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
