import { randomBytes } from 'node:crypto';

/** A file an emulated job produced, served from the emulator's own URL. */
export type EmulatedFile = { id: string; mediaType: string; data: Uint8Array };

/** One emulated long-running job: queued, then running, then done `delayMs` after it began. */
export type EmulatedJob = {
  id: string;
  model: string;
  input: Record<string, unknown>;
  createdAt: number;
  delayMs: number;
  /** Set when the prompt asked to fail ("fail" anywhere in it). */
  failure?: string;
  canceledAt?: number;
  files: EmulatedFile[];
};

export type EmulatedPhase = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';

/**
 * The jobs and files of one emulator, shared by the Replicate and Veo routes. Time decides a
 * job's phase, so polling sees a realistic lifecycle without timers: the first third of the
 * delay starting, then processing, then finished.
 */
export class EmulatedJobs {
  readonly delayMs: number;
  readonly #jobs = new Map<string, EmulatedJob>();
  readonly #files = new Map<string, EmulatedFile>();

  constructor(delayMs: number) {
    this.delayMs = delayMs;
  }

  create(model: string, input: Record<string, unknown>, files: Array<Omit<EmulatedFile, 'id'>>, failure?: string): EmulatedJob {
    const job: EmulatedJob = {
      id: randomBytes(10).toString('hex'),
      model,
      input,
      createdAt: Date.now(),
      delayMs: this.delayMs,
      ...(failure ? { failure } : {}),
      files: files.map((file) => ({ ...file, id: randomBytes(10).toString('hex') })),
    };
    for (const file of job.files) this.#files.set(file.id, file);
    this.#jobs.set(job.id, job);
    return job;
  }

  get(id: string): EmulatedJob | undefined {
    return this.#jobs.get(id);
  }

  file(id: string): EmulatedFile | undefined {
    return this.#files.get(id);
  }

  cancel(job: EmulatedJob): void {
    if (!isDone(this.phase(job))) job.canceledAt = Date.now();
  }

  phase(job: EmulatedJob, now = Date.now()): EmulatedPhase {
    if (job.canceledAt !== undefined) return 'canceled';
    const elapsed = now - job.createdAt;
    if (elapsed >= job.delayMs) return job.failure ? 'failed' : 'succeeded';
    return elapsed < job.delayMs / 3 ? 'starting' : 'processing';
  }

  /** When the job finishes (or finished), in ms since the epoch. */
  doneAt(job: EmulatedJob): number {
    return job.canceledAt ?? job.createdAt + job.delayMs;
  }
}

export function isDone(phase: EmulatedPhase): boolean {
  return phase === 'succeeded' || phase === 'failed' || phase === 'canceled';
}

/** The failure a prompt asks for: any prompt containing "fail" fails, with a provider-style reason. */
export function requestedFailure(prompt: unknown): string | undefined {
  return typeof prompt === 'string' && /fail/i.test(prompt) ? 'The output was flagged as sensitive by the safety filter (emulated: the prompt contains "fail").' : undefined;
}
