/** How much of each file the browser reads before upload. */
export const WHOLE_FILE_LIMIT = 4 * 1024 * 1024;
export const SAMPLE_BYTES = 1024 * 1024;

export interface FileSample {
  bytes: Uint8Array;
  /** The bytes are the whole file. */
  complete: boolean;
}

/** Small files are read whole (exact row count); large ones only from the start. Works on any Blob. */
export async function readSample(file: Blob, opts: { wholeLimit?: number; sampleBytes?: number } = {}): Promise<FileSample> {
  const whole = opts.wholeLimit ?? WHOLE_FILE_LIMIT;
  const sample = opts.sampleBytes ?? SAMPLE_BYTES;
  const complete = file.size <= whole;
  const blob = complete ? file : file.slice(0, sample);
  return { bytes: new Uint8Array(await blob.arrayBuffer()), complete };
}
