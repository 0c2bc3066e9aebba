import { z } from 'zod';

/** The config file's `billing` section. */
export const billingConfigSchema = z.strictObject({
  /** Wallet checks on inference. Default: on when an admin key is set (accounts exist), off in local mode. */
  enabled: z.boolean().optional(),
  /** How long an unsettled hold counts against the balance before the sweep releases it, in ms (default 15 minutes). */
  holdTtlMs: z.number().int().positive().optional(),
  /** How often lapsed holds are swept, in ms (default 1 minute). */
  sweepIntervalMs: z.number().int().positive().optional(),
});

export type BillingConfigInput = z.infer<typeof billingConfigSchema>;

/** Billing settings, resolved. */
export type BillingSettings = {
  enabled: boolean;
  holdTtlMs: number;
  sweepIntervalMs: number;
  /** Signs every low-balance webhook when set; otherwise each account gets its own secret. */
  webhookSecret?: string;
};

/**
 * Billing is off by default without an admin key: the single local user tries the gateway
 * without a wallet. With an admin key (accounts and keys), it is on unless `billing.enabled` is false.
 */
export function resolveBillingSettings(config: { adminKey?: string; billing?: BillingConfigInput; webhookSecret?: string }): BillingSettings {
  return {
    enabled: config.billing?.enabled ?? Boolean(config.adminKey),
    holdTtlMs: config.billing?.holdTtlMs ?? 15 * 60_000,
    sweepIntervalMs: config.billing?.sweepIntervalMs ?? 60_000,
    // `SWITCHYARD_WEBHOOK_SECRET` / `webhookSecret`, read by load-config.
    webhookSecret: config.webhookSecret,
  };
}
