import { GatewayError } from '../../core/errors.ts';
import { checkFileLink } from '../../jobs/files/file-links.ts';
import type { Job } from '../../jobs/job.ts';
import { renderJob, type JobView } from '../../jobs/job-view.ts';
import type { Jobs } from '../../jobs/open-jobs.ts';
import { localCaller } from '../../server/auth.ts';
import type { Handler, RequestContext } from '../../server/request-context.ts';
import { sendJson } from '../../server/respond.ts';

/** A job as the caller sees it: files as signed links, or inline `data:` URIs. */
export async function jobView(job: Job, jobs: Jobs, output: 'url' | 'inline'): Promise<JobView> {
  const view = renderJob(job, jobs.link);
  if (output === 'inline' && view.output && job.output) {
    view.output.files = await Promise.all(
      job.output.files.map(async (file, index) => {
        const stored = await jobs.files.get(file.fileId);
        return stored ? { ...view.output!.files[index], url: `data:${stored.mediaType};base64,${Buffer.from(stored.data).toString('base64')}` } : view.output!.files[index];
      }),
    );
  }
  return view;
}

/** The caller's own job, or a 404 (another account's job is indistinguishable from none). */
async function ownJob(ctx: RequestContext, jobs: Jobs): Promise<Job> {
  const job = await jobs.store.get(ctx.params.id);
  const accountId = (ctx.caller ?? localCaller).accountId;
  if (!job || job.accountId !== accountId) throw new GatewayError({ status: 404, code: 'not_found', param: 'id', message: `No job '${ctx.params.id}'.` });
  return job;
}

/** `GET /v1/jobs/{id}` and `POST /v1/jobs/{id}/cancel`. */
export function jobsHandlers(jobs: Jobs): { get: Handler; cancel: Handler } {
  return {
    async get(ctx) {
      const output = ctx.url.searchParams.get('output') === 'inline' ? 'inline' : 'url';
      sendJson(ctx.res, 200, await jobView(await ownJob(ctx, jobs), jobs, output));
    },
    async cancel(ctx) {
      const job = await jobs.runner.cancel(await ownJob(ctx, jobs));
      sendJson(ctx.res, 200, await jobView(job, jobs, 'url'));
    },
  };
}

/**
 * `GET /v1/files/{id}?expires&sig`: public, the signed link is the credential. An expired link
 * is a 403; a wrong signature a 404, as if the file did not exist.
 */
export function filesHandler(jobs: Jobs): Handler {
  return async (ctx) => {
    const id = ctx.params.id;
    const verdict = checkFileLink(id, ctx.url.searchParams.get('expires'), ctx.url.searchParams.get('sig'), jobs.linkSecret, Math.floor(Date.now() / 1000));
    if (verdict === 'expired') throw new GatewayError({ status: 403, code: 'permission', message: 'This file link has expired; fetch the job again for a fresh one.' });
    const file = verdict === 'ok' ? await jobs.files.get(id) : undefined;
    if (!file) throw new GatewayError({ status: 404, code: 'not_found', message: `No file '${id}' at this link.` });
    ctx.res.writeHead(200, { 'content-type': file.mediaType, 'content-length': file.data.byteLength, 'cache-control': 'private, max-age=3600' });
    ctx.res.end(file.data);
  };
}
