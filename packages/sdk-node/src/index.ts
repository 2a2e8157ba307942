import { readCookie, writeCookie, type RequestLike, type ResponseLike } from './cookies.js';

export type { RequestLike, ResponseLike } from './cookies.js';

/** A contact as the Contactbase API returns it: system, built-in and custom fields by alias. */
export interface Contact {
  readonly id: number;
  readonly anonymous: boolean;
  readonly email: string | null;
  readonly firstname: string | null;
  readonly lastname: string | null;
  readonly [alias: string]: unknown;
}

export interface ContactbaseOptions {
  /** Where Contactbase runs, e.g. `https://contacts.example.com`. */
  readonly url: string;
  /** An API token (`cb_...`) from `POST /api/v1/tokens`; keep it on the server. */
  readonly token: string;
  /** The device cookie on your site. Default `mautic_device_id`, as Mautic's script uses. */
  readonly cookieName?: string;
  /** Share the cookie across subdomains, e.g. `.example.com`. Default: this host only. */
  readonly cookieDomain?: string;
  /** Mark the cookie Secure. Default: when the request came over https. */
  readonly secureCookie?: boolean;
  /** For tests or custom agents; default the global fetch. */
  readonly fetch?: typeof fetch;
}

export type MembershipKind = 'user' | 'customer';

export type SignInOutcome = 'assigned' | 'unchanged' | 'merged' | 'switched';
export type IdentifyOutcome = 'created' | 'matched' | 'merged' | 'updated' | 'switched';

export interface TrackedEvent {
  /** Default `page.hit`. */
  readonly type?: string;
  readonly url?: string;
  readonly title?: string;
  readonly referrer?: string;
  /** Anything else to keep with the event. */
  readonly data?: Record<string, unknown>;
}

/** An error answered by Contactbase: `status` and `code` as in its API documentation. */
export class ContactbaseError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields?: Record<string, string>) {
    super(message);
    this.name = 'ContactbaseError';
  }
}

const ONE_YEAR_SECONDS = 365 * 24 * 3600;
const deviceOfRequest = Symbol('contactbase.deviceId');

type WithDevice = RequestLike & { [deviceOfRequest]?: string };

/**
 * Contactbase for a Node web app (Express, Fastify or plain `http`): knows the visitor by a
 * first-party device cookie and keeps their history on one contact as they sign up and in.
 *
 * @example
 * ```ts
 * const contactbase = new Contactbase({ url: 'https://contacts.example.com', token: process.env.CONTACTBASE_TOKEN! });
 *
 * app.get('/pricing', async (req, res) => {
 *   await contactbase.track(req, res, { url: req.url, title: 'Pricing' });
 *   res.send('...');
 * });
 * app.post('/sign-in', async (req, res) => {
 *   const user = await signIn(req.body);               // your own authentication
 *   await contactbase.mergeUserContacts(req, res, user.name);
 *   res.redirect('/');
 * });
 * ```
 */
