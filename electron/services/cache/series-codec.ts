/**
 * A block's samples as one blob: `count` float64 timestamps (epoch ms) followed by `count` float64
 * values, little-endian. Timestamps are strictly increasing within a block.
 */
export interface SampleBlock {
  timestamps: Float64Array;
  values: Float64Array;
}

export function encodeBlock(timestamps: ArrayLike<number>, values: ArrayLike<number>): Buffer {
  const count = timestamps.length;
  const packed = new Float64Array(count * 2);
  packed.set(timestamps, 0);
  packed.set(values, count);
  return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
}

export function decodeBlock(blob: Uint8Array, count: number): SampleBlock {
  if (blob.byteLength !== count * 16) {
    throw new Error(`series block is ${blob.byteLength} bytes, expected ${count * 16} for ${count} samples`);
  }
  // Float64Array views need 8-byte alignment; SQLite's buffers usually are not.
  const aligned = blob.byteOffset % 8 === 0 ? blob : Uint8Array.from(blob);
  const packed = new Float64Array(aligned.buffer, aligned.byteOffset, count * 2);
  return { timestamps: packed.subarray(0, count), values: packed.subarray(count) };
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
