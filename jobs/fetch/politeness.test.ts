import { describe, expect, it } from "vitest";
import { createPolitenessGate } from "./politeness";

function fakeClock() {
  let time = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      waits.push(ms);
      time += ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
    waits,
  };
}

describe("in-memory politeness gate", () => {
  it("lets the first request to a host through at once and spaces the next by the interval", async () => {
    const clock = fakeClock();
    const gate = createPolitenessGate({ minIntervalMs: 1000, now: clock.now, sleep: clock.sleep });
    await gate.acquire("example.com");
    await gate.acquire("example.com");
    expect(clock.waits).toEqual([1000]);
  });

  it("queues concurrent callers into successive slots instead of releasing them together", async () => {
    const clock = fakeClock();
    const waits: number[] = [];
    const gate = createPolitenessGate({ minIntervalMs: 500, now: clock.now, sleep: async (ms) => void waits.push(ms) });
    await Promise.all([gate.acquire("a.example"), gate.acquire("a.example"), gate.acquire("a.example")]);
    expect(waits).toEqual([500, 1000]);
  });

  it("keeps hosts independent and treats host names case-insensitively", async () => {
    const clock = fakeClock();
    const gate = createPolitenessGate({ minIntervalMs: 1000, now: clock.now, sleep: clock.sleep });
    await gate.acquire("a.example");
    await gate.acquire("b.example");
    expect(clock.waits).toEqual([]);
    await gate.acquire("A.EXAMPLE");
    expect(clock.waits).toEqual([1000]);
  });

  it("does not wait once the interval has already passed", async () => {
    const clock = fakeClock();
    const gate = createPolitenessGate({ minIntervalMs: 1000, now: clock.now, sleep: clock.sleep });
    await gate.acquire("a.example");
    clock.advance(1500);
    await gate.acquire("a.example");
    expect(clock.waits).toEqual([]);
  });

  it("stops waiting when the caller aborts", async () => {
    const gate = createPolitenessGate({ minIntervalMs: 60_000 });
    await gate.acquire("slow.example");
    const controller = new AbortController();
    const waiting = gate.acquire("slow.example", controller.signal);
    controller.abort(new Error("shutting down"));
    await expect(waiting).rejects.toThrow("shutting down");
  });
});
