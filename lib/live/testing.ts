/** Test support: reads a text/event-stream response (not used by the app). */

export interface SseEvent {
  id: number;
  type: string;
  data: Record<string, unknown>;
}

/** Reads SSE events until `until` says stop (then the connection is dropped) or the stream ends. */
export async function readSse(
  res: Response,
  until: (e: SseEvent, all: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const out: SseEvent[] = [];
  let buf = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const f = Object.fromEntries(
        block
          .split('\n')
          .filter((l) => !l.startsWith(':') && l.includes(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
      );
      if (!f.id) continue;
      const ev = {
        id: Number(f.id),
        type: String(f.event),
        data: JSON.parse(String(f.data)) as Record<string, unknown>,
      };
      out.push(ev);
      if (until(ev, out)) {
        await reader.cancel();
        return out;
      }
    }
  }
}
