/** What a streamed object's body yields: bytes, or text stored as UTF-8 (one string, or lines in an array). */
export type Piece = Uint8Array | string | readonly string[];

/**
 * The body's bytes in buffers of exactly `size` (the last one shorter, and one empty buffer for an empty body),
 * text encoded straight into them. A national export is 200 MB and more of short lines: joined into a string per
 * unit and then encoded, they cost twice the CPU, and cutting those buffers into upload parts copies every byte
 * once more (docs/performance.md). Each buffer is new, so a consumer may keep it.
 */
export async function* parts(body: AsyncIterable<Piece>, size: number): AsyncGenerator<Buffer> {
  let part = Buffer.allocUnsafe(size);
  let filled = 0;
  let yielded = false;
  const full: Buffer[] = [];
  const next = () => {
    full.push(part);
    part = Buffer.allocUnsafe(size);
    filled = 0;
  };
  const bytes = (chunk: Uint8Array) => {
    for (let from = 0; from < chunk.length; ) {
      const n = Math.min(chunk.length - from, size - filled);
      part.set(chunk.subarray(from, from + n), filled);
      filled += n;
      from += n;
      if (filled === size) next();
    }
  };
  const text = (value: string) => {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: where the whole string surely fits, it is encoded in place;
    // the one that crosses into the next part is encoded apart and split.
    if (value.length * 3 <= size - filled) {
      filled += part.write(value, filled);
      if (filled === size) next();
    } else bytes(Buffer.from(value));
  };
  for await (const piece of body) {
    if (typeof piece === "string") text(piece);
    else if (piece instanceof Uint8Array) bytes(piece);
    else for (const line of piece) text(line);
    for (const done of full) {
      yielded = true;
      yield done;
    }
    full.length = 0;
  }
  if (filled > 0 || !yielded) yield part.subarray(0, filled);
}
