/** Reads a text/event-stream body chunk by chunk, keeping the raw chunks (to check buffer identity). */
export interface ParsedEvent {
  id: string | undefined;
  event: string | undefined;
  data: any;
}

export class SseReader {
  readonly chunks: Uint8Array[] = [];
  private text = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private inFlight: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  private readonly decoder = new TextDecoder();
  readonly events: ParsedEvent[] = [];
  comments = 0;
  failed: unknown;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** Read until `predicate` holds over the parsed events, or fail after `timeoutMilliseconds`. */
  async until(predicate: (events: ParsedEvent[]) => boolean, timeoutMilliseconds = 3000): Promise<ParsedEvent[]> {
    const deadline = Date.now() + timeoutMilliseconds;
    while (!predicate(this.events)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out; events so far: ${JSON.stringify(this.events.map((event) => event.event))}`);
      // a read that lost the race to the timeout stays in flight and is taken up by the next call
      this.inFlight ??= this.reader.read();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const result = await Promise.race([
        this.inFlight,
        new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), remaining))),
      ]);
      clearTimeout(timer);
      if (result === 'timeout') continue;
      this.inFlight = undefined;
      if (result.done) throw new Error('stream ended');
      this.chunks.push(result.value);
      this.text += this.decoder.decode(result.value, { stream: true });
      this.parse();
    }
    return this.events;
  }

  /** Read whatever arrives within `milliseconds` (to show that nothing more came). */
  async drain(milliseconds = 150): Promise<void> {
    await this.until(() => false, milliseconds).catch(() => {});
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }

  private parse(): void {
    let boundary: number;
    while ((boundary = this.text.indexOf('\n\n')) >= 0) {
      const block = this.text.slice(0, boundary);
      this.text = this.text.slice(boundary + 2);
      const fields: Record<string, string> = {};
      let onlyComments = true;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        onlyComments = false;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        fields[name] = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      }
      if (onlyComments || (fields.data === undefined && fields.event === undefined)) {
        this.comments++;
        continue;
      }
      this.events.push({ id: fields.id, event: fields.event, data: fields.data ? JSON.parse(fields.data) : undefined });
    }
  }
}

export const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
