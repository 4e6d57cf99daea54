import { describe, expect, it } from "vitest";
import {
  blockedAddressReason,
  blockedHostnameReason,
  checkHostBeforeLookup,
  checkResolvedAddresses,
  isAddressAllowListed,
  parseAllowList,
} from "./ip-policy";

describe("address policy", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.254", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped form of 127.0.0.1"],
    ["::ffff:7f00:1", "IPv4-mapped form of 127.0.0.1"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped form of 169.254.169.254"],
    ["64:ff9b::a00:1", "NAT64 form of 10.0.0.1"],
    ["64:ff9b::7f00:1", "NAT64 form of 127.0.0.1"],
    ["64:ff9b:1::1", "local-use NAT64"],
    ["2002:a9fe:a9fe::1", "6to4 form of 169.254.169.254"],
    ["2002:c0a8:0101::", "6to4 form of 192.168.1.1"],
    ["::7f00:1", "outside global unicast"],
    ["2001::1", "Teredo"],
    ["2001:db8::1", "reserved"],
  ])("refuses %s as %s", (address, expected) => {
    expect(blockedAddressReason(address)).toContain(expected);
  });

  it.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])(
    "lets the public address %s through, including IPv4 embedded in IPv6",
    (address) => {
      expect(blockedAddressReason(address)).toBeNull();
    },
  );

  it("refuses a name when any one of its addresses is private, not just the first", () => {
    const verdict = checkResolvedAddresses("mixed.example", ["93.184.216.34", "127.0.0.1"], parseAllowList([]));
    expect(verdict).toEqual({ ok: false, why: expect.stringContaining("mixed.example resolves to 127.0.0.1, loopback") });
  });

  it("refuses a name that resolves to nothing rather than guessing", () => {
    expect(checkResolvedAddresses("empty.example", [], parseAllowList([])).ok).toBe(false);
  });
});

describe("hostname policy", () => {
  it.each(["localhost", "LOCALHOST.", "api.localhost", "metadata.google.internal", "metadata", "printer.local", "nas.home.arpa", "db.internal"])(
    "refuses %s before any DNS lookup",
    (name) => {
      expect(blockedHostnameReason(name)).not.toBeNull();
      expect(checkHostBeforeLookup(name, parseAllowList([])).ok).toBe(false);
    },
  );

  it("leaves ordinary names to the connect-time address check", () => {
    expect(checkHostBeforeLookup("reviews.example.com", parseAllowList([])).ok).toBe(true);
  });
});

describe("allowHosts", () => {
  it("opens exact hostnames, wildcard suffixes, single IPs, bracketed IPv6 and CIDR ranges", () => {
    const allow = parseAllowList(["Allowed.Test", "*.corp.example", "127.0.0.1", "[::1]", "10.0.0.0/8", "fd00::/8"]);
    expect(checkHostBeforeLookup("allowed.test", allow).ok).toBe(true);
    expect(checkHostBeforeLookup("wiki.corp.example", allow).ok).toBe(true);
    // A suffix entry must not be satisfied by a look-alike that merely contains it.
    expect(checkResolvedAddresses("corp.example.evil", ["10.0.0.5"], parseAllowList(["*.corp.example"])).ok).toBe(false);
    expect(checkResolvedAddresses("xcorp.example", ["192.168.0.5"], allow).ok).toBe(false);
    expect(checkHostBeforeLookup("127.0.0.1", allow).ok).toBe(true);
    expect(checkHostBeforeLookup("[::1]", allow).ok).toBe(true);
    expect(checkHostBeforeLookup("10.200.3.4", allow).ok).toBe(true);
    expect(checkResolvedAddresses("x.example", ["fd00::5"], allow).ok).toBe(true);
  });

  it("opens only what is listed: 127.0.0.1 does not open 127.0.0.2, 10/8 does not open 192.168/16", () => {
    const allow = parseAllowList(["127.0.0.1", "10.0.0.0/8"]);
    expect(checkHostBeforeLookup("127.0.0.2", allow).ok).toBe(false);
    expect(checkHostBeforeLookup("192.168.0.1", allow).ok).toBe(false);
    expect(checkHostBeforeLookup("localhost", allow).ok).toBe(false);
  });

  it("matches an allowlisted IPv4 address when a dual-stack socket reports it IPv4-mapped", () => {
    expect(isAddressAllowListed("::ffff:127.0.0.1", parseAllowList(["127.0.0.1"]))).toBe(true);
  });

  it.each(["10.0.0.0/33", "not a host!", "1.2.3.4/abc", "http://x/"])("rejects the malformed entry %s with a message naming it", (entry) => {
    expect(() => parseAllowList([entry])).toThrow(entry);
  });
});
