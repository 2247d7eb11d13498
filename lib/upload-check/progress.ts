/** Overall progress of a batch: bytes sent over bytes to send, across files of any size. */
export interface ByteProgress {
  loaded: number;
  total: number;
}

export function overallProgress(files: readonly ByteProgress[]): { loaded: number; total: number; fraction: number } {
  let loaded = 0;
  let total = 0;
  for (const f of files) {
    total += f.total;
    loaded += Math.min(f.loaded, f.total);
  }
  return { loaded, total, fraction: total === 0 ? 0 : loaded / total };
}

/** Byte ranges of the parts of a multipart upload (the last part takes the remainder). */
export function partRanges(size: number, partSize: number, count: number): { partNumber: number; start: number; end: number }[] {
  const out: { partNumber: number; start: number; end: number }[] = [];
  for (let i = 0; i < count; i++) {
    const start = i * partSize;
    const end = i === count - 1 ? size : Math.min(size, start + partSize);
    out.push({ partNumber: i + 1, start, end });
  }
  return out;
}


