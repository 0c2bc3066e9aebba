/** One SSE frame. `data` is written as is; JSON payloads are stringified by the caller. */
export function encodeSse(data: string, event?: string, id?: string | number): string {
  let frame = '';
  if (id !== undefined) frame += `id: ${id}\n`;
  if (event !== undefined) frame += `event: ${event}\n`;
  // Multi-line data needs one `data:` line per line to survive the framing.
  frame += data.includes('\n') ? data.split('\n').map((line) => `data: ${line}`).join('\n') : `data: ${data}`;
  return frame + '\n\n';
}
