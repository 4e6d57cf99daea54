import type { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";

/** What we advertise in Accept-Encoding; a response using anything else is refused. */
export const ACCEPT_ENCODING = "gzip, deflate, br";

export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly stage: "compressed" | "decoded",
  ) {
    super(`body exceeded ${limit} bytes (${stage})`);
  }
}

export class BodyDecodingFailed extends Error {}

class Truncated extends Error {}

/** Content-Encoding values in the order they must be undone (last applied first). */
export function parseContentEncoding(header: string | undefined): string[] {
  if (!header) return [];
  const codings = header
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  for (const coding of codings) {
    if (!["gzip", "x-gzip", "deflate", "br"].includes(coding)) {
      throw new BodyDecodingFailed(`expected Content-Encoding gzip, deflate or br, got "${header}"`);
    }
  }
  return codings.reverse();
}

// "deflate" is meant to be zlib-wrapped (RFC 9110), but some servers send raw DEFLATE; a zlib stream
// starts with a CMF/FLG pair whose 16-bit value is a multiple of 31 and whose method nibble is 8.
function looksLikeZlib(head: Buffer): boolean {
  if (head.length < 2) return true;
  const cmf = head[0] ?? 0;
  const flg = head[1] ?? 0;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

function decoderFor(coding: string, head: Buffer | null): Transform {
  // Small output chunks keep each step of a decompression bomb small, so the cap is checked often.
  const chunkSize = 16 * 1024;
  if (coding === "br") return zlib.createBrotliDecompress({ chunkSize });
  if (coding === "deflate") {
    return head === null || looksLikeZlib(head) ? zlib.createInflate({ chunkSize }) : zlib.createInflateRaw({ chunkSize });
  }
  return zlib.createGunzip({ chunkSize });
}

export interface ReadBodyOptions {
  contentEncoding?: string;
  maxBytes: number;
  /** Keep the first maxBytes and stop, instead of throwing BodyTooLarge (robots.txt wants this). */
  truncate?: boolean;
}

export interface ReadBodyResult {
  bytes: Buffer;
  truncated: boolean;
  /** Bytes taken off the wire (before decompression). */
  wireBytes: number;
}

/**
 * Streams a response body into memory, counting both the bytes off the wire and the bytes after
 * decompression against maxBytes, and stops reading the moment either passes it. Node's zlib
 * streams honour backpressure, so a bomb is never inflated further than one chunk past the cap.
 * The caller destroys `body` on failure, which closes the connection.
 */
export async function readBody(body: Readable, options: ReadBodyOptions): Promise<ReadBodyResult> {
  const codings = parseContentEncoding(options.contentEncoding);
  const { maxBytes } = options;
  const chunks: Buffer[] = [];
  let kept = 0;
  let wireBytes = 0;
  let truncated = false;

  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head = first.done ? null : Buffer.from(first.value);

  async function* wire(): AsyncGenerator<Buffer> {
    try {
      let next: IteratorResult<Buffer> = first;
      while (!next.done) {
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
        wireBytes += chunk.length;
        if (wireBytes > maxBytes) {
          if (!options.truncate) throw new BodyTooLarge(maxBytes, "compressed");
          // Compressed input past the cap: keep what has been decoded so far and stop.
          if (codings.length > 0) throw new Truncated();
          yield chunk.subarray(0, chunk.length - (wireBytes - maxBytes));
          throw new Truncated();
        }
        yield chunk;
        next = await iterator.next();
      }
    } finally {
      await iterator.return?.();
    }
  }

  async function sink(source: AsyncIterable<Buffer>): Promise<void> {
    for await (const chunk of source) {
      if (kept + chunk.length > maxBytes) {
        if (!options.truncate) throw new BodyTooLarge(maxBytes, codings.length > 0 ? "decoded" : "compressed");
        chunks.push(chunk.subarray(0, maxBytes - kept));
        kept = maxBytes;
        throw new Truncated();
      }
      chunks.push(chunk);
      kept += chunk.length;
    }
  }

  if (first.done) return { bytes: Buffer.alloc(0), truncated: false, wireBytes: 0 };

  const decoders = codings.map((coding, index) => decoderFor(coding, index === 0 ? head : null));
  const decoderErrors = new Set<unknown>();
  for (const decoder of decoders) decoder.once("error", (err) => decoderErrors.add(err));
  try {
    await (pipeline as (...stages: unknown[]) => Promise<void>)(wire, ...decoders, sink);
  } catch (err) {
    if (err instanceof Truncated) {
      truncated = true;
    } else if (decoderErrors.has(err)) {
      const message = err instanceof Error ? err.message : String(err);
      throw new BodyDecodingFailed(`expected a valid ${codings.join(", ")} body, got a decoding error: ${message}`);
    } else {
      throw err;
    }
  }
  return { bytes: Buffer.concat(chunks, kept), truncated, wireBytes };
}
