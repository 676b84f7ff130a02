'use client';

/** CONTRACT ONLY — implemented by the runner work: a "Run" button that asks for inputs and starts an execution. */
export function RunPipelineButton(_props: { pipelineId: string; disabled?: boolean }) {
  return null;
}
