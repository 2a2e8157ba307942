import { Type, type Static, type TSchema } from 'typebox';
import { OneOf } from '../http/schemas.js';

interface Definition<S extends TSchema> {
  readonly schema: S;
  readonly default: Static<S>;
  /** Environment variable that presets the value until an admin changes it. */
  readonly env?: string;
  readonly fromEnv?: (raw: string) => Static<S> | undefined;
}

const define = <S extends TSchema>(definition: Definition<S>) => definition;

const flag = (raw: string) => (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase()) ? true : ['0', 'false', 'no', 'off'].includes(raw.toLowerCase()) ? false : undefined);
const list = (raw: string) => raw.split(',').map((item) => item.trim()).filter(Boolean);

/** Kentico's cookie levels; tracking needs `visitor` or more. */
export const COOKIE_LEVELS = { none: -1000, system: -100, essential: 0, editor: 100, visitor: 200, all: 1000 } as const;
export type CookieLevelName = keyof typeof COOKIE_LEVELS;
const LEVEL_NAMES = Object.keys(COOKIE_LEVELS) as CookieLevelName[];

/**
 * Settings an admin edits while the server runs. Each domain adds its own here; the API and
 * the settings page are generated from this list.
 */
export const SETTINGS = {
  unique_identifier_operator: define({
    schema: OneOf(['or', 'and'] as const, { description: 'or: contacts match when any unique identifier field is equal; and: when all the filled ones are' }),
    default: 'or',
    env: 'UNIQUE_IDENTIFIER_OPERATOR',
    fromEnv: (raw) => (raw.toLowerCase() === 'and' ? 'and' : raw.toLowerCase() === 'or' ? 'or' : undefined),
  }),
  tracking_valid_domains: define({
    schema: Type.Array(Type.String({ pattern: '^https?://(\\*\\.)?[A-Za-z0-9.-]+(:\\d+)?$', maxLength: 255 }), {
      maxItems: 500, description: 'Sites allowed to call the tracking endpoints from a browser, as scheme://host[:port]; *.example.com covers subdomains',
    }),
    default: [],
    env: 'TRACKING_VALID_DOMAINS',
    fromEnv: list,
  }),
  default_cookie_level: define({
    schema: OneOf(LEVEL_NAMES, { description: 'Cookie level of a visitor who has not chosen one; tracking needs visitor or all' }),
    default: 'all',
    env: 'DEFAULT_COOKIE_LEVEL',
    fromEnv: (raw) => (LEVEL_NAMES as string[]).includes(raw.toLowerCase()) ? (raw.toLowerCase() as CookieLevelName) : undefined,
  }),
  respect_do_not_track: define({
    schema: Type.Boolean({ description: 'Visitors whose browser sends DNT: 1 are not tracked' }),
    default: true,
    env: 'RESPECT_DO_NOT_TRACK',
    fromEnv: flag,
  }),
  track_private_ips: define({
    schema: Type.Boolean({ description: 'Track visitors from private and loopback addresses (an intranet, local testing)' }),
    default: false,
    env: 'TRACK_PRIVATE_IPS',
    fromEnv: flag,
  }),
  track_bots: define({
    schema: Type.Boolean({ description: 'Track crawlers and bots (recognised by their user agent)' }),
    default: false,
    env: 'TRACK_BOTS',
    fromEnv: flag,
  }),
  do_not_track_ips: define({
    schema: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000, description: 'Addresses or CIDR ranges never tracked, e.g. your office' }),
    default: [],
    env: 'DO_NOT_TRACK_IPS',
    fromEnv: list,
  }),
  anonymize_ip: define({
    schema: Type.Boolean({ description: 'Store visitors\' IP addresses with the last part zeroed' }),
    default: false,
    env: 'ANONYMIZE_IP',
    fromEnv: flag,
  }),
  identify_by_tracking_url: define({
    schema: Type.Boolean({ description: 'Identify visitors from the contact in tracked email links (ct parameter)' }),
    default: false,
    env: 'IDENTIFY_BY_TRACKING_URL',
    fromEnv: flag,
  }),
};

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { readonly [K in SettingKey]: Static<(typeof SETTINGS)[K]['schema']> };

export const SettingsJson = Type.Object(
  Object.fromEntries(Object.entries(SETTINGS).map(([key, d]) => [key, d.schema])) as { [K in SettingKey]: (typeof SETTINGS)[K]['schema'] },
  {},
);

export const SettingsPatch = Type.Partial(SettingsJson, { additionalProperties: false });
