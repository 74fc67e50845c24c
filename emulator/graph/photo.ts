// Profile photos: a solid square in a colour derived from the user's oid, encoded as a PNG by hand
// (RGB, one IDAT) so the emulator needs no image library.
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";

/** The sizes Graph serves from /photos/{size}; /photo (no size) is the largest. */
export const PHOTO_SIZES = [
  "48x48",
  "64x64",
  "96x96",
  "120x120",
  "240x240",
  "360x360",
  "432x432",
  "504x504",
  "648x648",
] as const;
export const DEFAULT_PHOTO_SIZE = "648x648";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), 8 + data.length);
  return out;
}

export function squarePng(side: number, [r, g, b]: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour RGB, deflate, no filter, no interlace
  const row = Buffer.alloc(1 + side * 3); // leading 0 = filter type None
  for (let x = 0; x < side; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: side }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export function colourFor(oid: string): [number, number, number] {
  const h = createHash("sha256").update(oid.toLowerCase()).digest();
  // Keep channels in a mid range so the square is neither near-black nor near-white.
  return [64 + (h[0] % 160), 64 + (h[1] % 160), 64 + (h[2] % 160)];
}

const cache = new Map<string, Buffer>();

export function photoFor(oid: string, size: string): Buffer {
  const key = `${oid}:${size}`;
  let png = cache.get(key);
  if (!png) {
    png = squarePng(Number(size.split("x")[0]), colourFor(oid));
    cache.set(key, png);
  }
  return png;
}

export function photoEtag(oid: string, size: string): string {
  return `"${createHash("sha1").update(`${oid}:${size}`).digest("hex").toUpperCase()}"`;
}
