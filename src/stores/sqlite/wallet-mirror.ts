import type { Nanos } from '../../billing/nanos.ts';
import type { WalletBalance } from '../ledger-store.ts';

/** The key under which writes for an account not known yet are tracked (no account id is a NUL). */
const ANY_ACCOUNT = '\u0000';

/** A hold this process knows of. `lapsed`: past its expiry, no longer counted (the ledger releases it). */
type Hold = { id: string; accountId: string; amountNanos: Nanos; expiresAt: number; lapsed: boolean };

/** A wallet as the writer thread will find it once every write made so far has run. */
type Mirrored = { balanceNanos: Nanos; reservedNanos: Nanos; holds: Map<string, Hold>; nextLapse: number };

/** What the main connection reads to start mirroring an account: the committed wallet and its active holds. */
export type HeldNow = { wallet: WalletBalance; holds: { id: string; amountNanos: Nanos; expiresAt: number }[] };

/**
 * The main thread's copy of each wallet it uses, so that a reservation the wallet surely covers
 * is admitted at once instead of after a round trip to the writer thread (~0.25 ms, the largest
 * wait of a billed request). It is exact because in SQLite mode this process is the file's only
 * writer and the writer thread runs calls in the order they were made: a wallet read while none of
 * its writes was on the way, plus the effect of every write made since (a hold, a capture, a
 * release of a hold it knows).
 *
 * A write whose effect cannot be known when it is made (a top-up, which may repeat an earlier
 * one; a reservation the ledger decides; a capture of a hold made elsewhere) makes the account
 * unknown until its writes have all been answered, when it is read again. Unknown, or not
 * covered: the ledger decides, as without the mirror. Holds lapse here as in the ledger (they stop
 * counting once past `expiresAt`); the ledger also releases some a little later than the mirror
 * does, which only errs on the side of refusing.
 */
export class WalletMirror {
  readonly #read: (accountId: string) => HeldNow;
  readonly #now: () => number;
  readonly #wallets = new Map<string, Mirrored>();
  /** Every hold this process made or read and has not settled, by reservation id. */
  readonly #holds = new Map<string, Hold>();
  /** Writes on their way to the writer thread, per account, and the latest of them. */
  readonly #writing = new Map<string, { count: number; latest: Promise<unknown> }>();
  #disabled = false;

  constructor(read: (accountId: string) => HeldNow, now: () => number) {
    this.#read = read;
    this.#now = now;
  }

  /**
   * Holds `amountNanos` for the new reservation `id` when the account's wallet is known to cover
   * it (available ≥ amount and > 0, as the ledger requires); returns the wallet after the hold, or
   * undefined when the ledger must decide. The caller then writes the reservation (`writing`).
   */
  admit(hold: { id: string; accountId: string; amountNanos: Nanos; expiresAt: number }): WalletBalance | undefined {
    if (this.#disabled) return undefined;
    const wallet = this.#known(hold.accountId);
    if (!wallet) return undefined;
    const available = wallet.balanceNanos - wallet.reservedNanos;
    if (available <= 0n || available < hold.amountNanos) return undefined;
    const known: Hold = { ...hold, lapsed: false };
    this.#holds.set(hold.id, known);
    wallet.holds.set(hold.id, known);
    wallet.reservedNanos += hold.amountNanos;
    wallet.nextLapse = Math.min(wallet.nextLapse, hold.expiresAt);
    return toWallet(wallet);
  }

  /** A reservation the ledger admitted after all: known from now on, counted when the account is next read. */
  admitted(hold: { id: string; accountId: string; amountNanos: Nanos; expiresAt: number }): void {
    if (!this.#holds.has(hold.id)) this.#holds.set(hold.id, { ...hold, lapsed: false });
  }

  /**
   * A capture (`chargeNanos`) or release (undefined) of a hold is about to be written: its effect
   * applied now. Returns the hold's account, or undefined for a hold this process does not know,
   * after which no wallet is trusted until read again.
   */
  settling(reservationId: string, chargeNanos: Nanos | undefined): string | undefined {
    const hold = this.#holds.get(reservationId);
    if (!hold) {
      this.#wallets.clear();
      return undefined;
    }
    this.#holds.delete(reservationId);
    const wallet = this.#wallets.get(hold.accountId);
    if (!wallet) return hold.accountId;
    if (!wallet.holds.delete(reservationId)) {
      // Known, but not counted in this copy of the wallet: its effect cannot be told.
      this.#wallets.delete(hold.accountId);
      return hold.accountId;
    }
    if (!hold.lapsed) wallet.reservedNanos -= hold.amountNanos;
    if (chargeNanos !== undefined) wallet.balanceNanos -= chargeNanos;
    return hold.accountId;
  }

  /**
   * The ledger found a wallet short that this copy said covered a hold: something else writes the
   * file (a second gateway process on it, which SQLite mode does not support). From now on the
   * ledger decides every reservation, as it does without a mirror.
   */
  disable(): void {
    if (this.#disabled) return;
    this.#disabled = true;
    this.#wallets.clear();
    process.emitWarning('A reservation admitted from the in-memory copy of a wallet was not covered in the SQLite file: another process is writing it. Reservations now wait for the ledger.', { code: 'SWITCHYARD_WALLET_MIRROR' });
  }

  /** The account's wallet can no longer be told (a top-up, a reservation the ledger decides). */
  forget(accountId: string): void {
    this.#wallets.delete(accountId);
  }

  /**
   * Tracks a write for `accountId` (undefined: an account not known yet, which blocks reading
   * any wallet) until it is answered. A failed write may or may not have landed: the account is
   * forgotten. Returns `write`.
   */
  writing<T>(accountId: string | undefined, write: Promise<T>): Promise<T> {
    accountId ??= ANY_ACCOUNT;
    const entry = this.#writing.get(accountId);
    if (entry) {
      entry.count += 1;
      entry.latest = write;
    } else this.#writing.set(accountId, { count: 1, latest: write });
    const done = () => {
      const current = this.#writing.get(accountId)!;
      if (--current.count === 0) this.#writing.delete(accountId);
    };
    write.then(done, () => {
      if (accountId === ANY_ACCOUNT) this.#wallets.clear();
      else this.forget(accountId);
      done();
    });
    return write;
  }

  /** Resolves once the account's writes made so far are answered, so a read after it sees them. */
  async landed(accountId: string): Promise<void> {
    await this.#writing.get(accountId)?.latest.catch(() => undefined);
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

  #readWallet(accountId: string): Mirrored {
    const { wallet, holds } = this.#read(accountId);
    const mirrored: Mirrored = { balanceNanos: wallet.balanceNanos, reservedNanos: wallet.reservedNanos, holds: new Map(), nextLapse: -Infinity };
    for (const row of holds) {
      const hold: Hold = { ...row, accountId, lapsed: false };
      this.#holds.set(row.id, hold);
      mirrored.holds.set(row.id, hold);
    }
    return mirrored;
  }
}

function toWallet(wallet: Mirrored): WalletBalance {
  return { balanceNanos: wallet.balanceNanos, reservedNanos: wallet.reservedNanos, availableNanos: wallet.balanceNanos - wallet.reservedNanos };
}
