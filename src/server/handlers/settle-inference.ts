import type { Billing, BillingHold } from '../../billing/create-billing.ts';
import type { Limits } from '../../limits/create-limits.ts';
import type { CapturedResponse } from '../../observability/capture-response-body.ts';
import type { RequestRecord } from '../../observability/create-observability.ts';
import type { InferenceOutcome } from '../../routing/run-inference.ts';

export type SettleDeps = { billing: Billing; limits: Limits; log?: (line: string) => void };

/**
 * Once an answer has been read to its end: charges its exact cost to the wallet (or, for a
 * request on the account's own provider key, only prices it), counts it against the key's
 * budget and token rate, and writes the request log entry.
 */
export async function settleInference(
  outcome: InferenceOutcome,
  /** `response`: the answer as the client got it, when the key logs bodies; complete once the answer is. */
  context: { hold?: BillingHold; record: RequestRecord; keyId?: string; byokProviders: ReadonlySet<string>; response?: Promise<CapturedResponse> },
  deps: SettleDeps,
): Promise<void> {
  const completion = await outcome.completion;
  const { target, usage } = completion;
  const { hold, record } = context;
  const ownKey = context.byokProviders.has(target.provider.id);
  let costNanos: bigint | null = null;
  try {
    if (usage && hold && !ownKey) {
      costNanos = (await deps.billing.settle(hold, { usage, provider: target.provider.id, model: target.upstreamModel, offer: target.offer })).costNanos;
    } else {
      if (usage) costNanos = deps.billing.costOf(usage, target.offer);
      // Own-key requests are not drawn from the wallet; a stream cut before its provider
      // reported usage cannot be priced and is not charged (docs/billing.md).
      if (hold) await deps.billing.cancel(hold);
    }
    if (usage) await deps.limits.record({ keyId: context.keyId, usage, costNanos });
  } catch (error) {
    deps.log?.(`settlement failed for ${hold?.reservationId ?? 'an unreserved request'}: ${(error as Error).message}`);
  }
  if (completion.firstTokenAt !== undefined) record.firstToken(completion.firstTokenAt);
  const logged = context.response && (await context.response);
  const finished = { attempts: outcome.attempts, target, usage, costNanos: costNanos === null ? null : Number(costNanos), finishReason: completion.finishReason ?? null, cacheStatus: null, responseBody: logged?.body, responseTruncated: logged?.truncated };
  if (completion.error) record.fail(completion.error, outcome.attempts, finished);
  else record.finish(finished);
}
