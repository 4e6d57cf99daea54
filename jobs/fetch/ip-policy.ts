import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** allowHosts, parsed once per call. */
export interface AllowList {
  /** Exact hostnames (lower-case, no trailing dot). */
  readonly names: ReadonlySet<string>;
  /** "*.corp.example" entries, kept as ".corp.example". */
  readonly suffixes: readonly string[];
  readonly ranges: readonly Range[];
}

export const EMPTY_ALLOW_LIST: AllowList = { names: new Set(), suffixes: [], ranges: [] };

/** Lower-case, no IPv6 brackets, no trailing root dot: the form every check below compares. */
export function normaliseHostname(hostname: string): string {
  let host = hostname.trim().toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  while (host.endsWith(".")) host = host.slice(0, -1);
  return host;
}

export function isIpLiteral(hostname: string): boolean {
  return isIP(normaliseHostname(hostname)) !== 0;
}

const HOSTNAME_PATTERN = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

export function parseAllowList(entries: readonly string[] | undefined): AllowList {
  if (!entries || entries.length === 0) return EMPTY_ALLOW_LIST;
  const names = new Set<string>();
  const suffixes: string[] = [];
  const ranges: Range[] = [];
  for (const raw of entries) {
    const entry = normaliseHostname(String(raw));
    if (entry.includes("/")) {
      const [ip, bits] = entry.split("/", 2);
      const bare = normaliseHostname(ip ?? "");
      if (isIP(bare) === 0 || !/^\d{1,3}$/.test(bits ?? "") || !ipaddr.isValidCIDR(`${bare}/${bits}`)) {
        throw new TypeError(`expected an allowHosts CIDR range like "10.0.0.0/8", got "${raw}"`);
      }
      ranges.push(ipaddr.parseCIDR(`${bare}/${bits}`));
    } else if (isIP(entry) !== 0) {
      const address = ipaddr.parse(entry);
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else if (entry.startsWith("*.") && HOSTNAME_PATTERN.test(entry.slice(2))) {
      suffixes.push(entry.slice(1));
    } else if (HOSTNAME_PATTERN.test(entry)) {
      names.add(entry);
    } else {
      throw new TypeError(`expected allowHosts entries to be hostnames, IPs or CIDR ranges, got "${raw}"`);
    }
  }
  return { names, suffixes, ranges };
}

export function isHostnameAllowListed(hostname: string, allow: AllowList): boolean {
  const host = normaliseHostname(hostname);
  if (allow.names.has(host)) return true;
  return allow.suffixes.some((suffix) => host.endsWith(suffix));
}

function inRange(address: Address, [network, bits]: Range): boolean {
  if (address.kind() === network.kind()) return address.match(network, bits);
  // An allowlisted 127.0.0.1 should also admit the same host written as ::ffff:127.0.0.1 (and vice versa),
  // because that is how dual-stack sockets report IPv4 peers.
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address().match(network, bits);
  }
  if (address.kind() === "ipv4") return (address as ipaddr.IPv4).toIPv4MappedAddress().match(network, bits);
  return false;
}

export function isAddressAllowListed(address: string, allow: AllowList): boolean {
  if (allow.ranges.length === 0) return false;
  const parsed = parseAddress(address);
  if (!parsed) return false;
  return allow.ranges.some((range) => inRange(parsed, range));
}

function parseAddress(address: string): Address | null {
  const bare = normaliseHostname(address);
  if (isIP(bare) === 0) return null;
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}

const IPV4_RANGE_NAMES: Record<string, string> = {
  unspecified: "unspecified 0.0.0.0/8",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local 169.254.0.0/16, where cloud metadata lives",
  loopback: "loopback",
  carrierGradeNat: "carrier-grade NAT 100.64.0.0/10",
  private: "private network",
  reserved: "reserved or documentation range",
  as112: "AS112 sink range",
  amt: "AMT relay range",
};

const IPV6_RANGE_NAMES: Record<string, string> = {
  unspecified: "unspecified ::",
  linkLocal: "link-local fe80::/10",
  multicast: "multicast",
  loopback: "loopback",
  uniqueLocal: "unique-local fc00::/7",
  deprecatedSiteLocal: "site-local fec0::/10",
  discard: "discard prefix",
  teredo: "Teredo tunnel (embedded address cannot be checked)",
  benchmarking: "benchmarking range",
  amt: "AMT range",
  as112v6: "AS112 sink range",
  deprecatedOrchid: "ORCHID range",
  orchid2: "ORCHIDv2 range",
  droneRemoteIdProtocolEntityTags: "DRIP range",
  segmentRouting: "segment-routing range",
  reserved: "reserved or documentation range",
};

