export {
  createExecution,
  mergeInputs,
  type CreateExecutionArgs,
  type RunnablePipeline,
} from './create';
export { listExecutions, getExecution, getTaskLog, requireExecution } from './query';
export { cancelExecution, rerunExecution } from './actions';
export { decideApproval, type ApprovalDecision } from './approvals';
export { runPipeline } from './run';
