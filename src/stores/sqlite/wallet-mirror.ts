import type { Nanos } from '../../billing/nanos.ts';
import type { LedgerEntry, WalletBalance } from '../ledger-store.ts';

/** The key under which writes for an account not known yet are tracked (no account id is a NUL). */
const ANY_ACCOUNT = '\u0000';

/**
 * A hold this process knows of. `lapsed`: past its expiry, no longer counted (the ledger releases
 * it). `unwritten`: admitted here and not yet sent to the file; its reservation entry.
 */
type Hold = { id: string; accountId: string; amountNanos: Nanos; expiresAt: number; lapsed: boolean; unwritten?: LedgerEntry };

/** A wallet as the writer thread will find it once every write made so far has run. */
type Mirrored = { balanceNanos: Nanos; reservedNanos: Nanos; holds: Map<string, Hold>; nextLapse: number };

/** What the main connection reads to start mirroring an account: the committed wallet and its active holds. */
export type HeldNow = { wallet: WalletBalance; holds: { id: string; amountNanos: Nanos; expiresAt: number }[] };

/**
 * The main thread's copy of each wallet it uses, so that a reservation the wallet surely covers
 * is admitted at once instead of after a round trip to the writer thread (~0.25 ms, the largest
 * wait of a billed request). It is exact because in SQLite mode this process is the file's only
 * writer and the writer thread runs calls in the order they were made: a wallet read while none of
 * its writes was on the way, plus the holds admitted here and not yet written, plus the effect of
 * every write made since (a hold, a capture, a release of a hold it knows).
 *
 * A write whose effect cannot be known when it is made (a top-up, which may repeat an earlier
 * one; a reservation the ledger decides; a capture of a hold made elsewhere) makes the account
 * unknown until its writes have all been answered, when it is read again. Unknown, or not
 * covered: the ledger decides, as without the mirror. Holds lapse here as in the ledger (they stop
 * counting once past `expiresAt`); the ledger also releases some a little later than the mirror
 * does, which only errs on the side of refusing.
 *
 * An admitted hold stays unwritten until its capture or release, which then writes both in one
 * call (one message and one wallet update instead of two), or until something needs it in the
 * file first (`unwritten`): a read of the account, a decision of the ledger about it, the sweep.
 * A hold is no money, and one lost with the process would have lapsed anyway.
 */
export class WalletMirror {
  readonly #read: (accountId: string) => HeldNow;
  readonly #now: () => number;
  readonly #wallets = new Map<string, Mirrored>();
  /** Every hold this process made or read and has not settled, by reservation id. */
  readonly #holds = new Map<string, Hold>();
  /** The unwritten holds, per account. */
  readonly #unwritten = new Map<string, Map<string, Hold>>();
  /** Writes on their way to the writer thread, per account, and the latest of them. */
  readonly #writing = new Map<string, { count: number; latest: Promise<unknown> }>();
  #disabled = false;

  constructor(read: (accountId: string) => HeldNow, now: () => number) {
    this.#read = read;
    this.#now = now;
  }

