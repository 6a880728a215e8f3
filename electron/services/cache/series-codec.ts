/**
 * A block's samples as one blob, float64 little-endian, in one of two layouts told apart by size:
 * - evenly spaced (what range queries answer: one sample per step): `first timestamp, step` then
 *   `count` values, 16 + 8 × count bytes. Half the bytes, which also keeps a day of one-minute
 *   samples per 2 h block inside SQLite's page (a 1.9 KB row spilled to an overflow page);
 * - any spacing: `count` timestamps (epoch ms) then `count` values, 16 × count bytes.
 * The sizes differ for every count except 2, which always uses the second layout.
 * Timestamps are strictly increasing within a block.
 */
export interface SampleBlock {
  timestamps: Float64Array;
  values: Float64Array;
}

/** Encodes samples `from` (inclusive) to `to` (exclusive) of the two columns. */
export function encodeBlock(timestamps: ArrayLike<number>, values: ArrayLike<number>, from = 0, to = timestamps.length): Buffer {
  const count = to - from;
  const first = timestamps[from]!;
  const step = count > 2 ? timestamps[from + 1]! - first : 0;
  let even = count > 2;
  for (let index = 1; index < count && even; index++) even = timestamps[from + index] === first + index * step;
  const packed = new Float64Array(even ? count + 2 : count * 2);
  let out = 0;
  if (even) {
    packed[out++] = first;
    packed[out++] = step;
  } else {
    for (let index = from; index < to; index++) packed[out++] = timestamps[index]!;
  }
  for (let index = from; index < to; index++) packed[out++] = values[index]!;
  return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
}

export function decodeBlock(blob: Uint8Array, count: number): SampleBlock {
  const even = count !== 2 && blob.byteLength === 16 + count * 8;
  if (!even && blob.byteLength !== count * 16) {
    throw new Error(`series block is ${blob.byteLength} bytes, expected ${count * 16} (or ${16 + count * 8} evenly spaced) for ${count} samples`);
  }
  // Float64Array views need 8-byte alignment; SQLite's buffers usually are not.
  const aligned = blob.byteOffset % 8 === 0 ? blob : Uint8Array.from(blob);
  const packed = new Float64Array(aligned.buffer, aligned.byteOffset, blob.byteLength / 8);
  if (!even) return { timestamps: packed.subarray(0, count), values: packed.subarray(count) };
  const first = packed[0]!;
  const step = packed[1]!;
  const timestamps = new Float64Array(count);
  for (let index = 0; index < count; index++) timestamps[index] = first + index * step;
  return { timestamps, values: packed.subarray(2) };
}

/** Merge sorted samples; where both have a timestamp, `incoming` wins (a later pull corrects an earlier one). */
export function mergeSamples(existing: SampleBlock, incoming: SampleBlock): SampleBlock {
  const { timestamps: a, values: av } = existing;
  const { timestamps: b, values: bv } = incoming;
  const timestamps = new Float64Array(a.length + b.length);
  const values = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let out = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) {
      timestamps[out] = a[i]!;
      values[out++] = av[i++]!;
    } else {
      if (i < a.length && a[i] === b[j]) i++;
      timestamps[out] = b[j]!;
      values[out++] = bv[j++]!;
    }
  }
  return { timestamps: timestamps.subarray(0, out), values: values.subarray(0, out) };
}
