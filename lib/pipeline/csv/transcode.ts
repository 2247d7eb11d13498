import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { textDecoderLabel, type Encoding } from "../../contracts";

/**
 * Writes a UTF-8 copy of a file in another encoding (the raw file stays as uploaded). The browser and
 * the Glue runner decode the same labels: `latin1` is read as windows-1252, as browsers do.
 */
export async function transcodeToUtf8(from: string, to: string, encoding: Encoding): Promise<void> {
  const out = createWriteStream(to);
  let decoder: TextDecoder | null = null;
  for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    decoder ??= new TextDecoder(textDecoderLabel(encoding, chunk), { ignoreBOM: false });
    if (!out.write(decoder.decode(chunk, { stream: true }))) await once(out, "drain");
  }
  out.end(decoder?.decode() ?? "");
  await once(out, "finish");
}
