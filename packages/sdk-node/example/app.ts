/**
 * A tiny shop site showing the SDK: every page view lands on the visitor's contact, and the
 * history follows the visitor into their account when they register or sign in.
 *
 *   CONTACTBASE_URL=http://127.0.0.1:8080 CONTACTBASE_TOKEN=cb_... npx tsx packages/sdk-node/example/app.ts
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { Contactbase } from '../src/index.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>
<nav><a href="/">Home</a> · <a href="/pricing">Pricing</a></nav><h1>${escape(title)}</h1>${body}
<form method="post" action="/register"><input name="username" placeholder="user name"><input name="email" placeholder="email"><button>Register</button></form>
<form method="post" action="/sign-in"><input name="username" placeholder="user name"><button>Sign in</button></form>
</body></html>`;
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

/** The example site as a request handler, so that tests can run it in-process. */
export function createExampleApp(contactbase: Contactbase) {
  const users = new Map<string, { email: string }>();

  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://example.local');
    try {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/pricing')) {
        const title = url.pathname === '/' ? 'Home' : 'Pricing';
        await contactbase.track(req, res, { url: url.href, title, referrer: req.headers.referer });
        const contact = await contactbase.getCurrentContact(req, res);
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(page(title, `<p>You are contact #${contact.id}${contact.email ? ` (${escape(contact.email)})` : ' (anonymous)'}.</p>`));
        return;
      }
      if (req.method === 'POST' && url.pathname === '/register') {
        const data = await form(req);
        const username = data.get('username')?.trim() ?? '';
        const email = data.get('email')?.trim() ?? '';
        if (!username || users.has(username)) throw new Error('Choose another user name');
        users.set(username, { email });
        await contactbase.mergeUserContacts(req, res, username);
        if (email) await contactbase.identify(req, res, { email });
        res.writeHead(303, { location: '/' }).end();
        return;
      }
      if (req.method === 'POST' && url.pathname === '/sign-in') {
        const username = (await form(req)).get('username')?.trim() ?? '';
        if (!users.has(username)) throw new Error('Unknown user');
        await contactbase.mergeUserContacts(req, res, username);
        res.writeHead(303, { location: '/' }).end();
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : 'Bad request');
    }
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const contactbase = new Contactbase({ url: process.env.CONTACTBASE_URL ?? 'http://127.0.0.1:8080', token: process.env.CONTACTBASE_TOKEN ?? '' });
  const port = Number(process.env.PORT ?? 3000);
  http.createServer(createExampleApp(contactbase)).listen(port, '127.0.0.1', () => console.log(`Example shop at http://127.0.0.1:${port}`));
}
