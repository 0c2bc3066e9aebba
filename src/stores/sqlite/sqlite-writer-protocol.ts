import type { DatabaseSync } from 'node:sqlite';
import { GatewayError } from '../../core/errors.ts';
import { GroupCommit } from './group-commit.ts';
import { SqliteLedgerStore } from './sqlite-ledger-store.ts';
import { SqliteKeyLimitsStore } from './sqlite-key-limits-store.ts';
import { SqliteRequestLogStore } from './sqlite-request-log-store.ts';
import { SqliteStreamStore } from './sqlite-stream-store.ts';

// What the main thread (`SqliteWriter`) and the writer thread (`sqlite-writer-worker.ts`) say
// to each other, and the stores the calls address.

/** The stores a call can address; the same classes serve as the main thread's fallback. */
export type WriterTargets = { ledger: SqliteLedgerStore; keyLimits: SqliteKeyLimitsStore; requestLogs: SqliteRequestLogStore; streams: SqliteStreamStore };
export type WriterTarget = keyof WriterTargets;

export type WriterCall = { seq: number; target: WriterTarget; method: string; args: unknown[] };

/**
 * What the main thread sends: a batch of calls made in one event-loop turn (with its clock), the
 * end, or (the checkpoint thread died) to checkpoint in commits again as SQLite does by default.
 */
export type WriterCommand = { kind: 'calls'; now: number; calls: WriterCall[] } | { kind: 'close' } | { kind: 'auto-checkpoint' };

/** An error as it crosses threads: a GatewayError keeps its status and code. */
export type WriterError = { name: string; message: string; gateway?: ConstructorParameters<typeof GatewayError>[0] };

export type WriterReply = { seq: number; value?: unknown; error?: WriterError };

/** Started with `workerData`; `autoCheckpoint: false` when a `WalCheckpointer` does it instead. */
export type WriterData = { path: string; autoCheckpoint: boolean };

/** The stores on one connection; ledger, key spend and finished streams share one group commit per turn. */
export function writerTargets(db: DatabaseSync, now: () => number): WriterTargets {
  const group = new GroupCommit(db);
  return {
    ledger: new SqliteLedgerStore(db, { now, group }),
    keyLimits: new SqliteKeyLimitsStore(db, { group }),
    requestLogs: new SqliteRequestLogStore(db),
    streams: new SqliteStreamStore(db, { now, group }),
  };
}

/** Runs one call against the stores; its promise settles when the store's does. */
export function runCall(targets: WriterTargets, call: WriterCall): Promise<unknown> {
  const store = targets[call.target] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  try {
    return store[call.method](...call.args);
  } catch (error) {
    return Promise.reject(error);
  }
}

export function toWriterError(error: unknown): WriterError {
  if (error instanceof GatewayError) {
    const { status, code, message, param, provider, upstreamType, retryAfterSeconds } = error;
    return { name: error.name, message, gateway: { status, code, message, param, provider, upstreamType, retryAfterSeconds } };
  }
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  return { name, message };
}

export function fromWriterError(error: WriterError): Error {
  if (error.gateway) return new GatewayError(error.gateway);
  return Object.assign(new Error(error.message), { name: error.name });
}
