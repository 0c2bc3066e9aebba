/**
 * The cookbook workflow (docs/cookbook.md): a still image with FLUX, a video that starts on
 * that image, a narration script from a chat model, and the narration spoken by a TTS model,
 * all through one Switchyard gateway. Run it against the demo:
 *
 *   npm run demo                       # prints the gateway URL
 *   node examples/cookbook.ts http://127.0.0.1:PORT
 */
import { fileURLToPath } from 'node:url';
import { Switchyard, type SwitchyardJob } from '../src/index.ts';

export type CookbookResult = { image: SwitchyardJob; video: SwitchyardJob; script: string; narration: SwitchyardJob; costUsd: number };

export async function runCookbook(client: Switchyard, options: { subject?: string; log?: (line: string) => void; intervalMs?: number } = {}): Promise<CookbookResult> {
  const log = options.log ?? (() => {});
  const subject = options.subject ?? 'a paper boat sailing down a rainy city street';

  // 1. The first frame: FLUX schnell answers synchronously with a gateway file link.
  const image = await client.run('black-forest-labs/flux-schnell', { prompt: subject, aspect_ratio: '16:9', output_format: 'png' });
  log(`image: ${image.output!.files[0].url}`);

  // 2. The video: a slow model, so the gateway answers 202 and the client waits for the job.
  //    The image link goes in as is; the gateway hands the provider the bytes.
  const video = await client.run('kwaivgi/kling-v2.1', { prompt: `${subject}, slow camera push-in`, image: image.output!.files[0].url, duration_seconds: 5 }, { intervalMs: options.intervalMs });
  if (video.status !== 'succeeded') throw new Error(`video ${video.status}: ${video.error?.message}`);
  log(`video: ${video.output!.files[0].url} (${video.cost_usd} USD)`);

  // 3. The narration script from a chat model, then spoken.
  const chat = await client.chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `One calm sentence of narration for a 5-second clip of ${subject}.` }] });
  const script = String(chat.choices[0].message.content);
  const narration = await client.run('openai/gpt-4o-mini-tts', { prompt: script, voice: 'alloy', output_format: 'mp3' });
  log(`narration: ${narration.output!.files[0].url}`);

  const costUsd = [image, video, narration].reduce((sum, job) => sum + (job.cost_usd ?? 0), 0);
  log(`total media cost: ${costUsd.toFixed(4)} USD`);
  return { image, video, script, narration, costUsd };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const baseURL = process.argv[2] ?? process.env.SWITCHYARD_URL ?? 'http://127.0.0.1:8080';
  await runCookbook(new Switchyard({ baseURL, apiKey: process.env.SWITCHYARD_API_KEY }), { log: console.log });
}
