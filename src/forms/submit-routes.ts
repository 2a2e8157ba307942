import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errors } from '../errors.js';
import type { App, AppContext } from '../http/app.js';
import { DEVICE_ID_PATTERN, newDeviceId } from '../identity/devices.js';
import type { Settings } from '../settings/definitions.js';
import { setTrackingCookies } from '../tracking/cookies.js';
import { applyCors, isValidOrigin } from '../tracking/cors.js';
import { assess, knownDeviceId } from '../tracking/service.js';
import { renderProblems, renderThanks } from './html.js';
import { FORM_LIMITS, SubmitQuery } from './schema.js';
import { getForm } from './service.js';
import { submitForm } from './submit.js';

/** A form-encoded body: field values from `mauticform[<name>]`, the rest kept apart. */
class PostedForm {
  constructor(readonly values: Record<string, unknown>, readonly meta: Readonly<Record<string, string>>) {}
}

/** Keys inside mauticform[...] that are not field values. */
const FORM_META = new Set(['formId', 'return', 'formName', 'messenger']);
/** Plain keys a page or an app may send next to the fields. */
const PLAIN_META = new Set(['formId', 'page_url', 'referrer', 'mautic_device_id']);
const MAX_KEYS = 500;
const KEY = /^mauticform\[([^[\]]*)\](\[\])?$/;
const DEVICE_ID = new RegExp(DEVICE_ID_PATTERN);

export function parseFormPost(body: string): PostedForm {
  const values = new Map<string, string | string[]>();
  const meta = new Map<string, string>();
  let count = 0;
  for (const [key, value] of new URLSearchParams(body)) {
    if (++count > MAX_KEYS) throw errors.badRequest(`A form may send at most ${MAX_KEYS} values`);
    const match = KEY.exec(key);
    if (!match) {
      if (PLAIN_META.has(key)) meta.set(key, value);
    } else if (FORM_META.has(match[1]) && !match[2]) {
      meta.set(match[1], value);
    } else if (match[2]) {
      const list = values.get(match[1]);
      values.set(match[1], Array.isArray(list) ? [...list, value] : [value]);
    } else {
      values.set(match[1], value);
    }
  }
  // fromEntries defines own properties, so a "__proto__" key is just a key.
  return new PostedForm(Object.fromEntries(values), Object.fromEntries(meta));
}

function posted(request: FastifyRequest): PostedForm {
  const body = request.body;
  if (body instanceof PostedForm) return body;
  if (body === undefined || body === null) return new PostedForm({}, {});
  if (typeof body !== 'object' || Array.isArray(body)) throw errors.validation({ body: 'must be a JSON object of field values' });
  return new PostedForm(body as Record<string, unknown>, {});
}

function wantsJson(request: FastifyRequest, query: SubmitQuery): boolean {
  if (query.ajax && !['0', 'false', ''].includes(query.ajax)) return true;
  if (String(request.headers.accept ?? '').includes('application/json')) return true;
  return String(request.headers['content-type'] ?? '').startsWith('application/json');
}

/** An address a browser may be sent back to: only on a site of the valid domains list. */
function safeReturn(raw: string | undefined, settings: Settings): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && isValidOrigin(url.origin, settings.tracking_valid_domains)) return url.href;
  } catch {
    // not an address
  }
  return undefined;
}

function clip(value: string | undefined): string | undefined {
  const trimmed = value?.replace(/\u0000/g, '').trim();
  return trimmed ? trimmed.slice(0, 8192) : undefined;
}

const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8')
  .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'").send(body);

/** Mautic's public form endpoint: a browser's form post, an ajax call or an app's JSON. */
export function submitRoutes(app: App, ctx: AppContext) {
  const settingsOf = () => ctx.settings.load(ctx.db);

  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMITS.body }, (_request, body, done) => {
      try {
        done(null, parseFormPost(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    const config = { public: true };
    const tags = ['Forms (public)'];

    scope.options('/form/submit', { config, schema: { hide: true } }, async (request, reply) => {
      applyCors(request, reply, (await settingsOf()).tracking_valid_domains);
      return reply.status(204).send();
    });

    scope.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: '/form/submit',
      config,
      schema: { hide: true },
      handler: async () => {
        throw errors.forbidden('Forms are submitted with POST');
      },
    });

    scope.post('/form/submit', {
      bodyLimit: FORM_LIMITS.body,
      config,
      schema: {
        tags,
        summary: 'Submit a form: mauticform[<name>] fields form-encoded, or a JSON object of values. Redirects, or answers JSON with ?ajax=1 or Accept: application/json',
        querystring: SubmitQuery,
      },
    }, async (request, reply) => {
      const settings = await settingsOf();
      applyCors(request, reply, settings.tracking_valid_domains);
      reply.header('cache-control', 'private, no-cache, no-store, must-revalidate');
      const query = request.query as SubmitQuery;
      const json = wantsJson(request, query);
      const post = posted(request);
      const formId = query.formId ?? (post.meta.formId && /^\d{1,15}$/.test(post.meta.formId) ? Number(post.meta.formId) : undefined);
      try {
        if (!formId) throw errors.validation({ formId: 'is required' });
        const visit = await assess(request, ctx, settings);
        // Visitors who may not be tracked still send their form; it is stored without their device.
        const requested = query.mautic_device_id ?? post.meta.mautic_device_id;
        const deviceId = visit.reason ? undefined : knownDeviceId(request) ?? (requested && DEVICE_ID.test(requested) ? requested : newDeviceId());
        const result = await submitForm(ctx.db, await ctx.fields.load(ctx.db), settings, {
          formId,
          values: post.values,
          deviceId,
          userAgent: visit.userAgent || null,
          pageUrl: clip(query.page_url ?? post.meta.page_url) ?? clip(request.headers.referer) ?? null,
          referrer: clip(query.referrer ?? post.meta.referrer) ?? null,
        });
        if (deviceId) setTrackingCookies(request, reply, deviceId, result.contact.id);
        const { form } = result;
        if (json) {
          return reply.send({ success: 1, results: result.values, successMessage: form.success_message, redirect: form.redirect_url, formName: form.name });
        }
        const target = safeReturn(post.meta.return, settings) ?? form.redirect_url;
        if (target) return reply.redirect(target, 303);
        return html(reply, 200, renderThanks(form));
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        if (json) {
          return reply.status(error.status).send(error.fields ? { success: 0, validationErrors: error.fields } : { success: 0, errorMessage: error.message });
        }
        const form = formId && error.fields ? await getForm(ctx.db, formId).catch(() => undefined) : undefined;
        const labels = new Map((form?.fields ?? []).map((field) => [field.name, field.label]));
        const back = safeReturn(post.meta.return, settings) ?? safeReturn(request.headers.referer, settings);
        const message = error.fields ? 'The form was not sent: please correct these fields.' : error.message;
        return html(reply, error.status, renderProblems(message, error.fields, labels, back));
      }
    });
  });
}
