import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { countryName } from '../../src/fields/countries.js';
import { loadGeoDatabase, locate, locateLoaded } from '../../src/tracking/geo.js';

function randomPublicIPv4(): string {
  for (;;) {
    const a = 1 + Math.floor(Math.random() * 223);
    if (a === 10 || a === 127 || a === 100 || a === 169 || a === 172 || a === 192 || a === 198 || a === 203) continue;
    return `${a}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
  }
}

describe('geolocation before the database has loaded', () => {
  it('answers undefined at once and loads in the background', async () => {
    assert.equal(locate('8.8.8.8'), undefined, 'the first call does not wait for the file');
    assert.equal((await locateLoaded('8.8.8.8'))?.country, 'United States', 'locateLoaded() waits for it');
    assert.equal(locate('8.8.8.8')?.country, 'United States');
  });

  it('reads each address family\'s file on its first use only', async () => {
    const google = '2a00:1450:4001:82b::200e';
    assert.equal(locate(google), undefined, 'the IPv6 file is not read with the IPv4 one');
    assert.equal((await locateLoaded(google))?.countryCode, 'DE');
  });
});

describe('geolocation', () => {
  before(() => loadGeoDatabase());

  it('locates well-known public addresses to their city, region, country and time zone', () => {
    assert.deepEqual(locate('8.8.8.8'), {
      city: 'Mountain View',
      state: 'California',
      country: 'United States',
      countryCode: 'US',
      latitude: 37.422,
      longitude: -122.085,
      timezone: 'America/Los_Angeles',
    });
    const london = locate('81.2.69.160');
    assert.equal(london?.country, 'United Kingdom');
    assert.equal(london?.state, 'England');
    assert.equal(london?.city, 'London');
    assert.equal(london?.timezone, 'Europe/London');
    assert.ok(london && Math.abs(london.latitude - 51.5) < 0.5 && Math.abs(london.longitude) < 0.5);
  });

  it('locates European networks (RIPE, IONOS, FDN, SWITCH, Yandex)', () => {
    const expected: [string, string, string][] = [
      ['193.0.6.139', 'Netherlands', 'Europe/Amsterdam'],
      ['217.160.0.1', 'Germany', 'Europe/Berlin'],
      ['194.25.2.129', 'Germany', 'Europe/Berlin'],
      ['80.67.169.12', 'France', 'Europe/Paris'],
      ['130.59.31.248', 'Switzerland', 'Europe/Zurich'],
      ['77.88.8.8', countryName('RU')!, 'Europe/Moscow'],
    ];
    for (const [ip, country, timezone] of expected) {
      const location = locate(ip);
      assert.equal(location?.country, country, ip);
      assert.equal(location?.timezone, timezone, ip);
      assert.ok(location?.city, `${ip} has a city`);
    }
  });

  it("keeps the city and drops DB-IP's district: Amsterdam, not Amsterdam (Amsterdam-Centrum)", () => {
    assert.equal(locate('193.0.6.139')?.city, 'Amsterdam');
    assert.equal(locate('77.88.8.8')?.city, 'Moscow');
  });

  it('locates IPv6, and IPv4 inside IPv4-mapped, NAT64 and 6to4 addresses', () => {
    assert.equal(locate('2a00:1450:4001:80b::200e')?.country, 'Germany');
    assert.equal(locate('2001:67c:2e8:22::c100:68b')?.city, 'Amsterdam');
    assert.equal(locate('2A01:E0C:1::1')?.country, 'France');
    for (const ip of ['::ffff:8.8.8.8', '::FFFF:808:808', '64:ff9b::8.8.8.8', '2002:808:808::1']) {
      assert.equal(locate(ip)?.city, 'Mountain View', ip);
    }
  });

  it('answers undefined for private, loopback, link-local, reserved and documentation addresses', () => {
    const internal = [
      '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '169.254.10.10', '100.64.0.1', '0.0.0.0',
      '192.0.2.1', '198.51.100.7', '203.0.113.9', '198.18.0.1', '224.0.0.251', '239.255.255.250', '255.255.255.255',
      '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456:789a::1', 'ff02::1', '2001:db8::1',
      '::ffff:10.0.0.1', '::ffff:127.0.0.1', '64:ff9b::192.168.0.1', '2002:c0a8:101::1',
    ];
    for (const ip of internal) assert.equal(locate(ip), undefined, ip);
  });

  it('answers undefined for anything that is not an address', () => {
    const invalid = ['', 'localhost', '8.8.8', '8.8.8.8.8', '256.1.1.1', '08.8.8.8', '8.8.8.8 ', ' 8.8.8.8', '1.2.3.-4', '2001:::1', 'gggg::1', '8.8.8.8/24', 'x'.repeat(10_000), '8'.repeat(1_000)];
    for (const ip of invalid) assert.equal(locate(ip), undefined, JSON.stringify(ip.slice(0, 20)));
    assert.equal(locate(undefined as unknown as string), undefined);
  });

  it('names every country as countryName() does, with a valid IANA time zone', () => {
    let located = 0;
    const zones = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const location = locate(randomPublicIPv4());
      if (!location) continue;
      located++;
      assert.equal(location.country, countryName(location.countryCode));
      assert.ok(location.latitude >= -90 && location.latitude <= 90 && location.longitude >= -180 && location.longitude <= 180);
      if (location.timezone) zones.add(location.timezone);
    }
    for (const timeZone of zones) assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone }), timeZone);
    assert.ok(located > 2_500, `most public addresses are covered (${located} of 3000)`);
  });

  it('returns shared, frozen results', () => {
    const location = locate('8.8.8.8')!;
    assert.ok(Object.isFrozen(location));
    assert.throws(() => {
      (location as { city: string | null }).city = 'Elsewhere';
    });
  });

  it('answers a well-formed location or nothing for 20,000 random public IPv4 addresses', () => {
    let located = 0;
    for (const ip of Array.from({ length: 20_000 }, randomPublicIPv4)) {
      const location = locate(ip);
      if (!location) continue;
      located++;
      assert.equal(typeof location.country, 'string');
      assert.ok(Math.abs(location.latitude) <= 90 && Math.abs(location.longitude) <= 180);
    }
    assert.ok(located > 15_000, `only ${located} located`);
  });
});
