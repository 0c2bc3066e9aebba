/**
 * Switchyard as a library. The gateway itself runs as `switchyard serve`; what agents import
 * from the package lives here.
 */
export { createResumableFetch, resumableFetch, type ResumableFetchOptions } from './client/resumable-fetch.ts';
export { Switchyard, SwitchyardError, type SwitchyardJob, type RunOptions, type WaitOptions } from './client/switchyard.ts';
export type { ModelInputs, InputFor } from './client/model-inputs.ts';