  /**
   * Holds a new reservation's amount when the account's wallet is known to cover it (available ≥
   * amount and > 0, as the ledger requires); returns the wallet after the hold, or undefined when
   * the ledger must decide. The reservation is kept unwritten (see `unwritten`, `settling`).
   */
  admit(reservation: LedgerEntry & { expiresAt: number }): WalletBalance | undefined {
    if (this.#disabled) return undefined;
    const { id, accountId, amountNanos, expiresAt } = reservation;
    const wallet = this.#known(accountId);
    if (!wallet) return undefined;
    const available = wallet.balanceNanos - wallet.reservedNanos;
    if (available <= 0n || available < amountNanos) return undefined;
    const hold: Hold = { id, accountId, amountNanos, expiresAt, lapsed: false, unwritten: reservation };
    this.#holds.set(id, hold);
    wallet.holds.set(id, hold);
    let unwritten = this.#unwritten.get(accountId);
    if (!unwritten) this.#unwritten.set(accountId, (unwritten = new Map()));
    unwritten.set(id, hold);
    wallet.reservedNanos += amountNanos;
    wallet.nextLapse = Math.min(wallet.nextLapse, expiresAt);
    return toWallet(wallet);
  }

  /** A reservation the ledger admitted after all: known from now on, counted when the account is next read. */
  admitted(hold: { id: string; accountId: string; amountNanos: Nanos; expiresAt: number }): void {
    if (!this.#holds.has(hold.id)) this.#holds.set(hold.id, { ...hold, lapsed: false });
  }

  /**
   * Takes the account's unwritten reservations (every account's without one), oldest first, for
   * the caller to write now; they count as written from here on.
   */
  unwritten(accountId?: string): LedgerEntry[] {
    const taken: LedgerEntry[] = [];
    for (const [account, holds] of accountId === undefined ? this.#unwritten : [[accountId, this.#unwritten.get(accountId)] as const]) {
      if (!holds) continue;
      for (const hold of holds.values()) {
        taken.push(hold.unwritten!);
        hold.unwritten = undefined;
      }
      this.#unwritten.delete(account);
    }
    return taken;
  }

  /**
   * A capture (`chargeNanos`) or release (undefined) of a hold is about to be written: its effect
   * applied now. Returns the hold's account (undefined for a hold this process does not know,
   * after which no wallet is trusted until read again) and, when the hold was never written, its
   * reservation, to be written together with the settlement.
   */
  settling(reservationId: string, chargeNanos: Nanos | undefined): { accountId?: string; unwritten?: LedgerEntry } {
    const hold = this.#holds.get(reservationId);
    if (!hold) {
      this.#forgetAll();
      return {};
    }
    this.#holds.delete(reservationId);
    const { accountId, unwritten } = hold;
    if (unwritten) {
      const holds = this.#unwritten.get(accountId)!;
      holds.delete(reservationId);
      if (holds.size === 0) this.#unwritten.delete(accountId);
    }
    const wallet = this.#wallets.get(accountId);
    if (!wallet) return { accountId, unwritten };
    if (!wallet.holds.delete(reservationId)) {
      // Known, but not counted in this copy of the wallet: its effect cannot be told.
      this.forget(accountId);
      return { accountId, unwritten };
    }
    if (!hold.lapsed) wallet.reservedNanos -= hold.amountNanos;
    if (chargeNanos !== undefined) wallet.balanceNanos -= chargeNanos;
    return { accountId, unwritten };
  }

  /**
   * The ledger found a wallet short that this copy said covered a hold: something else writes the
   * file (a second gateway process on it, which SQLite mode does not support). From now on the
   * ledger decides every reservation, as it does without a mirror.
   */
  disable(): void {
    if (this.#disabled) return;
    this.#disabled = true;
    this.#forgetAll();
    process.emitWarning('A reservation admitted from the in-memory copy of a wallet was not covered in the SQLite file: another process is writing it. Reservations now wait for the ledger.', { code: 'SWITCHYARD_WALLET_MIRROR' });
  }

  /**
   * The account's wallet can no longer be told (a top-up, a reservation the ledger decides). Its
   * unwritten holds stay known and are counted again when it is next read.
   */
  forget(accountId: string): void {
    this.#wallets.delete(accountId);
  }

  /**
   * Tracks a write for `accountId` (undefined: an account not known yet, which blocks reading
   * any wallet) until it is answered. A failed write may or may not have landed: the account is
   * forgotten. Returns `write`.
   */
  writing<T>(accountId: string | undefined, write: Promise<T>): Promise<T> {
    const key = accountId ?? ANY_ACCOUNT;
    const entry = this.#writing.get(key);
    if (entry) {
      entry.count += 1;
      entry.latest = write;
    } else this.#writing.set(key, { count: 1, latest: write });
    const done = () => {
      const current = this.#writing.get(key)!;
      if (--current.count === 0) this.#writing.delete(key);
    };
    write.then(done, () => {
      if (accountId === undefined) this.#forgetAll();
      else this.forget(accountId);
      done();
    });
    return write;
  }

  /** Resolves once the account's writes made so far are answered, so a read after it sees them. */
  async landed(accountId: string): Promise<void> {
    await this.#writing.get(accountId)?.latest.catch(() => undefined);
  }

  #forgetAll(): void {
    this.#wallets.clear();
  }

  /** The mirrored wallet, read when none of its writes is on the way; holds past their expiry stop counting. */
  #known(accountId: string): Mirrored | undefined {
    let wallet = this.#wallets.get(accountId);
    if (!wallet) {
      if (this.#writing.has(accountId) || this.#writing.has(ANY_ACCOUNT)) return undefined;
      wallet = this.#readWallet(accountId);
      this.#wallets.set(accountId, wallet);
    }
    const now = this.#now();
    if (now >= wallet.nextLapse) {
      let nextLapse = Infinity;
      for (const hold of wallet.holds.values()) {
        if (hold.lapsed) continue;
        if (hold.expiresAt <= now) {
          hold.lapsed = true;
          wallet.reservedNanos -= hold.amountNanos;
        } else nextLapse = Math.min(nextLapse, hold.expiresAt);
      }
      wallet.nextLapse = nextLapse;
    }
    return wallet;
  }

  /** The file's wallet and active holds, plus the holds admitted here that it does not have yet. */
  #readWallet(accountId: string): Mirrored {
    const { wallet, holds } = this.#read(accountId);
    const mirrored: Mirrored = { balanceNanos: wallet.balanceNanos, reservedNanos: wallet.reservedNanos, holds: new Map(), nextLapse: -Infinity };
    for (const row of holds) {
      const hold: Hold = { ...row, accountId, lapsed: false };
      this.#holds.set(row.id, hold);
      mirrored.holds.set(row.id, hold);
    }
    for (const hold of this.#unwritten.get(accountId)?.values() ?? []) {
      hold.lapsed = false;
      mirrored.holds.set(hold.id, hold);
      mirrored.reservedNanos += hold.amountNanos;
    }
    return mirrored;
  }
}

function toWallet(wallet: Mirrored): WalletBalance {
  return { balanceNanos: wallet.balanceNanos, reservedNanos: wallet.reservedNanos, availableNanos: wallet.balanceNanos - wallet.reservedNanos };
}