function embeddedIPv4(parts: number[], high: number, low: number): ipaddr.IPv4 {
  const hi = parts[high] ?? 0;
  const lo = parts[low] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/**
 * Why an address must not be fetched by default, or null when it is ordinary public unicast.
 * Default-deny: anything ipaddr.js does not call "unicast" is refused, and IPv6 must also sit in 2000::/3.
 */
export function blockedAddressReason(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed) return "not an IP address";
  if (parsed.kind() === "ipv4") {
    const range = (parsed as ipaddr.IPv4).range();
    return range === "unicast" ? null : (IPV4_RANGE_NAMES[range] ?? range);
  }
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  const parts = v6.parts;
  const viaEmbedded = (label: string, v4: ipaddr.IPv4): string | null => {
    const inner = blockedAddressReason(v4.toString());
    return inner === null ? null : `${label} of ${v4.toString()}, ${inner}`;
  };
  switch (range) {
    case "ipv4Mapped":
      return viaEmbedded("IPv4-mapped form", v6.toIPv4Address());
    case "rfc6145":
      return viaEmbedded("IPv4-translated form", embeddedIPv4(parts, 6, 7));
    case "rfc6052":
      // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local NAT64 setups only.
      if (parts[2] === 1) return "local-use NAT64 64:ff9b:1::/48";
      return viaEmbedded("NAT64 form", embeddedIPv4(parts, 6, 7));
    case "6to4":
      return viaEmbedded("6to4 form", embeddedIPv4(parts, 1, 2));
    case "unicast":
      if (((parts[0] ?? 0) & 0xe000) !== 0x2000) return "IPv6 outside global unicast 2000::/3";
      return null;
    default:
      return IPV6_RANGE_NAMES[range] ?? range;
  }
}

const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.internal",
  "metadata.oraclecloud.com",
]);

const PRIVATE_SUFFIXES = [".localhost", ".internal", ".local", ".localdomain", ".home.arpa"];

/** Names refused before any DNS lookup: a custom resolver could map them anywhere, and none is public. */
export function blockedHostnameReason(hostname: string): string | null {
  const host = normaliseHostname(hostname);
  if (host === "localhost") return "loopback name";
  if (METADATA_NAMES.has(host)) return "cloud metadata hostname";
  const suffix = PRIVATE_SUFFIXES.find((s) => host.endsWith(s));
  if (suffix) return `private-use name (*${suffix})`;
  return null;
}

export type HostVerdict = { ok: true } | { ok: false; why: string };

/**
 * The check that needs no DNS: scheme-independent, run on every hop before connecting.
 * Literal IPs are fully decided here (a resolver hook never sees them); names are only screened.
 */
export function checkHostBeforeLookup(hostname: string, allow: AllowList): HostVerdict {
  const host = normaliseHostname(hostname);
  if (isHostnameAllowListed(host, allow)) return { ok: true };
  if (isIP(host) !== 0) {
    if (isAddressAllowListed(host, allow)) return { ok: true };
    const why = blockedAddressReason(host);
    return why === null ? { ok: true } : { ok: false, why: `${host} is ${why}` };
  }
  const why = blockedHostnameReason(host);
  return why === null ? { ok: true } : { ok: false, why: `${host} is a ${why}` };
}

/** The connect-time check: every resolved address must pass, or the name is refused outright. */
export function checkResolvedAddresses(hostname: string, addresses: readonly string[], allow: AllowList): HostVerdict {
  const host = normaliseHostname(hostname);
  if (isHostnameAllowListed(host, allow)) return { ok: true };
  if (addresses.length === 0) return { ok: false, why: `${host} resolved to no addresses` };
  for (const address of addresses) {
    if (isAddressAllowListed(address, allow)) continue;
    const why = blockedAddressReason(address);
    if (why !== null) {
      const shown = address === host ? address : `${host} resolves to ${address}`;
      return { ok: false, why: `${shown}, ${why}` };
    }
  }
  return { ok: true };
}
