import net from 'node:net';

const PRIVATE_V4: [string, number][] = [
  ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['100.64.0.0', 10], ['0.0.0.0', 8],
];
const PRIVATE_V6: [string, number][] = [['::1', 128], ['fc00::', 7], ['fe80::', 10], ['::', 128]];

/** An IPv4 network as a number and a mask: checking one is two integer operations, not a BlockList's SocketAddress. */
interface V4Range {
  readonly base: number;
  readonly mask: number;
}

/** `1.2.3.4` as an unsigned 32-bit number; undefined when it is no IPv4 address. */
function ipv4Number(ip: string): number | undefined {
  if (!net.isIPv4(ip)) return undefined;
  const parts = ip.split('.');
  return ((Number(parts[0]) << 24) | (Number(parts[1]) << 16) | (Number(parts[2]) << 8) | Number(parts[3])) >>> 0;
}

function v4Range(address: string, prefix: number): V4Range {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return { base: (ipv4Number(address)! & mask) >>> 0, mask };
}

const inV4Ranges = (ranges: readonly V4Range[], n: number) => ranges.some((r) => ((n & r.mask) >>> 0) === r.base);

const privateV4 = PRIVATE_V4.map(([address, prefix]) => v4Range(address, prefix));
const privateV6 = new net.BlockList();
for (const [address, prefix] of PRIVATE_V6) privateV6.addSubnet(address, prefix, 'ipv6');

/** `::ffff:1.2.3.4` as `1.2.3.4`; undefined when it is no address at all. */
export function normaliseIp(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const ip = raw.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return net.isIP(ip) ? ip : undefined;
}

/** Private, loopback, link-local and unspecified addresses: an intranet or this machine. */
export function isPrivateIp(ip: string): boolean {
  const v4 = ipv4Number(ip);
  if (v4 !== undefined) return inV4Ranges(privateV4, v4);
  return net.isIPv6(ip) && privateV6.check(ip, 'ipv6');
}

/** A list of addresses and CIDR ranges, as admins write them ("203.0.113.0/24", "198.51.100.7"). */
export function ipMatcher(entries: readonly string[]): (ip: string) => boolean {
  const v4: V4Range[] = [];
  const v6 = new net.BlockList();
  let anyV6 = false;
  for (const entry of entries) {
    const [address, prefix] = entry.trim().split('/');
    if (prefix !== undefined && !/^\d+$/.test(prefix)) continue;
    if (net.isIPv4(address)) {
      if (prefix === undefined) v4.push(v4Range(address, 32));
      else if (Number(prefix) <= 32) v4.push(v4Range(address, Number(prefix)));
    } else if (net.isIPv6(address)) {
      if (prefix === undefined) v6.addAddress(address, 'ipv6');
      else if (Number(prefix) <= 128) v6.addSubnet(address, Number(prefix), 'ipv6');
      else continue;
      anyV6 = true;
    }
  }
  if (v4.length === 0 && !anyV6) return () => false;
  return (ip) => {
    const n = ipv4Number(ip);
    if (n !== undefined) return inV4Ranges(v4, n);
    return anyV6 && net.isIPv6(ip) && v6.check(ip, 'ipv6');
  };
}

/** The address with its host part zeroed: 203.0.113.0, or the first 48 bits for IPv6. */
export function anonymiseIp(ip: string): string {
  if (net.isIPv4(ip)) return ip.replace(/\.\d+$/, '.0');
  const groups = ip.split(':');
  return `${groups.slice(0, 3).join(':')}::`;
}
