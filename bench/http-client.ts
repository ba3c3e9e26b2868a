// A browser-like HTTP client for the benchmark: Node 24's fetch (undici, keep-alive by default), a cookie jar,
// redirects left to the caller, and every body read to the end, since the user waits for the whole page.

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

  /** Signs out through the top bar's form (its CSRF token from a page), as a person would. */
  async signOut(): Promise<void> {
    const page = await this.get('/mailboxes');
    const token = /action="\/logout"[^]*?name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`GET /mailboxes answered ${page.status} without a sign-out form`);
    const done = await this.postForm('/logout', { _csrf: token });
    if (done.status !== 303) throw new Error(`sign-out answered ${done.status}, not 303`);
  }

  async #request(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers({ ...BROWSER_HEADERS, ...(init.headers as Record<string, string> | undefined) });
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