export class Contactbase {
  private readonly base: string;
  private readonly cookieName: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ContactbaseOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.cookieName = options.cookieName ?? 'mautic_device_id';
    this.fetchImpl = options.fetch ?? fetch;
  }

  /**
   * The visitor's contact (Kentico's GetCurrentContact). A first visit gets a new anonymous
   * contact and the device cookie. With `userName`, the signed-in user's contact.
   *
   * @example
   * ```ts
   * const contact = await contactbase.getCurrentContact(req, res, req.user?.name);
   * if (!contact.anonymous) greet(contact.firstname);
   * ```
   */
  async getCurrentContact(req: RequestLike, res: ResponseLike, userName?: string): Promise<Contact> {
    const answer = await this.call<{ contact: Contact; device_id: string }>('/api/v1/visitors/current', {
      device_id: this.deviceId(req), user_name: userName, user_agent: this.userAgent(req),
    });
    this.remember(req, res, answer.device_id);
    return answer.contact;
  }

  /**
   * Call right after your app registers a user or signs one in (Kentico's
   * MergeUserContacts). A new user keeps the visitor's contact for good; on later sign-ins the
   * visitor's anonymous history joins the user's contact, unless this browser's contact belongs
   * to another user, in which case the browser switches to the signing-in user's contact.
   *
   * @example
   * ```ts
   * await contactbase.mergeUserContacts(req, res, user.id, { kind: 'customer' });
   * ```
   */
  async mergeUserContacts(req: RequestLike, res: ResponseLike, userName: string, options: { kind?: MembershipKind } = {}): Promise<{ contact: Contact; outcome: SignInOutcome }> {
    const answer = await this.call<{ contact: Contact; device_id: string; outcome: SignInOutcome }>('/api/v1/visitors/sign-in', {
      device_id: this.deviceId(req), user_name: userName, kind: options.kind, user_agent: this.userAgent(req),
    });
    this.remember(req, res, answer.device_id);
    return { contact: answer.contact, outcome: answer.outcome };
  }

  /**
   * Tells Contactbase who the visitor is: an email (or another unique identifier field) and any
   * other fields. An anonymous visitor is folded into the contact that owns the email.
   *
   * @example
   * ```ts
   * await contactbase.identify(req, res, { email: form.email, firstname: form.name });
   * ```
   */
  async identify(req: RequestLike, res: ResponseLike, fields: Record<string, unknown>): Promise<{ contact: Contact; outcome: IdentifyOutcome }> {
    const answer = await this.call<{ contact: Contact; device_id: string; outcome: IdentifyOutcome }>('/api/v1/visitors/identify', {
      device_id: this.deviceId(req), fields, user_agent: this.userAgent(req),
    });
    this.remember(req, res, answer.device_id);
    return { contact: answer.contact, outcome: answer.outcome };
  }

  /**
   * Records what the visitor did on their contact's timeline; a page view by default.
   *
   * @example
   * ```ts
   * await contactbase.track(req, res, { url: req.url, title: 'Checkout' });
   * await contactbase.track(req, res, { type: 'cart.added', data: { sku: 'A-1' } });
   * ```
   */
  async track(req: RequestLike, res: ResponseLike, event: TrackedEvent = {}): Promise<void> {
    let deviceId = this.deviceId(req);
    if (!deviceId) {
      await this.getCurrentContact(req, res);
      deviceId = this.deviceId(req)!;
    }
    const data = { ...event.data, ...(event.url ? { url: event.url } : {}), ...(event.title ? { title: event.title } : {}), ...(event.referrer ? { referrer: event.referrer } : {}) };
    await this.call('/api/v1/visitors/events', { device_id: deviceId, type: event.type ?? 'page.hit', data });
  }

  private deviceId(req: WithDevice): string | undefined {
    return req[deviceOfRequest] ?? readCookie(req, this.cookieName);
  }

  private remember(req: WithDevice, res: ResponseLike, deviceId: string): void {
    if (readCookie(req, this.cookieName) !== deviceId || req[deviceOfRequest] !== deviceId) {
      const secure = this.options.secureCookie ?? (Boolean(req.socket && 'encrypted' in req.socket && req.socket.encrypted) || req.headers['x-forwarded-proto'] === 'https');
      writeCookie(res, this.cookieName, deviceId, { domain: this.options.cookieDomain, secure, maxAgeSeconds: ONE_YEAR_SECONDS });
    }
    req[deviceOfRequest] = deviceId;
  }

  private userAgent(req: RequestLike): string | undefined {
    const agent = req.headers['user-agent'];
    return typeof agent === 'string' ? agent.slice(0, 1000) : undefined;
  }

  private async call<T>(path: string, body: Record<string, unknown>): Promise<T> {
    const response = await this.fetchImpl(`${this.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const error = json.error ?? {};
      throw new ContactbaseError(response.status, error.code ?? 'http_error', error.message ?? `Contactbase answered ${response.status}`, error.fields);
    }
    return json as T;
  }
}
